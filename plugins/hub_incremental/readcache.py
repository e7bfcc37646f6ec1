"""Reader results kept between builds: (HTML, validated model) by the source file's bytes.

Keyed by a BLAKE2 digest of the file's bytes and its path, inside a folder keyed by the site
fingerprint, so a changed file, setting, taxonomy, plugin or package version never reuses an
entry. Only files that read without problems are stored, so errors are reported every build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path


class ReadCache:
    def __init__(self, path: Path):
        self.path = path
        try:
            with path.open("rb") as f:
                self._old: dict = pickle.load(f)  # noqa: S301 (our own file in the build cache)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self._old = {}
        self._new: dict = {}  # only this build's entries are saved: deleted files drop out

    @staticmethod
    def key(data: bytes, shown: str) -> str:
        return hashlib.blake2b(data, digest_size=20).hexdigest() + "\0" + shown

    def get(self, key: str):
        hit = self._old.get(key)
        if hit is not None:
            self._new[key] = hit
        return hit

    def put(self, key: str, value) -> None:
        self._new[key] = value

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(self._new, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
