"""Write sitemap.xml once every generator has written its pages."""

from pathlib import Path

from pelican import signals

from hub_content.filetree import FINISHED_PAGES, finished_pages
from hub_incremental.leftovers import settle

from .sitemap import page_urls, render


def _write(pelican):
    output = Path(pelican.output_path)
    settle(pelican.settings)  # the sitemap lists the pages it finds in the output
    # Taken afresh on every run, after Pelican's last page; hub_elder's finish takes it over.
    pages = pelican.settings[FINISHED_PAGES] = finished_pages(output)
    text = render(pelican.settings["HUB_SITEURL"], page_urls(output, pelican.settings.get("HUB_MEMO"), pages))
    (output / "sitemap.xml").write_text(text, encoding="utf-8")


def register():
    signals.finalized.connect(_write)
