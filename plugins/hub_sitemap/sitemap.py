"""sitemap.xml from the pages actually written.

Why not pelican-sitemap: it stamps ``datetime.now()`` on every page without a
date, so two builds of one commit differ. Walking the finished output also
lists every page type (routes, events, communities) without each plugin
registering its URLs. ``lastmod`` comes from the page's own
``article:modified_time`` meta, never from the clock.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from hub_content.filetree import finished_pages

_MODIFIED = re.compile(r'<meta property="article:modified_time" content="([^"]+)"')
_NOINDEX = re.compile(r'<meta name="robots" content="[^"]*noindex')


def page_urls(output: Path, memo=None, pages: dict[str, os.DirEntry] | None = None) -> list[tuple[str, str | None]]:
    """(path relative to the site root as a clean URL, lastmod or None) for every indexable page.

    ``memo`` (hub_incremental's HUB_MEMO) remembers each page's entry by the file's identity
    (inode, size, mtime): a page kept from the previous build by a hard link is not read again.
    ``pages``: ``finished_pages(output)`` if already taken.
    """
    result = []
    for rel, found in _html_files(finished_pages(output) if pages is None else pages):
        key = None
        if memo is not None:
            st = found.stat()  # through the directory entry: no path to build
            key = f"sitemap\0{rel}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}"
            hit = memo.get(key)
            if hit is not None:
                if hit[0]:
                    result.append(hit[1])
                continue
        entry = _entry(rel, _head(found.path))
        if memo is not None:
            memo.put(key, (entry is not None, entry))
        if entry is not None:
            result.append(entry)
    return result


def _html_files(pages: dict[str, os.DirEntry]) -> list[tuple[str, os.DirEntry]]:
    """``pages`` (``finished_pages``) as (relative path, directory entry), in the order
    ``sorted(output.rglob("*.html"))`` gives (component by component). The 长辈版 twins are left
    out: their canonical pages are the standard ones. So is the search bundle: it holds no pages,
    and only a reused staging folder has it while Pelican runs (a third of its files)."""
    return sorted(pages.items(), key=lambda item: item[0].split("/"))


def _entry(rel: str, head: str) -> tuple[str, str | None] | None:
    if _NOINDEX.search(head):
        return None
    m = _MODIFIED.search(head)
    return rel.removesuffix("index.html"), m.group(1) if m else None


def _head(path: str, chars: int = 4096) -> str:
    """The first ``chars`` characters, reading at most 4 bytes per character instead of the whole page."""
    with open(path, "rb") as f:
        data = f.read(chars * 4)
    return data.decode("utf-8", errors="ignore")[:chars]


def render(siteurl: str, urls: list[tuple[str, str | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in urls:
        item = f"<url><loc>{escape(f'{siteurl}/{url}')}</loc>"
        if lastmod:
            item += f"<lastmod>{escape(lastmod)}</lastmod>"
        lines.append(item + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
