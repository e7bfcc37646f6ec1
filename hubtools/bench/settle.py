"""Start every timed build from the same kernel state.

Why: on the VMs this project is measured on, a build's system time depends on what ran before
it. The same render of 10,000 stories took 7–10 s of system time after the kernel's caches
were dropped, and 8, 19, 28, 34, 38 and 44 s when it ran six times back to back
(``/usr/bin/time``): the page cache and the inode and dentry caches that earlier builds filled
make each new file dearer. Plain Pelican writes half as many files as our build (no 长辈版 twins, no search index),
so the order of the scenarios would decide the ratio. Before each timed build the bench
therefore flushes dirty pages, drops those caches where it may (root, Linux), and reads the
build's inputs back in (code, corpus, build cache, previous output), so that every build, plain
or ours, starts warm and from the same state. Without root the caches are only flushed, and
the table says so.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

DROP_CACHES = Path("/proc/sys/vm/drop_caches")
ROOT = Path(__file__).resolve().parents[2]
_SKIP = {".git", "node_modules", "output"}


def can_drop() -> bool:
    return DROP_CACHES.is_file() and os.access(DROP_CACHES, os.W_OK)


def code_folders() -> list[Path]:
    """What every build reads besides its content: the interpreter, the packages, the project, Pagefind."""
    folders = [Path(sysconfig.get_paths()["stdlib"]), Path(sys.prefix), ROOT]
    folders += [ROOT / "node_modules" / "pagefind", ROOT / "node_modules" / "@pagefind"]
    return folders


def warm(folder: Path) -> int:
    """Read every file under ``folder`` once (page cache, inodes, dentries); return the bytes read."""
    total = 0
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in _SKIP or parent != str(ROOT)]
        for name in names:
            try:
                with open(os.path.join(parent, name), "rb") as fh:
                    while chunk := fh.read(1 << 20):
                        total += len(chunk)
            except OSError:  # a socket, a dangling link: nothing a build reads
                continue
    return total


def settle(inputs: list[Path], drop: bool) -> None:
    """Flush, drop the caches (if ``drop``), and read ``inputs`` and the code back in."""
    os.sync()
    if drop:
        DROP_CACHES.write_text("3\n")
    for folder in [*code_folders(), *inputs]:
        if folder.exists():
            warm(folder)
