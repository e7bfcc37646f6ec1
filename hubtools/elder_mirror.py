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

import hashlib
import os
import pickle
import posixpath
import re
from pathlib import Path

from hubtools.pool import map_jobs

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


def _identity(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


class MirrorState:
    """What the previous build's mirror was made from, so unchanged pages are linked, not rewritten.

    An elder page is a pure function of its standard page, the set of mirrored pages and this
    module's code. The incremental build keeps unchanged standard pages as hard links to the
    previous output's files (same inode, size and mtime); when the page set and code are the same
    as last time too, the previous elder page is the right one and is hard-linked as well. Any
    doubt (a file replaced by hand, a missing state file) means the page is rewritten.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.key = ""
        self.pages: dict[str, tuple[tuple, tuple]] = {}
        if path and path.is_file():
            try:
                with path.open("rb") as fh:
                    self.key, self.pages = pickle.load(fh)  # noqa: S301 (our own file in the build cache)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
                self.key, self.pages = "", {}

    def save(self, key: str, pages: dict[str, tuple[tuple, tuple]]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump((key, pages), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def mirror_key(rels: list[str]) -> str:
    """Changes whenever an elder page could come out differently for the same standard page."""
    h = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16)
    h.update("\n".join(rels).encode())
    return h.hexdigest()


def write_mirror(site: Path, previous: Path | None = None, state_file: Path | None = None) -> tuple[int, int]:
    """Write site/elder/…; return (pages written, pages linked from ``previous``, the last output)."""
    rels = pages(site)
    state = MirrorState(state_file)
    key = mirror_key(rels)
    reuse = previous is not None and state.key == key
    done: dict[str, tuple[tuple, tuple]] = {}
    todo: list[str] = []
    for rel in rels:
        source, target = site / rel, site / MIRROR / rel
        source_id = _identity(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if reuse and _link_previous(state.pages.get(rel), source_id, previous / MIRROR / rel, target):
            done[rel] = (source_id, _identity(target))
        else:
            todo.append(rel)
    for rel, ids in map_jobs(_write_one, todo, _init_worker, (site, frozenset(rels))):
        done[rel] = ids
    state.save(key, {rel: done[rel] for rel in rels})
    return len(todo), len(rels) - len(todo)


_job_site: Path | None = None
_job_mirrored: frozenset[str] = frozenset()


def _init_worker(site: Path, mirrored: frozenset[str]) -> None:
    global _job_site, _job_mirrored
    _job_site, _job_mirrored = site, mirrored


def _write_one(rel: str) -> tuple[str, tuple[tuple, tuple]]:
    source, target = _job_site / rel, _job_site / MIRROR / rel
    source_id = _identity(source)
    target.write_text(rewrite(source.read_text(encoding="utf-8"), rel, _job_mirrored), encoding="utf-8")
    return rel, (source_id, _identity(target))


def _link_previous(recorded, source_id, old: Path, new: Path) -> bool:
    """Link the previous elder page if it was made from this very standard page and is untouched."""
    if recorded is None or recorded[0] != source_id:
        return False
    try:
        if _identity(old) != recorded[1]:
            return False
        os.link(old, new)
    except OSError:
        return False
    return True
