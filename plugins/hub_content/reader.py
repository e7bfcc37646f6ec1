"""Pelican reader for our Markdown files: YAML front matter, validated models, then Markdown.

Why not Pelican's MarkdownReader: it appends the ``meta`` extension, which would
read a first body line such as ``本报讯: …`` as metadata, and it accepts any
key silently. This reader validates the front matter into ArticleMeta/PageMeta
first and gives Pelican ready objects: categories, tags and authors carry the
slugs chosen in ``content/taxonomy.yml`` (see taxonomy.py for why).
"""

from __future__ import annotations

import logging
from pathlib import Path

from markdown import Markdown
from markupsafe import escape
from pelican.contents import Author, Category, Tag
from pelican.readers import BaseReader

from .article import ArticleMeta, PageMeta
from .errors import ContentError, display_path
from .problems import problem_log
from .source import decode, read_bytes, read_source
from .taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)


def read_text(path: Path, shown: str) -> str:
    """The file's text (kept for callers that parse it themselves; prefer source.read_source)."""
    return decode(read_bytes(path, shown), shown)


class HubReader(BaseReader):
    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self._taxonomy: Taxonomy | None = None

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy(Path(self.settings["HUB_TAXONOMY"]))
        return self._taxonomy

    def read(self, source_path):
        shown = display_path(source_path)
        try:
            return self._read(Path(source_path), shown)
        except ContentError as exc:
            for problem in exc.problems:
                logger.error("%s", problem)
            problem_log(self.settings).extend(exc.problems)
            raise

    def _read(self, path: Path, shown: str):
        doc = read_source(path, shown)
        if self._is_page(path):
            page = PageMeta.from_document(doc)
            return self._markdown(doc.body), {
                "title": page.title, "slug": page.slug, "status": page.status,
                **({"summary": escape(page.summary)} if page.summary else {}),
            }
        art = ArticleMeta.from_document(doc, self.taxonomy)
        return self._markdown(doc.body), self._article_metadata(art)

    def _is_page(self, path: Path) -> bool:
        content = Path(self.settings["PATH"]).resolve()
        rel = path.resolve().relative_to(content).parts
        return bool(rel) and rel[0] in self.settings["PAGE_PATHS"]

    def _markdown(self, body: str) -> str:
        md = Markdown(**{k: v for k, v in self.settings["MARKDOWN"].items() if k != "extension_configs"},
                      extension_configs=self.settings["MARKDOWN"].get("extension_configs", {}))
        return md.convert(body)

    def _article_metadata(self, art: ArticleMeta) -> dict:
        tax, settings = self.taxonomy, self.settings

        def named(cls, kind: str, name: str):
            obj = cls(name, settings)
            obj.slug = tax.slug(kind, name)
            return obj

        meta = {
            "title": art.title,
            "date": art.date,
            "slug": art.slug,
            "status": art.status,
            "category": named(Category, "categories", art.category),
            "authors": [named(Author, "authors", a) for a in art.authors],
            "tags": [named(Tag, "tags", t) for t in art.tags],
            "correspondents": list(art.correspondents),
            "photographers": list(art.photographers),
            "meta_model": art,
        }
        for key in ("kicker", "subtitle", "modified", "source"):
            if getattr(art, key):
                meta[key] = getattr(art, key)
        if art.summary:
            meta["summary"] = escape(art.summary)
        return meta
