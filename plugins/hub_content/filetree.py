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
