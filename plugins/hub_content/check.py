"""Validate articles and pages without building: every problem of every file in one run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .article import ArticleMeta, PageMeta
from .errors import ContentError, Problem, display_path
from .frontmatter import parse_document
from .reader import read_text
from .site_checks import duplicate_urls
from .taxonomy import Taxonomy, slug_collisions


def _documents(folder: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(folder.rglob("*.md")):
        if path.name != "README.md":
            yield path, display_path(path)


def check_articles(content: Path, taxonomy: Taxonomy) -> tuple[list[Problem], list[ArticleMeta]]:
    problems: list[Problem] = []
    found: list[ArticleMeta] = []
    for path, shown in _documents(content / "articles"):
        try:
            found.append(ArticleMeta.from_document(parse_document(read_text(path, shown), shown), taxonomy))
        except ContentError as exc:
            problems += exc.problems
    urls = [(f"articles/{a.date:%Y}/{a.slug}/", a.path) for a in found]
    problems += duplicate_urls(urls)
    names: dict[str, dict[str, str]] = {"tags": {}, "authors": {}}
    for a in found:
        for t in a.tags:
            names["tags"].setdefault(t, a.path)
        for n in a.authors:
            names["authors"].setdefault(n, a.path)
    for kind, table in names.items():
        problems += slug_collisions(kind, table, taxonomy)
    return problems, found


def check_pages(content: Path) -> list[Problem]:
    problems: list[Problem] = []
    found: list[PageMeta] = []
    for path, shown in _documents(content / "pages"):
        try:
            found.append(PageMeta.from_document(parse_document(read_text(path, shown), shown)))
        except ContentError as exc:
            problems += exc.problems
    return problems + duplicate_urls([(f"{p.slug}/", p.path) for p in found])
