"""The 长辈版 (elder mode) twin of a page: the page again under elder/, with <html class="elder">.

Why a mirror: elder mode must work with JavaScript off and without a server. A class on <html>
switches the styles (theme/static/css/elder.css); the mirror puts that class in the HTML itself,
and because page links are relative, a reader who enters elder/ stays in elder/ from link to link.
Assets, feeds and the search bundle are not copied: links to them get one more ``../`` so they
reach the one shared file. Canonical URLs stay absolute, so search engines see one page.

Plain regular expressions rather than a parser, on purpose: the input is our own templates'
output (attributes always double-quoted), and the mirror must keep every other byte as it was.

A page's twin depends on that page alone: a relative link stays inside elder/ when it names a
page (a folder, or an .html file) that the mirror holds, else it gets one more ``../``. So each
twin can be written as soon as its page is (hub_elder/pipeline.py), and a link to a page that
does not exist is broken in both, where the link check finds it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

MIRROR = "elder"
SKIP = ("404.html",)  # served for any missing address with absolute links; one is enough
NOT_MIRRORED = (MIRROR, "pagefind")  # the mirror itself; the search bundle (shared, not pages)
_ATTR = re.compile(r'(\s(?:href|src|action|data-bundle|data-root)=")([^"]*)(")')
_HTML_TAG = re.compile(r"<html\b([^>]*)>")
_TOGGLE = re.compile(r"<a\b[^>]*\bdata-elder-toggle\b[^>]*>.*?</a>", re.S)
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?)")


def _target(page: str, url: str) -> str:
    """The site-relative file a relative ``url`` on ``page`` points to ('' + '/' forms → index.html)."""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path or "."))
    if path == "" or path.endswith("/") or path in (".", "..") or path.endswith("/.."):
        joined = posixpath.join(joined, "index.html")
    return posixpath.normpath(joined)


def mirrored(rel: str) -> bool:
    """Whether the site-relative file ``rel`` gets an elder twin."""
    return rel.endswith(".html") and rel not in SKIP and rel.split("/", 1)[0] not in NOT_MIRRORED


def rewrite(html: str, page: str) -> str:
    """The elder/ version of ``page`` (site-relative path)."""

    def fix(match: re.Match) -> str:
        url = match.group(2)
        if not url or _ABSOLUTE.match(url) or mirrored(_target(page, url)):
            return match.group(0)
        return match.group(1) + "../" + url.removeprefix("./") + match.group(3)

    html = _ATTR.sub(fix, html)
    html = _HTML_TAG.sub(lambda m: f'<html{m.group(1)} class="elder">' if "class=" not in m.group(1) else m.group(0),
                         html, count=1)
    depth = page.count("/")
    back = "../" * (depth + 1) + (page[: -len("index.html")] if page.endswith("index.html") else page)
    toggle = f'<a class="elder-toggle" href="{back or "./"}" data-elder-toggle>标准版</a>'
    return _TOGGLE.sub(lambda _m: toggle, html, count=1)


def mirror_key() -> str:
    """Changes whenever a twin could come out differently for the same page: this module's code."""
    return hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()
