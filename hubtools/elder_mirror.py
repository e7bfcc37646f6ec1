"""Write the 长辈版 (elder mode) mirror: every page again under elder/, with <html class="elder">.

Why a mirror: elder mode must work with JavaScript off and without a server. A class on <html>
switches the styles (theme/static/css/elder.css); the mirror puts that class in the HTML itself,
and because page links are relative, a reader who enters elder/ stays in elder/ from link to link.
Assets, feeds and the search bundle are not copied: links to them get one more ``../`` so they
reach the one shared file. Canonical URLs stay absolute, so search engines see one page.

Plain regular expressions rather than a parser, on purpose: the input is our own templates'
output (attributes always double-quoted), and the mirror must keep every other byte as it was.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

MIRROR = "elder"
SKIP = ("404.html",)  # served for any missing address with absolute links; one is enough
_ATTR = re.compile(r'(\s(?:href|src|action|data-bundle|data-root)=")([^"]*)(")')
_HTML_TAG = re.compile(r"<html\b([^>]*)>")
_TOGGLE = re.compile(r"<a\b[^>]*\bdata-elder-toggle\b[^>]*>.*?</a>", re.S)
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?)")


def pages(site: Path) -> list[str]:
    """Site-relative paths of the pages to mirror."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/")[0] not in (MIRROR, "pagefind") and rel not in SKIP:
            out.append(rel)
    return out


def _target(page: str, url: str) -> str:
    """The site-relative file a relative ``url`` on ``page`` points to ('' + '/' forms → index.html)."""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path or "."))
    if path == "" or path.endswith("/") or path in (".", "..") or path.endswith("/.."):
        joined = posixpath.join(joined, "index.html")
    return posixpath.normpath(joined)


def rewrite(html: str, page: str, mirrored: set[str]) -> str:
    """The elder/ version of ``page`` (site-relative path) given the set of mirrored pages."""

    def fix(match: re.Match) -> str:
        url = match.group(2)
        if not url or _ABSOLUTE.match(url) or _target(page, url) in mirrored:
            return match.group(0)
        return match.group(1) + "../" + url.removeprefix("./") + match.group(3)

    html = _ATTR.sub(fix, html)
    html = _HTML_TAG.sub(lambda m: f'<html{m.group(1)} class="elder">' if "class=" not in m.group(1) else m.group(0),
                         html, count=1)
    depth = page.count("/")
    back = "../" * (depth + 1) + (page[: -len("index.html")] if page.endswith("index.html") else page)
    toggle = f'<a class="elder-toggle" href="{back or "./"}" data-elder-toggle>标准版</a>'
    return _TOGGLE.sub(lambda _m: toggle, html, count=1)


def write_mirror(site: Path) -> int:
    """Write site/elder/…; return the number of pages written."""
    rels = pages(site)
    mirrored = set(rels)
    for rel in rels:
        target = site / MIRROR / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rewrite((site / rel).read_text(encoding="utf-8"), rel, mirrored), encoding="utf-8")
    return len(rels)
