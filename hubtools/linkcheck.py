"""Whole-site integrity: every internal link, anchor, image and asset of a built site resolves.

``python -m hubtools.linkcheck output/ [--siteurl URL]`` lists each broken
reference as ``page: reference: why`` and exits 1 when there is any. The build
runs the same check on the staged site before swapping it in. Absolute URLs
count as internal when they start with ``--siteurl`` (canonical links, the 404
page, the sitemap); other hosts are not fetched: the check works offline.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

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


class Site:
    """A built site on disk; page ids are read once per file."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._ids: dict[Path, set[str]] = {}

    def target(self, path: str) -> Path | None:
        """The file a site-relative URL path serves, or None."""
        rel = unquote(path).lstrip("/")
        candidate = (self.root / rel).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            named = {t["name"] for t in soup.find_all("a", attrs={"name": True})}
            self._ids[page] = {t["id"] for t in soup.find_all(id=True)} | named
        return self._ids[page]


def _refs(soup: BeautifulSoup) -> list[str]:
    refs = [tag[attr] for name, attr in URL_ATTRS for tag in soup.find_all(name, attrs={attr: True})]
    for name, attr in SRCSET:
        for tag in soup.find_all(name, attrs={attr: True}):
            refs += [part.strip().split(" ")[0] for part in tag[attr].split(",") if part.strip()]
    return refs


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
    for page in sorted(site.root.rglob("*.html")):
        rel = page.relative_to(site.root).as_posix()
        page_url = "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        report.pages += 1
        for ref in _refs(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")):
            report.links += 1
            why = check_ref(site, page_url, ref, siteurl)
            if why:
                report.broken.append(Broken(rel, ref, why))
    for css in sorted(site.root.rglob("*.css")):
        rel = css.relative_to(site.root).as_posix()
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
