"""Whole-site integrity: every internal link, anchor, image and asset of a built site resolves.

``python -m hubtools.linkcheck output/ [--siteurl URL]`` lists each broken
reference as ``page: reference: why`` and exits 1 when there is any. The build
runs the same check on the staged site before swapping it in. Absolute URLs
count as internal when they start with ``--siteurl`` (canonical links, the 404
page, the sitemap); other hosts are not fetched: the check works offline.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs that make the browser fetch or navigate to a URL.
URL_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
             ("iframe", "src"), ("video", "src"), ("audio", "src"), ("form", "action"), ("area", "href"))
SRCSET = (("img", "srcset"), ("source", "srcset"))
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_SKIP_SCHEMES = ("mailto:", "tel:", "data:")


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


class _Scanner(HTMLParser):
    """One pass over a page for its references and its ids.

    Why not BeautifulSoup: the build runs this over every page of the staged site
    (thousands at newsroom scale) and needs no tree, only attributes; the bare
    stdlib parser, which bs4's "html.parser" wraps, is several times faster.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name, attr in URL_ATTRS:
            if tag == name and values.get(attr) is not None:
                self.refs.append(values[attr])
        for name, attr in SRCSET:
            if tag == name and values.get(attr):
                self.refs += [part.strip().split(" ")[0] for part in values[attr].split(",") if part.strip()]

    handle_startendtag = handle_starttag


class Site:
    """A built site on disk: its files listed once, each page scanned once."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.files: set[str] = set()
        for folder, _dirs, names in os.walk(self.root):
            rel = os.path.relpath(folder, self.root)
            self.files.update(n if rel == "." else f"{rel}/{n}" for n in names)
        self._scans: dict[str, _Scanner] = {}

    def target(self, path: str) -> Path | None:
        """The file a site-relative URL path serves, or None."""
        rel = posixpath.normpath(unquote(path).lstrip("/"))
        if rel == ".":
            rel = ""
        if rel.startswith("../") or rel == "..":
            return None
        for candidate in (rel, f"{rel}/index.html" if rel else "index.html"):
            if candidate in self.files:
                return self.root / candidate
        return None

    def scan(self, page: Path) -> _Scanner:
        key = page.relative_to(self.root).as_posix()
        if key not in self._scans:
            scanner = _Scanner()
            scanner.feed(page.read_text(encoding="utf-8"))
            scanner.close()
            self._scans[key] = scanner
        return self._scans[key]

    def ids(self, page: Path) -> set[str]:
        return self.scan(page).ids


def check_ref(site: Site, page_url: str, ref: str, siteurl: str | None) -> str | None:
    """Why ``ref`` on the page at ``page_url`` (site-relative, '/…') is broken, or None."""
    ref = ref.strip()
    if not ref or ref.startswith(_SKIP_SCHEMES):
        return None
    if ref.lower().startswith("javascript:"):
        return "a javascript: link"
    if siteurl and (ref == siteurl or ref.startswith(siteurl + "/")):
        ref = ref[len(siteurl):] or "/"
    elif re.match(r"^[a-z][a-z0-9+.\-]*:|^//", ref, re.I):
        return None  # another site: not fetched
    parts = urlsplit(urljoin(page_url, ref))
    target = site.target(parts.path)
    if target is None:
        return "no such file in the built site"
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in site.ids(target):
        return f"no element with id={unquote(parts.fragment)!r} on {target.relative_to(site.root)}"
    return None


def check_site(root: Path, siteurl: str | None = None) -> Report:
    site = Site(root)
    siteurl = siteurl.rstrip("/") if siteurl else None
    report = Report()
    # Most references (navigation, assets) repeat on every page of a folder: check each once.
    verdicts: dict[tuple[str, str], str | None] = {}
    for rel in sorted(f for f in site.files if f.endswith(".html")):
        page = site.root / rel
        page_url = "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        report.pages += 1
        folder = page_url.rsplit("/", 1)[0]
        for ref in site.scan(page).refs:
            report.links += 1
            key = (page_url if ref.startswith("#") else folder, ref)  # "#x" means this very page
            if key not in verdicts:
                verdicts[key] = check_ref(site, page_url, ref, siteurl)
            why = verdicts[key]
            if why:
                report.broken.append(Broken(rel, ref, why))
    for rel in sorted(f for f in site.files if f.endswith(".css")):
        css = site.root / rel
        for ref in _CSS_URL.findall(css.read_text(encoding="utf-8")):
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
