"""Write the fingerprinted CSS bundle and JS files; expose their URLs to templates."""

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .bundle import bundle_css, fingerprint


class AssetsGenerator(Generator):
    """Builds assets in generate_context so every template already knows their names."""

    def generate_context(self):
        static = Path(self.theme) / "static"
        css = bundle_css(static / "css", self.settings["HUB_CSS_BUNDLE"]).encode()
        self.files = {f"theme/css/site.{fingerprint(css)}.css": css}
        self.context["CSS_FILE"] = next(iter(self.files))
        js_urls = {}
        for name in self.settings.get("HUB_JS_FILES", []):
            data = (static / "js" / name).read_bytes()
            stem, _, ext = name.rpartition(".")
            rel = f"theme/js/{stem}.{fingerprint(data)}.{ext}"
            self.files[rel] = data
            js_urls[name] = rel
        self.context["JS_FILES"] = js_urls
        for name in ("favicon.svg",):
            if (static / name).exists():
                self.files[f"theme/{name}"] = (static / name).read_bytes()

    def generate_output(self, writer):
        for rel, data in self.files.items():
            target = Path(self.output_path) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _generators(pelican):
    return AssetsGenerator


def register():
    signals.get_generators.connect(_generators)
