"""Pelican reader for our Markdown files: YAML front matter, validated models, then Markdown.

Why not Pelican's MarkdownReader: it appends the ``meta`` extension, which would
read a first body line such as ``本报讯: …`` as metadata, and it accepts any
key silently. This reader validates the front matter into ArticleMeta/PageMeta
first and gives Pelican ready objects: categories, tags and authors carry the
slugs chosen in ``content/taxonomy.yml`` (see taxonomy.py for why).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from markdown import Markdown
from markupsafe import escape
from pelican.contents import Author, Category, Tag
from pelican.readers import BaseReader

from .article import ArticleMeta, PageMeta
from .errors import ContentError, Problem, display_path
from .problems import problem_log
from .source import document_from_bytes
from .taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class HubReader(BaseReader):
    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self._taxonomy: Taxonomy | None = None
        self._md: Markdown | None = None
        # path -> (digest of the bytes, (html, model) or None, problems): filled by prepass.py
        self.preread: dict[str, tuple[str, tuple | None, list[Problem] | None]] = {}
        self.prefetched: dict[str, str] = {}  # path -> key of a result the memo holds, from prepass.py
        self._content_root = Path(settings["PATH"]).resolve()

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

    def parse(self, data: bytes, path: Path, shown: str) -> tuple[str, ArticleMeta | PageMeta]:
        """HTML and validated model of one file: a pure function of its bytes, path, settings and taxonomy."""
        doc = document_from_bytes(data, shown)
        model = PageMeta.from_document(doc) if self._is_page(path) else ArticleMeta.from_document(doc, self.taxonomy)
        return self._markdown(doc.body), model

    def _read(self, path: Path, shown: str):
        # HUB_MEMO (hub_incremental): the same bytes under the same site fingerprint read the same.
        memo = self.settings.get("HUB_MEMO")
        if memo is None:
            data = path.read_bytes()
            result = self._take_preread(path, data) or self.parse(data, path, shown)
        else:
            # A story the memo knows is not even read: its key comes from the pre-read, or from
            # the file's stamp (Memo.file_key), and the key is all a hit needs.
            key, data = self.prefetched.pop(str(path), None), None
            if key is None:
                key, data = memo.file_key(str(path), shown)
            result = memo.get(key)
            if result is None and data is None:  # known by its stamp, yet not in the memo: key what is read
                data = path.read_bytes()
                key = memo.key(data, shown)
                result = memo.get(key)
            if result is None:
                result = self._take_preread(path, data) or self.parse(data, path, shown)
                memo.put(key, result)
            memo.made(result[0], key, "html")
        html, model = result
        if isinstance(model, PageMeta):
            return html, {
                "title": model.title, "slug": model.slug, "status": model.status,
                **({"summary": escape(model.summary)} if model.summary else {}),
            }
        return html, self._article_metadata(model)

    def _take_preread(self, path: Path, data: bytes):
        entry = self.preread.pop(str(path), None)
        if entry is None or entry[0] != content_digest(data):  # absent, or the file changed since
            return None
        _, result, problems = entry
        if problems:
            raise ContentError(problems)
        return result

    def _is_page(self, path: Path) -> bool:
        rel = path.resolve().relative_to(self._content_root).parts
        return bool(rel) and rel[0] in self.settings["PAGE_PATHS"]

    def _markdown(self, body: str) -> str:
        # One Markdown instance per reader, reset between files: building one loads every
        # extension and costs as much as converting a 2,000-character story.
        if self._md is None:
            self._md = Markdown(**{k: v for k, v in self.settings["MARKDOWN"].items() if k != "extension_configs"},
                                extension_configs=self.settings["MARKDOWN"].get("extension_configs", {}))
        return self._md.reset().convert(body)

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
