"""The one error type every content problem is reported with.

Editors are not programmers: every message names the file, the line, the field,
what is wrong and how to fix it, in the form compilers use
(``content/events/x.md:4: start: "2025-13-01" is not a date — use YYYY-MM-DD HH:MM``)
so that editors' tools and CI annotate the right line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file."""

    path: str
    line: int | None
    field: str
    problem: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.problem} — {self.fix}"


class ContentError(ValueError):
    """One or more problems in content files; ``str()`` lists them one per line."""

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: str | Path) -> str:
    """Path as editors see it: relative to the working directory when inside it."""
    return _display(os.fspath(path), os.getcwd())


@lru_cache(maxsize=65536)
def _display(path: str, cwd: str) -> str:
    # Cached: every story's path is shown twice per build (pre-read and read), 20,000 calls.
    # And worked out per folder: a site has a few dozen, and pathlib's parsing and resolving of
    # each file's full path cost ~35 µs a story, a tenth of a 10,000-story rebuild's pre-read.
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):  # not a plain file name (pathlib drops or keeps these its own way)
        return _display_whole(path, cwd)
    inside, shown, below = _display_folder(folder, cwd)
    if inside:
        return name if shown == "." else f"{shown}/{name}"
    if name == below:  # the working directory itself
        return "."
    return f"{shown}{name}" if shown.endswith("/") else f"{shown}/{name}"


@lru_cache(maxsize=1024)
def _display_folder(folder: str, cwd: str) -> tuple[bool, str, str | None]:
    """(whether ``folder`` is inside ``cwd``, the folder as files in it are shown, and the name
    of the working directory when it is an entry of this folder)."""
    here, there = _resolved(cwd), _resolved(os.path.join(cwd, folder))
    try:
        return True, str(there.relative_to(here)), None
    except ValueError:
        return False, str(Path(folder)), here.name if here.parent == there else None


def _display_whole(path: str, cwd: str) -> str:
    p = Path(path)
    try:
        return str((_resolved(os.path.join(cwd, p.parent)) / p.name).relative_to(_resolved(cwd)))
    except ValueError:
        return str(p)


@lru_cache(maxsize=1024)
def _resolved(folder: str) -> Path:
    # Folders are resolved once each: resolving every file's full path cost a tenth of a
    # 10,000-story rebuild in lstat calls.
    return Path(folder).resolve()
