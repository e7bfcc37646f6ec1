"""Whole-site integrity: every internal link, anchor, image and asset of a built site resolves.

``python -m hubtools.linkcheck output/ [--siteurl URL]`` lists each broken
reference as ``page: reference: why`` and exits 1 when there is any. The build
runs the same check on the staged site before swapping it in. Absolute URLs
count as internal when they start with ``--siteurl`` (canonical links, the 404
page, the sitemap); other hosts are not fetched: the check works offline.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from hubtools.pool import map_jobs, workers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from hub_content.filetree import site_files
from hub_elder.mirror import MIRROR  # the 长辈版 twins: half of the site's files, listed on a second core
from hub_html.pagescan import PageScan, scan_html
from hub_incremental import readahead

_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_SKIP_SCHEMES = ("mailto:", "tel:", "data:")
_FOREIGN = re.compile(r"^[a-z][a-z0-9+.\-]*:|^//", re.I)


@dataclass(frozen=True)
class Broken:
    page: str
    ref: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.ref}: {self.why}"


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    broken: list[Broken] = field(default_factory=list)


class ScanMemo:
    """Scans kept between builds, by page path and file identity (inode, size, mtime).

    An incremental build hard-links the pages it kept from the previous output, so they are the
    very files scanned last time: only the pages written anew are parsed. A file replaced or
    edited by hand has another identity and is scanned again.

    It also remembers which pages passed, and what their verdicts rested on: the site's list of
    files (is each target there?) and the pages whose ids their #fragments named. A page that
    passed last time, is the same file, in a site with the same files, whose fragment targets are
    the same files too, passes again without its links being looked at one by one. (The memo is
    saved only after a check that found nothing broken.)
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self._old: dict[str, tuple[tuple, PageScan]] = {}
        self._old_files = ""
        self._old_deps: dict[str, frozenset[str]] = {}
        if path and path.is_file():
            try:
                self._old, self._old_files, self._old_deps = readahead.load(path)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
                self._old, self._old_files, self._old_deps = {}, "", {}  # a damaged memo only costs a full check
        self._new: dict[str, tuple[tuple, PageScan]] = {}
        self._fresh: dict[str, tuple[tuple, PageScan]] = {}
        self.files = ""  # digest of this site's file list (set by check_site)
        self.deps: dict[str, frozenset[str]] = {}  # page -> pages its #fragments point into
        self._strings: dict[str, str] = {}
        self.parsed = 0
        self.skipped = 0

    def unchanged(self, rel: str) -> bool:
        """Whether ``rel`` is the very file scanned and checked last time (call after prefetch)."""
        new, old = self._new.get(rel), self._old.get(rel)
        return new is not None and old is not None and new[0] == old[0]

    def still_passes(self, rel: str) -> bool:
        if self.files != self._old_files or not self.unchanged(rel) or rel not in self._old_deps:
            return False
        deps = self._old_deps[rel]
        if all(self.unchanged(d) for d in deps):
            self.deps[rel] = deps
            return True
        return False

    def adopt(self, scans: dict[str, tuple[tuple, PageScan]]) -> None:
        """Take scans made elsewhere this build (hub_elder scans pages as Pelican writes them).

        They spare the parse of a page that is still that file, and nothing else: the page is
        new, so its links are checked.
        """
        intern = self._strings.setdefault
        self._fresh.update((rel, (key, PageScan(tuple(intern(r, r) for r in scan.refs), scan.ids)))
                           for rel, (key, scan) in scans.items())

    def prefetch(self, root: Path, rels: list[str], identities: dict[str, tuple[int, int, int]]) -> None:
        """Scan every page of ``rels`` that the memo does not know, on all cores. ``identities``:
        the pages' identities from the site's listing (``file_identities``: a pathlib join and a
        stat per page here were half the cost of checking a site whose pages the memo all knew)."""
        todo = []
        for rel in rels:
            key = identities[rel]
            known = next((e for e in (self._old.get(rel), self._fresh.get(rel)) if e is not None and e[0] == key), None)
            if known is not None:
                self._new[rel] = known
            else:
                todo.append(rel)
        for rel, key, scan in map_jobs(_scan_one, todo, _init_worker, (root,)):
            intern = self._strings.setdefault  # workers return fresh strings: share them again
            self._new[rel] = (key, PageScan(tuple(intern(r, r) for r in scan.refs), scan.ids))
            self.parsed += 1

    def page(self, rel: str) -> PageScan:
        """The scan of a page of this build (after ``prefetch``)."""
        return self._new[rel][1]

    def save(self) -> None:
        """Keep the scans of this build's pages only (pages gone from the site are dropped)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        state = (self._new, self.files, self.deps)
        with tmp.open("wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
        readahead.hold(self.path, state)  # a preview server's next build need not read it back


_job_root: Path | None = None


def _init_worker(root: Path) -> None:
    global _job_root  # noqa: PLW0603 (per-process state of a pool worker)
    _job_root = root


def _scan_one(rel: str) -> tuple[str, tuple, PageScan]:
    return rel, _identity(_job_root / rel), scan_html((_job_root / rel).read_text(encoding="utf-8"))


def _identity(path: Path | os.DirEntry) -> tuple[int, int, int]:
    st = path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def file_identities(root: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, int, int]]:
    """(inode, size, mtime) of every file under ``root`` by relative path; ``skip``: top-level
    folders left out.

    Listing and stat-ing a 10,000-story site's 36,000 files was most of a check whose pages the
    memo all knew (~0.6 s of every one-edit rebuild's critical path). The 长辈版 half is listed by a
    forked process while this one lists the rest. Anything amiss in that process (it died, it
    sent nothing) and the half is listed here instead, as before.
    """
    mirror = root / MIRROR
    split = MIRROR not in skip and workers() >= 2 and mirror.is_dir()
    child = _list_in_child(mirror, f"{MIRROR}/") if split else None
    try:
        found = _listed(root, "", (*skip, MIRROR) if split else skip)
    finally:  # waited for even if this half failed: no process or pipe is left behind
        half = child() if child is not None else None
    if split:
        found.update(half if half is not None else _listed(mirror, f"{MIRROR}/"))
    return found


def _listed(root: Path, prefix: str, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, int, int]]:
    return {prefix + rel: _identity(entry) for rel, entry in site_files(root, skip)}


def _list_in_child(folder: Path, prefix: str):
    """Start listing ``folder`` in a forked process; returns a function that waits for the
    listing (None if the process failed)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: list, send, leave without running anything of the parent's
        status = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                pickle.dump(_listed(folder, prefix), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def wait() -> dict | None:
        with os.fdopen(read, "rb") as got:
            data = got.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return None
        return pickle.loads(data)  # noqa: S301 (our own forked child's listing)
    return wait


class Site:
    """A built site on disk: its files listed once; its pages' scans from the memo (``prefetch``)."""

    def __init__(self, root: Path, memo: ScanMemo | None = None, skip: tuple[str, ...] = ()):
        self.root = root.resolve()
        self.identities = file_identities(self.root, skip)
        self.files = self.identities.keys()
        self.memo = memo or ScanMemo()

    def target(self, path: str) -> str | None:
        """The site-relative file a URL path ('/…', maybe with ../ and %-escapes) serves, or None."""
        rel = posixpath.normpath(unquote(path).lstrip("/"))
        if rel == ".":
            rel = ""
        if rel.startswith("../") or rel == "..":
            return None
        for candidate in (rel, f"{rel}/index.html" if rel else "index.html"):
            if candidate in self.files:
                return candidate
        return None

    def ids(self, rel: str) -> frozenset[str]:
        return self.memo.page(rel).ids

    def refs(self, rel: str) -> tuple[str, ...]:
        return self.memo.page(rel).refs


def internal_target(page_url: str, ref: str, siteurl: str | None) -> tuple[str, str] | None:
    """(URL path, fragment) of a reference on the page at ``page_url`` ('/…'), if it is ours to check.

    None for references that are not fetched (mailto:, other sites). Same answers as
    ``urljoin`` for the URLs a site holds, without its cost (it is called a million times at
    newsroom scale); dot segments are left to ``Site.target``.
    """
    ref = ref.strip()
    if not ref or ref.startswith(_SKIP_SCHEMES):
        return None
    if siteurl and (ref == siteurl or ref.startswith(siteurl + "/")):
        ref = ref[len(siteurl):] or "/"
    elif (":" in ref or ref.startswith("//")) and _FOREIGN.match(ref):
        return None  # another site: not fetched
    rest, _, fragment = ref.partition("#")
    path = rest.partition("?")[0]
    if not path:
        path = page_url
    elif not path.startswith("/"):
        path = page_url.rsplit("/", 1)[0] + "/" + path
    return path, fragment


def check_ref(site: Site, page_url: str, ref: str, siteurl: str | None) -> str | None:
    """Why ``ref`` on the page at ``page_url`` (site-relative, '/…') is broken, or None."""
    if ref.strip().lower().startswith("javascript:"):
        return "a javascript: link"
    where = internal_target(page_url, ref, siteurl)
    if where is None:
        return None
    return _judge(site, *where)


def _judge(site: Site, path: str, fragment: str) -> str | None:
    target = site.target(path)
    if target is None:
        return "no such file in the built site"
    if fragment and target.endswith(".html") and unquote(fragment) not in site.ids(target):
        return f"no element with id={unquote(fragment)!r} on {target}"
    return None


def _climb(ref: str) -> tuple[int, str]:
    """(how many "../" ``ref`` starts with, the rest)."""
    ups, i = 0, 0
    while ref.startswith("../", i):
        ups, i = ups + 1, i + 3
    return ups, ref[i:]


class _SharedKeys:
    """Keys under which a reference gets the same verdict from every page that makes it.

    "../../../tag/x/" reaches the same file from every story folder at that depth: keyed by the
    common ancestor, navigation links are judged once per site instead of once per page. The
    same few hundred references recur on every page (1.3 million at 10,000 stories), so their
    climbs are split once and each page's ancestors are found once.
    """

    def __init__(self):
        self._climbs: dict[str, tuple[int, str]] = {}

    def for_folder(self, folder: str):
        """``key(ref)`` for the pages of ``folder`` ('/a/b')."""
        climbs, ancestors = self._climbs, {0: folder}

        def key(ref: str) -> tuple[str, str]:
            climb = climbs.get(ref)
            if climb is None:
                climb = climbs[ref] = _climb(ref)
            ups, rest = climb
            base = ancestors.get(ups)
            if base is None:
                base = ancestors[ups] = folder.rsplit("/", ups)[0]
            return base, rest
        return key


_UNJUDGED = object()


def check_site(root: Path, siteurl: str | None = None, memo: ScanMemo | None = None,
               skip: tuple[str, ...] = ()) -> Report:
    """Check every page of the site at ``root``; ``skip``: top-level folders that are not part of it."""
    site = Site(root, memo, skip)
    siteurl = siteurl.rstrip("/") if siteurl else None
    report = Report()
    verdicts: dict[tuple[str, str], str | None] = {}
    shared = _SharedKeys()
    pages = sorted(f for f in site.files if f.endswith(".html"))
    memo = site.memo
    memo.files = hashlib.blake2b("\0".join([siteurl or "", *sorted(site.files)]).encode(), digest_size=16).hexdigest()
    memo.prefetch(site.root, pages, site.identities)
    for rel in pages:
        page_url = "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        report.pages += 1
        if memo.still_passes(rel):
            report.links += len(site.refs(rel))
            memo.skipped += 1
            continue
        folder = page_url.rsplit("/", 1)[0]
        shared_key = shared.for_folder(folder)
        deps: set[str] = set()
        broken_before = len(report.broken)
        for ref in site.refs(rel):
            report.links += 1
            if ref.startswith("#"):  # this very page
                fragment = unquote(ref[1:])
                why = None if not fragment or fragment in site.ids(rel) else (
                    f"no element with id={fragment!r} on {rel}")
            else:
                key = shared_key(ref)
                why = verdicts.get(key, _UNJUDGED)
                if why is _UNJUDGED:
                    why = verdicts[key] = check_ref(site, page_url, ref, siteurl)
                if "#" in ref:
                    where = internal_target(page_url, ref, siteurl)
                    target = site.target(where[0]) if where else None
                    if target and target != rel:
                        deps.add(target)
            if why:
                report.broken.append(Broken(rel, ref, why))
        if len(report.broken) == broken_before:  # only a page that passed may be skipped next time
            memo.deps[rel] = frozenset(deps)
    for rel in sorted(f for f in site.files if f.endswith(".css")):
        for ref in _CSS_URL.findall((site.root / rel).read_text(encoding="utf-8")):
            report.links += 1
            why = check_ref(site, "/" + rel, ref, siteurl)
            if why:
                report.broken.append(Broken(rel, ref, why))
    sitemap = site.root / "sitemap.xml"
    if siteurl and sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            report.links += 1
            why = check_ref(site, "/", loc, siteurl)
            if why:
                report.broken.append(Broken("sitemap.xml", loc, why))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every internal link, anchor, image and asset of a built site.")
    parser.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[1] / "output"))
    parser.add_argument("--siteurl", default=None, help="absolute URLs starting with this are checked as internal")
    args = parser.parse_args(argv)
    report = check_site(Path(args.root), args.siteurl)
    for broken in report.broken:
        print(broken, file=sys.stderr)
    print(f"链接检查：{report.pages} 个页面，{report.links} 个链接，{len(report.broken)} 个失效。")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
