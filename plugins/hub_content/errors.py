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
    return _display(str(path), os.getcwd())


@lru_cache(maxsize=65536)
def _display(path: str, cwd: str) -> str:
    # Cached: every story's path is shown twice per build (pre-read and read), 20,000 calls.
    p = Path(path)
    # Folders are resolved once each (a site has a few dozen): resolving every file's full
    # path cost a tenth of a 10,000-story rebuild in lstat calls.
    try:
        return str((_resolved(str(p.parent)) / p.name).relative_to(_resolved(cwd)))
    except ValueError:
        return str(p)


@lru_cache(maxsize=1024)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()
