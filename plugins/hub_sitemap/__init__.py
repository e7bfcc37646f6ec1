"""Write sitemap.xml once every generator has written its pages."""

from pathlib import Path

from pelican import signals

from hub_incremental.leftovers import settle

from .sitemap import page_urls, render


def _write(pelican):
    output = Path(pelican.output_path)
    settle(pelican.settings)  # the sitemap lists the pages it finds in the output
    text = render(pelican.settings["HUB_SITEURL"], page_urls(output, pelican.settings.get("HUB_MEMO")))
    (output / "sitemap.xml").write_text(text, encoding="utf-8")


def register():
    signals.finalized.connect(_write)
