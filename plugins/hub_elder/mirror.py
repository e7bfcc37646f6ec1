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
from dataclasses import dataclass, field
from pathlib import Path

MIRROR = "elder"
SKIP = ("404.html",)  # served for any missing address with absolute links; one is enough
NOT_MIRRORED = (MIRROR, "pagefind")  # the mirror itself; the search bundle (shared, not pages)
_ATTR = re.compile(r'(\s(?:href|src|action|data-bundle|data-root)=")([^"]*)(")')
_HTML_TAG = re.compile(r"<html\b([^>]*)>")
TOGGLE_ATTR = "data-elder-toggle"  # the attribute that marks the toggle link (theme/templates)
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


def elder_url(page: str, url: str) -> str:
    """``url`` (a relative link on ``page``) as the twin has it: the same when it names a page
    the mirror holds (or is absolute, a fragment, a query, empty), else one step further up."""
    if not url or _ABSOLUTE.match(url) or mirrored(_target(page, url)):
        return url
    return "../" + url.removeprefix("./")


# elder_url, decided once per link (see page_links): the navigation, tag, author, listing and
# asset links repeat on every page of a folder depth, and deciding each (a split, a join, two
# normpaths) was half of the rewrite (3,976 pages at N=2,000: 1.0 s, 0.4-0.6 s with the memo).
# A pure function's memo, bounded (cleared when full): nothing of a run depends on it.
_DECIDED: dict[tuple[int | str, str], str] = {}
_DECIDED_MAX = 1 << 17  # ~15,000 links at N=2,000; ~75,000 expected at N=10,000


def _plain_folder(folder: str) -> bool:
    """Whether ``folder`` is made of names only (no empty, '.' or '..' parts): then it has
    ``folder.count("/") + 1`` levels, and that many ``../`` lead out of it to the site's top."""
    # Conservative and cheap: a name that starts with "." (".well-known") counts as not plain too.
    return folder == "" or not (folder.startswith((".", "/")) or folder.endswith("/") or "//" in folder or "/." in folder)


def page_links(page: str):
    """elder_url for the links of one ``page``, memoised.

    The decision depends on the page's folder and the url. A url that starts with one ``../``
    per folder level (``page.count("/")`` of them) climbs out of the folder first, so its
    target, and the decision, is the same from every folder at that depth: those are keyed by
    the depth, and one decision serves every story. Any other url (``./x``, ``../x`` from two
    levels down, which lands in a sibling folder that differs from page to page) is keyed by
    the folder itself.
    """
    folder = posixpath.dirname(page)
    depth = page.count("/")
    up = "../" * depth if _plain_folder(folder) else None
    decided = _DECIDED

    def link(url: str) -> str:
        if up is not None and url.startswith(up):
            key = (depth, url)
        elif not url or _ABSOLUTE.match(url):
            return url  # the same on every page: no need to fill the memo with each page's own
        else:
            key = (folder, url)
        value = decided.get(key)
        if value is None:
            value = elder_url(page, url)
            if len(decided) >= _DECIDED_MAX:
                decided.clear()
            decided[key] = value
        return value

    return link


def toggle_href(page: str) -> str:
    """Where the twin's toggle leads: back to the standard ``page``."""
    depth = page.count("/")
    back = "../" * (depth + 1) + (page[: -len("index.html")] if page.endswith("index.html") else page)
    return back or "./"


@dataclass
class Trace:
    """What rewrite did to the URL attributes of a page (hub_elder/twinscan.py derives the twin's
    link scan from it)."""

    edits: list[int] = field(default_factory=list)  # where each changed attribute starts (its whitespace)
    changed: dict[str, str] = field(default_factory=dict)  # each changed value -> its value in the twin
    named: int = 0  # matches of _ATTR named href, src or action (the others: data-bundle, data-root)
    entities: bool = False  # a value that is not absolute holds "&": the parser may read it otherwise


def rewrite(html: str, page: str) -> str:
    """The elder/ version of ``page`` (site-relative path)."""
    return rewrite_traced(html, page)[0]


def rewrite_traced(html: str, page: str) -> tuple[str, Trace]:
    """rewrite, and what it changed in the URL attributes."""
    link = page_links(page)
    trace = Trace()
    data = []  # data-bundle/data-root matches (rare: counted apart, so the common case adds nothing)

    def fix(match: re.Match) -> str:
        url = match.group(2)
        if "&" in url and not _ABSOLUTE.match(url):
            trace.entities = True
        if match.group(1)[1] == "d":  # the first letter of the name
            data.append(match)
        new = link(url)
        if new == url:
            return match.group(0)
        trace.edits.append(match.start())
        trace.changed[url] = new
        return match.group(1) + new + match.group(3)

    html, matches = _ATTR.subn(fix, html)
    trace.named = matches - len(data)
    html = _HTML_TAG.sub(lambda m: f'<html{m.group(1)} class="elder">' if "class=" not in m.group(1) else m.group(0),
                         html, count=1)
    toggle = f'<a class="elder-toggle" href="{toggle_href(page)}" data-elder-toggle>标准版</a>'
    return _TOGGLE.sub(lambda _m: toggle, html, count=1), trace


def mirror_key() -> str:
    """Changes whenever a twin could come out differently for the same page: this module's code."""
    return hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()
