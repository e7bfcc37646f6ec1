"""The pages a reused staging tree starts with, until this run produces them again or drops them.

hubtools.build reuses the tree its last swap replaced (hubtools/spare.py) and hands the run the
pages it kept there (HUB_LEFTOVERS): each is the live site's very file, a hard link. The writer
claims the ones it produces (keeping a leftover as it is, or unlinking it before writing: never
writing into a file the live site shares). Whatever is still unclaimed once every generator has
written is a page this build no longer has: ``settle`` deletes it, with its 长辈版 twin. Anything
that walks the output (the sitemap, the mirror's search for unannounced pages) settles first.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path


class Leftovers:
    def __init__(self, output: Path | str, pages, mirror: str):
        self.output = os.path.abspath(output)  # as Pelican's writer spells its paths (sanitised_join)
        self.mirror = mirror  # the folder of the 长辈版 twins (hub_elder.mirror.MIRROR)
        self.shared = {os.path.join(self.output, p) for p in pages}  # still hard links of the live site's files
        self._unclaimed = set(self.shared)
        self._claimed: set[str] = set()
        self.deleted: list[str] = []
        self._settled = False

    @classmethod
    def wait(cls, output: Path | str, path: Path | str, mirror: str, timeout: float = 600) -> Leftovers:
        """The list hubtools.build is still making while Pelican reads (written whole, then renamed)."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(path):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{path}: the staging folder was not prepared in {timeout:.0f} s")
            time.sleep(0.01)
        with open(path, "rb") as fh:
            pages = pickle.load(fh)  # noqa: S301 (written by hubtools.build for this run)
        if pages is None:
            raise RuntimeError("hubtools.build could not prepare the staging folder (its own error follows)")
        return cls(output, pages, mirror)

    def claim(self, filename: str) -> None:
        """This run writes ``filename`` (kept or rendered)."""
        self._claimed.add(filename)
        self._unclaimed.discard(filename)

    # hub_split renders part of the site in a forked child: the files it claimed come back here.
    def mark(self) -> None:
        self._mark = set(self._claimed)

    def since_mark(self) -> set[str]:
        return self._claimed - self._mark

    def adopt(self, claimed: set[str]) -> None:
        for filename in sorted(claimed):
            self.claim(filename)

    def settle(self) -> list[str]:
        """Delete the leftovers this run did not produce (once); return them, relative."""
        if self._settled:
            return self.deleted
        self._settled = True
        prefix = os.path.join(self.output, self.mirror, "")
        for filename in sorted(self._unclaimed):
            if filename.startswith(prefix) and os.path.join(self.output, filename[len(prefix):]) in self._claimed:
                continue  # the twin of a page written this run: the mirror keeps or replaces it
            os.unlink(filename)
            self.shared.discard(filename)
            self.deleted.append(os.path.relpath(filename, self.output))
        prune(self.output, {os.path.dirname(f) for f in self.deleted})  # a deleted story's own folder
        return self.deleted


def prune(root: Path | str, folders: set[str]) -> None:
    """Remove the folders (and their parents) that deleting files left empty, up to ``root``."""
    for deepest in sorted(folders, key=lambda f: -f.count("/")):
        rel = deepest
        while rel:
            try:
                os.rmdir(os.path.join(root, rel))
            except OSError:  # not empty (or already gone): so are its parents
                break
            rel = os.path.dirname(rel)


def settle(settings) -> None:
    """Make the output folder exactly this run's files before walking it (no-op without leftovers)."""
    leftovers = settings.get("HUB_LEFTOVERS_RUN")
    if leftovers is not None:
        leftovers.settle()
