"""The spare tree: the site the last swap replaced, brought up to date instead of built anew.

An atomic build renders into a folder readers cannot see, then swaps it in. Rendering into an
empty folder every time costs, at 10,000 stories, 37,000 ``mkdir`` and 48,000 ``link`` calls for
the pages kept from the last build, and as many unlinks to delete the old tree afterwards: 5–15 s
of system time on a VM's disk, when one corrected story changes a few dozen files. So with
``--cache`` the tree a swap replaces is kept beside the output (``.NAME-spare``) and is the next
build's staging folder: its folders exist and most of its pages are already the live site's
files (hard links: the two trees share inodes).

The preparation runs on a thread of hubtools.build while Pelican starts: Pelican writes nothing
before its writer exists, and the writer waits for the list of kept pages (HUB_LEFTOVERS).

Sharing inodes is safe under one rule: nothing in a build writes *into* a file it did not create
in that build. ``prepare`` keeps only the pages and search-bundle files that are the very file the
live site has at the same path (same inode: same bytes, whatever happened in between) and deletes
the rest, so every other writer (Pelican's static files, feeds, calendars, the sitemap) writes to
a new file. The two writers of pages honour the rule themselves: the incremental writer keeps a
shared page untouched or unlinks it before writing (plugins/hub_incremental/writer.py), and so
does the 长辈版 mirror (plugins/hub_elder). Kept pages the build does not produce again are
deleted before anything walks the output (plugins/hub_incremental/leftovers.py).
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from hubtools.search_index import BUNDLE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from hub_content.filetree import site_files
from hub_incremental.leftovers import prune  # noqa: F401 (one rule for empty folders, both sides)


def spare_path(target: Path) -> Path:
    """Where the spare of output folder ``target`` lives: a hidden sibling on the same file system."""
    return target.with_name(f".{target.name}-spare")


def inodes(root: Path) -> dict[str, int]:
    """Every file under ``root`` by its relative path, with its inode (from the listing: no stat)."""
    return {rel: entry.inode() for rel, entry in site_files(root)}


def shareable(rel: str) -> bool:
    """Files only writers that never write into an existing file produce: pages and the search bundle."""
    return rel.endswith(".html") or rel.startswith(f"{BUNDLE}/")


@dataclass
class Prepared:
    pages: set[str] = field(default_factory=set)  # kept pages (and 长辈版 twins), shared with the live site
    bundle: set[str] = field(default_factory=set)  # kept search-bundle files, shared likewise
    emptied: set[str] = field(default_factory=set)  # folders a file was deleted from


def plan_spare(spare: dict[str, int], live: dict[str, int]) -> tuple[Prepared, list[str]]:
    """(what to keep, what to delete) for a spare tree given both trees' ``inodes``."""
    kept, delete = Prepared(), []
    for rel, ino in spare.items():
        if shareable(rel) and live.get(rel) == ino:
            (kept.bundle if rel.startswith(f"{BUNDLE}/") else kept.pages).add(rel)
        else:
            delete.append(rel)
            kept.emptied.add(os.path.dirname(rel))
    return kept, sorted(delete)


def worth_reusing(stats: str) -> bool:
    """Whether the spare shares most pages with the live site, from the last build's ``last-build.txt``
    ("R rendered K kept"): the pages it kept are hard links of the spare's. After a build that
    rendered every page an empty folder is the quicker start (the spare is deleted meanwhile)."""
    try:
        rendered, _, kept, _ = stats.split()
        return int(kept) > int(rendered)
    except ValueError:
        return False


def prepare(spare: Path, live: Path) -> Prepared:
    """Make ``spare`` hold only files it shares with ``live``; return what it kept."""
    kept, delete = plan_spare(inodes(spare), inodes(live))
    for rel in delete:
        os.unlink(spare / rel)
    return kept


class Preparation(threading.Thread):
    """``prepare`` on a thread, then the kept pages handed to Pelican's writer through ``leftovers``."""

    def __init__(self, spare: Path, live: Path, leftovers: Path):
        super().__init__(name="prepare-spare")
        self.spare, self.live, self.leftovers = spare, live, leftovers
        self.kept: Prepared | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.kept = prepare(self.spare, self.live)
        except BaseException as exc:  # noqa: BLE001 (re-raised by result(); the writer must stop waiting)
            self.error = exc
        write_leftovers(self.leftovers, self.kept)

    def result(self) -> Prepared:
        self.join()
        if self.error is not None:
            raise self.error
        return self.kept


def carry(live: Path, new: Path, kept: set[str]) -> None:
    """Give ``new`` the live search bundle as hard links (it serves until the index is refreshed)."""
    for name in sorted(inodes(live / BUNDLE)):
        rel = f"{BUNDLE}/{name}"
        if rel not in kept:
            target = new / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(live / rel, target)


def write_leftovers(path: Path, kept: Prepared | None) -> None:
    """Hand the kept pages to the Pelican run (HUB_LEFTOVERS), which claims or deletes each; None:
    the preparation failed. Written whole, then renamed: the writer waits for the name."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(sorted(kept.pages) if kept is not None else None, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
