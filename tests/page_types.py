"""One URL for every kind of page the built site has, so page-type checks follow the site as it grows.

Route, event and community pages are picked up when the build has them.
"""

from __future__ import annotations

from pathlib import Path

FIXED = {
    "home": "/",
    "article": "/articles/2025/s228-shuttle-opens/",
    "page": "/about/",
    "search": "/search/",
    "categories": "/category/",
    "category": "/category/transport/",
    "tags": "/tag/",
    "tag": "/tag/s228/",
    "authors": "/author/",
    "author": "/author/wang-saihua/",
    "archives": "/archives/",
    "year-archive": "/archives/2025/",
    "month-archive": "/archives/2025/08/",
    "404": "/404.html",
    "elder-article": "/elder/articles/2025/s228-shuttle-opens/",
    "elder-home": "/elder/",
}


def _first_item(root: Path, section: str) -> str | None:
    """The first item page under /section/ (e.g. /routes/s228/), preferring an S228 one."""
    items = sorted(p.parent for p in (root / section).glob("*/index.html") if p.parent.name != "page")
    if not items:
        return None
    best = next((p for p in items if "s228" in p.name), items[0])
    return f"/{section}/{best.name}/"


def page_types(root: Path) -> dict[str, str]:
    found = {name: url for name, url in FIXED.items() if (root / url.lstrip("/")).exists()
             or (root / url.lstrip("/") / "index.html").exists()}
    for section, one, many in (("routes", "route", "routes"), ("events", "event", "events"),
                               ("communities", "community", "communities")):
        if (root / section / "index.html").exists():
            found[many] = f"/{section}/"
        item = _first_item(root, section)
        if item:
            found[one] = item
    return found
