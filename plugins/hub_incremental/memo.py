"""Results of pure steps kept between builds, by a digest of their input (settings key HUB_MEMO).

The reader stores (HTML, validated model) by the source file's bytes and path, hub_html the
transformed HTML by the Markdown output, hub_sitemap each page's entry by the file's identity.
The file lives in a folder keyed by the site fingerprint, so a changed setting, taxonomy,
plugin or package version never reuses an entry. Only files that read without problems are
stored, so errors are reported every build; entries not used by a build are dropped.

Entries are spread over 256 shard files by a checksum of the key, and a build rewrites only the
shards whose entries changed: one corrected story rewrites ~300 KB, not the 70 MB of a
10,000-story memo.

A source file's digest is kept too, by the file's stamp (path, inode, size, mtime, ctime), so a
rebuild knows an unchanged story from one ``stat`` instead of reading and hashing its bytes
(``file_key``). As in git's "racily clean" rule, a stamp is only recorded when the file's times
are safely older than the moment it was read: a file rewritten with the same size within the
same timestamp tick would otherwise keep its old stamp.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from . import readahead

# How much older than the moment a file is read its times must be for its stamp to stand for
# its bytes: a write after the read then gives it a later mtime and ctime. Covers the lag of the
# kernel's coarse clock behind time.time_ns() (a tick, <= 10 ms) and file systems that store
# times in whole seconds (ext3, HFS+) or two (FAT). A file edited just before a build is read.
SETTLED_NS = 3_000_000_000


def settled(mtime_ns: int, ctime_ns: int, now_ns: int) -> bool:
    """Whether a file whose times are these, read at ``now_ns`` (or later), may be known by its
    stamp from then on."""
    return max(mtime_ns, ctime_ns) < now_ns - SETTLED_NS


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _shard(key: str) -> str:
    return f"{zlib.crc32(key.encode()) & 0xFF:02x}"


class Memo:
    def __init__(self, folder: Path, *, clock: Callable[[], int] = time.time_ns, stat=os.stat):
        self.folder = folder
        self._clock, self._stat = clock, stat  # (a test stands in for a coarse file system)
        self._loaded: tuple[dict, dict[str, set[str]]] | None = None
        self._new: dict = {}  # only this build's entries are saved: deleted files drop out
        self._origins: dict[int, tuple[object, str]] = {}  # id(value) -> (value, what it was made from)

    def load(self) -> tuple[dict, dict[str, set[str]]]:
        """The previous build's entries, read at first use: after hub_elder has forked its worker,
        which then neither inherits them nor makes Pelican's process copy their pages on write."""
        if self._loaded is None:
            old: dict = {}
            shards: dict[str, set[str]] = {}
            for path in sorted(self.folder.glob("*.pickle")):
                try:
                    entries: dict = readahead.load(path)
                except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                    continue  # a damaged shard only costs its entries
                old.update(entries)
                shards[path.stem] = set(entries)
            self._loaded = (old, shards)
        return self._loaded

    @property
    def _old(self) -> dict:
        return self.load()[0]

    @property
    def _old_shards(self) -> dict[str, set[str]]:
        return self.load()[1]

    def key(self, data: bytes | str, *parts: str) -> str:
        """The key of a result made from ``data`` and ``parts``: a digest of ``data``, or of its
        origin when ``data`` is the very object ``made()`` was told of (consumed here)."""
        origin = self._origins.pop(id(data), None)  # the entry keeps its value alive: the id is still its own
        if origin is not None:
            return "\0".join((_digest(b"\1" + origin[1].encode()), *parts))
        if isinstance(data, str):
            data = data.encode()
        return "\0".join((_digest(data), *parts))

    def file_key(self, path: str, *parts: str) -> tuple[str, bytes | None]:
        """``key(bytes of the file at path, *parts)``, and the bytes if they had to be read (None
        when the file's stamp was recorded by an earlier build: the file is then not read)."""
        now = self._clock()  # before the stat: anything written after it is newer than this
        st = self._stat(path)
        stamp = f"stamp\0{path}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
        digest = self.get(stamp)
        if digest is not None:
            return "\0".join((digest, *parts)), None
        with open(path, "rb") as f:
            data = f.read()
        digest = _digest(data)
        if settled(st.st_mtime_ns, st.st_ctime_ns, now):
            self.put(stamp, digest)
        return "\0".join((digest, *parts)), data

    def made(self, value: object, key: str, part: str = "") -> None:
        """``value`` is the result (or the ``part`` of it) that ``key`` stands for.

        A story's HTML passes through four memoised steps (reader, transforms, route and
        community links), and each one hashed the previous one's output again (~0.3 s of a
        10,000-story rebuild). Told where the object came from, the next key is a digest of that
        key instead. Sound because a key stands for one value under one site fingerprint: the
        same origin key means the same HTML. An equal string made elsewhere is simply hashed.
        """
        self._origins[id(value)] = (value, f"{key}\0{part}")

    def origin(self, value: object) -> str | None:
        """What ``value`` was made from, as ``made()`` was told (not consumed), or None."""
        entry = self._origins.get(id(value))
        return entry[1] if entry is not None and entry[0] is value else None

    def get(self, key: str):
        hit = self._old.get(key)
        if hit is not None:
            self._new[key] = hit
        return hit

    def has(self, key: str) -> bool:
        return key in self._old

    def put(self, key: str, value) -> None:
        self._new[key] = value

    # hub_split renders part of the site in a forked child: the entries it used come back here.
    def mark(self) -> None:
        self._mark = dict(self._new)

    def since_mark(self) -> dict:
        return {k: v for k, v in self._new.items() if self._mark.get(k) is not v}

    def adopt(self, entries: dict) -> None:
        self._new.update(entries)

    def save(self) -> None:
        shards: dict[str, dict] = defaultdict(dict)
        for key, value in self._new.items():
            shards[_shard(key)][key] = value
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in sorted(shards.keys() | self._old_shards.keys()):
            entries = shards.get(name, {})
            if entries.keys() == self._old_shards.get(name, set()):
                continue  # same entries (keys are digests of the inputs, so same values)
            path = self.folder / f"{name}.pickle"
            if not entries:
                path.unlink(missing_ok=True)
                continue
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as f:
                pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
