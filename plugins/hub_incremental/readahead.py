"""Build state unpickled ahead of the build that needs it, by a process waiting for one.

At 10,000 stories a build unpickles ~230 MB of memo (~1.6 s of Pelican's critical path). The
editors' preview server knows another build will come: hubtools/warm.py forks each build from a
process that has read these files while the editor was typing. A file read ahead is trusted
only while it is still the very file that was read (inode, size, mtime, ctime): anything else is
read from disk as usual, so a stale read-ahead costs time, never correctness. Outside that
server nothing is read ahead and ``load`` is ``pickle.load``.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

_ahead: dict[str, tuple[tuple[int, int, int, int], object]] = {}


def stamp(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _unpickle(path: Path):
    with open(path, "rb") as f:
        return pickle.load(f)  # noqa: S301 (our own files in the build cache)


def load(path: Path):
    """The unpickled contents of ``path``: the read-ahead copy if the file is unchanged since.

    Raises what ``open`` and ``pickle.load`` raise. Each copy is handed out once: a build mutates
    what it loads (it runs in a forked child, so the waiting process's copy is untouched).
    """
    held = _ahead.pop(str(path), None)
    if held is not None and held[0] == stamp(path):
        return held[1]
    return _unpickle(path)


def hold(path: Path, value) -> None:
    """Keep ``value``, just written to ``path``, for the next ``load`` in this process (a
    long-lived one: the preview server's own state between builds)."""
    now = stamp(path)
    if now is not None:
        _ahead[str(path)] = (now, value)


def read_ahead(paths) -> tuple[int, int]:
    """Hold the current contents of ``paths``, re-reading only files changed since the last call
    and forgetting files not listed. Returns (files read now, files held)."""
    wanted = {str(p) for p in paths}
    for gone in _ahead.keys() - wanted:
        del _ahead[gone]
    read = 0
    for path in sorted(wanted):
        now = stamp(Path(path))
        if now is None:
            _ahead.pop(path, None)
            continue
        held = _ahead.get(path)
        if held is not None and held[0] == now:
            continue
        try:
            value = _unpickle(Path(path))
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            _ahead.pop(path, None)  # the build will meet the damage itself and say so
            continue
        if stamp(Path(path)) == now:  # not replaced while it was being read
            _ahead[path] = (now, value)
            read += 1
    return read, len(_ahead)


def cache_files(cache: Path) -> list[Path]:
    """The files under a build cache (HUB_CACHE) worth reading ahead: memo shards and page records."""
    return sorted([*cache.glob("*/memo/*.pickle"), *cache.glob("*/pages.pickle")])
