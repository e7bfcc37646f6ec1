"""Validate articles and pages without building: every problem of every file in one run."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path

from .article import ArticleMeta, PageMeta
from .errors import ContentError, Problem, display_path
from .frontmatter import Document
from .source import read_source
from .taxonomy import Taxonomy, slug_collisions

# First path segments the site itself writes: a page slug equal to one would overwrite a section.
RESERVED_SLUGS = frozenset({"articles", "drafts", "category", "tag", "author", "archives", "feeds", "theme",
                            "images", "routes", "events", "search", "page", "pagefind", "404"})

BodyCheck = Callable[[Document, Path, Path], list[Problem]]


def documents(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every Markdown content file under ``folder`` with the path editors see."""
    for path in sorted(folder.rglob("*.md")):
        if path.name != "README.md":
            yield path, display_path(path)


def check_sources(content: Path, body_checks: list[BodyCheck]) -> list[Problem]:
    """File-level problems (encoding, size, tabs, front matter) and body problems of every content type."""
    problems: list[Problem] = []
    for path, shown in documents(content):
        try:
            doc = read_source(path, shown)
        except ContentError as exc:
            problems += exc.problems
            continue
        for check in body_checks:
            problems += check(doc, content, path)
    return problems


NOT_READ = frozenset({".html", ".htm", ".rst", ".markdown", ".mdown", ".mkd", ".txt", ".docx", ".doc", ".wps"})


def stray_files(content: Path) -> list[Problem]:
    """Text files the site does not read: an editor's story saved as .txt or .docx would silently vanish.

    images/ and extra/ are copied as they are (robots.txt, CNAME), so they are not looked at.
    """
    return [Problem(display_path(path), None, "file", f"is a {path.suffix} file, which the site does not read",
                    "save the story as Markdown with the extension .md")
            for path in sorted(content.rglob("*"))
            if path.is_file() and path.suffix.lower() in NOT_READ
            and path.relative_to(content).parts[0] not in ("images", "extra")]


def body_tabs(doc: Document, content: Path, source: Path) -> list[Problem]:
    """A tab at the start of a body line makes Markdown show the paragraph as code."""
    problems, fenced = [], False
    for offset, line in enumerate(doc.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("\t") and line.strip():
            problems.append(Problem(doc.path, doc.body_line + offset, "body",
                                    "the line starts with a tab, which shows the paragraph as code",
                                    "remove the tab: paragraphs need no indent, just an empty line between them"))
    return problems


def check_articles(content: Path, taxonomy: Taxonomy) -> tuple[list[Problem], list[ArticleMeta]]:
    problems: list[Problem] = []
    found: list[tuple[ArticleMeta, Document]] = []
    for path, shown in documents(content / "articles"):
        try:
            doc = read_source(path, shown)
            found.append((ArticleMeta.from_document(doc, taxonomy), doc))
        except ContentError as exc:
            problems += exc.problems
    problems += _unique_slugs([(a.slug, doc) for a, doc in found], "story")
    problems += _unknown_tags(found, taxonomy)
    names: dict[str, dict[str, str]] = {"tags": {}, "authors": {}}
    for a, _ in found:
        for t in a.tags:
            names["tags"].setdefault(t, a.path)
        for n in a.authors:
            names["authors"].setdefault(n, a.path)
    for kind, table in names.items():
        problems += slug_collisions(kind, table, taxonomy)
    return problems, [a for a, _ in found]


def _unique_slugs(items: list[tuple[str, Document]], what: str) -> list[Problem]:
    """One slug, one item, across every year: a slug reused in 2026 would still confuse links and readers."""
    first: dict[str, str] = {}
    problems = []
    for slug, doc in sorted(items, key=lambda x: x[1].path):
        if slug in first:
            problems.append(doc.problem("slug", f"{slug!r} is already the slug of {first[slug]}",
                                        f"choose another slug: each {what} needs its own"))
        else:
            first[slug] = doc.path
    return problems


def _unknown_tags(found: list[tuple[ArticleMeta, Document]], taxonomy: Taxonomy) -> list[Problem]:
    """Tags must be listed in taxonomy.yml or declared once in some story's `new_tags`.

    A tag page is created for every spelling, so a typo (锦城花园 for 锦程花园) would
    silently split a community's stories over two pages. Declaring a new tag is one
    line in the story that first uses it; every later story may then use it.
    """
    known = set(taxonomy.chosen.get("tags", {}))
    for a, _ in found:
        known.update(a.new_tags)
    problems = []
    for a, doc in found:
        for i, tag in enumerate(a.tags):
            if tag in known:
                continue
            close = difflib.get_close_matches(tag, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            problems.append(doc.problem(
                f"tags.{i}", f"{tag!r} is not a known tag",
                f"{hint}if it is a new tag, add 'new_tags: [{tag}]' to this story (or list it under 'tags:' in {taxonomy.path})"))
    return problems


def declared_tags(articles: list[ArticleMeta], taxonomy: Taxonomy) -> dict[str, str]:
    """Tags declared with `new_tags` and not (yet) in taxonomy.yml, with the slug each will get."""
    listed = taxonomy.chosen.get("tags", {})
    return {t: taxonomy.slug("tags", t) for a in articles for t in a.new_tags if t not in listed}


def check_pages(content: Path) -> list[Problem]:
    problems: list[Problem] = []
    found: list[tuple[PageMeta, Document]] = []
    for path, shown in documents(content / "pages"):
        try:
            doc = read_source(path, shown)
            found.append((PageMeta.from_document(doc), doc))
        except ContentError as exc:
            problems += exc.problems
    for page, doc in found:
        if page.slug in RESERVED_SLUGS:
            problems.append(doc.problem("slug", f"{page.slug!r} is the address of a section of the site",
                                        "choose another slug, e.g. about-" + page.slug))
    return problems + _unique_slugs([(p.slug, doc) for p, doc in found], "page")
