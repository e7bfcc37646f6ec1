"""Links and pictures in a body must point at files that exist, written so they work on every page.

Pelican resolves ``{filename}path`` (another content file) and ``{static}path``
(a picture under content/images) while building, relative to the content folder
when the path starts with '/', else to the linking file's folder. A missing
target only shows up as a warning deep in the build log; here it is a line.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from .body import markdown_links, raw_tags
from .errors import Problem
from .frontmatter import Document

_PLACEHOLDER = re.compile(r"^(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)(.*)$")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.\-]*:|^//", re.I)
STATIC_HINT = "save the picture in content/images/ and write ![一句话描述]({static}/images/name.jpg)"


def _target(url: str, content: Path, source: Path) -> tuple[str, Path] | None:
    """(kind, file) a placeholder URL points at, or None for other URLs."""
    m = _PLACEHOLDER.match(url)
    if not m:
        return None
    kind, rest = m.group(1) or m.group(2), m.group(3)
    rel = rest.split("#", 1)[0].split("?", 1)[0]
    base = content if rel.startswith("/") else source.parent
    return kind, base / PurePosixPath(rel.lstrip("/"))


def _check(url: str, image: bool, line: int, snippet: str, doc: Document, content: Path, source: Path) -> list[Problem]:
    def problem(why: str, fix: str) -> list[Problem]:
        return [Problem(doc.path, line, "body", f"{why}: {snippet}", fix)]

    target = _target(url, content, source)
    if target:
        kind, path = target
        if not path.is_file():
            shown = path.relative_to(content).as_posix() if path.is_relative_to(content) else str(path)
            what = "picture" if image or kind != "filename" else "file"
            return problem(f"the {what} content/{shown} does not exist",
                           "check the name and folder; paths starting with '/' are inside content/")
        return []
    if image:
        if not url.strip():
            return problem("the picture has no address", STATIC_HINT)
        if re.match(r"^https?:|^//", url, re.I):
            return problem("pictures from other websites are not shown (the site only loads its own files)", STATIC_HINT)
        if url and not _EXTERNAL.match(url):
            return problem("a picture path without {static} breaks on story pages", STATIC_HINT)
    elif url.startswith("/") and not url.startswith("//"):
        return problem("a link starting with '/' breaks when the site lives in a sub-folder",
                       "link to the file instead: [文字]({filename}/articles/2025/2025-08-20_slug.md)")
    return []


def reference_problems(doc: Document, content: Path, source: Path) -> list[Problem]:
    """Problems with the links and pictures of ``doc`` (read from ``source`` under ``content``)."""
    problems: list[Problem] = []
    for link in markdown_links(doc):
        problems += _check(link.url, link.image, link.line, link.snippet, doc, content, source)
        if link.image and not link.text.strip():
            problems.append(Problem(doc.path, link.line, "body", f"the picture has no description: {link.snippet}",
                                    "describe it for blind readers between the brackets: ![一句话描述](…)"))
    for raw in raw_tags(doc):
        attrs = dict(raw.attrs)
        for name in ("src", "href"):
            if attrs.get(name):
                problems += _check(attrs[name] or "", raw.tag == "img", raw.line, raw.snippet, doc, content, source)
    return problems
