"""The files of a built site, listed the cheap way (the sitemap, the 长辈版 mirror, the link check
and the spare tree each list all 48,000 files of a 10,000-story site on every build).

One ``scandir`` per folder, relative paths built as strings: ``os.walk`` plus ``relpath`` per
folder cost twice as much, and ``pathlib`` more again. A ``DirEntry``'s inode comes from the
directory listing itself, without a ``stat``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def site_files(root: Path | str, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, os.DirEntry]]:
    """(relative path with "/", its DirEntry) of every file under ``root``, in no particular order;
    ``skip``: top-level folders left out. A missing ``root`` has no files."""
    stack = [(os.fspath(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = os.scandir(folder)
        except FileNotFoundError:
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prefix or entry.name not in skip:
                        stack.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    yield f"{prefix}{entry.name}", entry


FINISHED_PAGES = "HUB_FINISHED_PAGES"  # settings key: the listing below, taken once per run


def finished_pages(root: Path | str) -> dict[str, os.DirEntry]:
    """Every .html file of a finished output except the 长辈版 mirror ("elder") and the search
    bundle ("pagefind"), with its directory entry.

    The sitemap and the mirror's finish both need this listing once Pelican has written its last
    page, and both stat its entries: taken once and shared (settings[FINISHED_PAGES]), the walk
    and the ``stat`` of 18,000 pages are paid once (~0.4 s of a 10,000-story rebuild). A
    ``DirEntry`` caches its first ``stat``, so the listing must be taken after the last write.
    """
    return {rel: entry for rel, entry in site_files(root, skip=("elder", "pagefind")) if rel.endswith(".html")}
