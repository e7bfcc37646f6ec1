"""Pure, idempotent HTML transforms applied to every content fragment (pages and feeds alike).

Each transform is ``str -> str``, parses with an explicit parser, and satisfies
``t(t(html)) == t(html)`` (tested with tables and hypothesis).
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from .images import image_dimensions
from .sanitize import sanitize


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def lazy_images(html: str) -> str:
    """Images in stories load lazily and decode off the main thread: phones on slow networks."""
    if "<img" not in html:
        return html
    soup = _soup(html)
    for img in soup.find_all("img"):
        img.attrs.setdefault("loading", "lazy")
        img.attrs.setdefault("decoding", "async")
    return str(soup)


def table_scroll(html: str) -> str:
    """Wide tables scroll inside a labelled region instead of widening the page on phones."""
    if "<table" not in html:
        return html
    soup = _soup(html)
    for table in soup.find_all("table"):
        parent = table.parent
        if parent is not None and parent.name == "div" and "table-scroll" in (parent.get("class") or []):
            continue
        wrapper = soup.new_tag("div", attrs={"class": "table-scroll", "tabindex": "0", "role": "region",
                                             "aria-label": "表格（可左右滑动）"})
        table.wrap(wrapper)
    return str(soup)


# sanitize first: later transforms add attributes of their own that the allow-list admits.
DEFAULT_TRANSFORMS = (sanitize, lazy_images, table_scroll)
# Transforms that need the content object (its source file) or the settings: (html, content, settings).
CONTENT_TRANSFORMS = (image_dimensions,)


def apply_all(html: str, transforms=DEFAULT_TRANSFORMS) -> str:
    for transform in transforms:
        html = transform(html)
    return html
