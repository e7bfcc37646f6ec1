"""Results of pure steps kept between builds, by a digest of their input (settings key HUB_MEMO).

The reader stores (HTML, validated model) by the source file's bytes and path, hub_html the
transformed HTML by the Markdown output, hub_sitemap each page's entry by the file's identity.
The file lives in a folder keyed by the site fingerprint, so a changed setting, taxonomy,
plugin or package version never reuses an entry. Only files that read without problems are
stored, so errors are reported every build; entries not used by a build are dropped.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path


class Memo:
    def __init__(self, path: Path):
        self.path = path
        try:
            with path.open("rb") as f:
                self._old: dict = pickle.load(f)  # noqa: S301 (our own file in the build cache)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self._old = {}
        self._new: dict = {}  # only this build's entries are saved: deleted files drop out

    @staticmethod
    def key(data: bytes | str, *parts: str) -> str:
        if isinstance(data, str):
            data = data.encode()
        return "\0".join((hashlib.blake2b(data, digest_size=20).hexdigest(), *parts))

    def get(self, key: str):
        hit = self._old.get(key)
        if hit is not None:
            self._new[key] = hit
        return hit

    def has(self, key: str) -> bool:
        return key in self._old

    def put(self, key: str, value) -> None:
        self._new[key] = value

    def save(self) -> None:
        if self._new.keys() == self._old.keys():  # every entry reused, none added: the file is current
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(self._new, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
