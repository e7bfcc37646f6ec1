"""Rendered files -> disk, safely. The only module that touches the content directory.

``plan`` compares each output with what is on disk and decides, before anything is
written:

* ``create``: the file does not exist;
* ``unchanged``: it exists with exactly this text (importing a page twice changes nothing);
* ``overwrite``: it differs and ``--force`` was given;
* ``conflict``: an *article* differs and no ``--force``: never overwritten (an editor may
  have corrected it by hand); the run ends with exit status 3;
* ``keep``: a *route* file differs and no ``--force``: kept as it is, with a note. Route
  files are shared by many stories and completed by hand (stops, timetables), so the
  importer's first draft never replaces one unless asked; this is not a failure.

``apply`` writes ``create`` and ``overwrite`` files, each to a temporary file in the same
folder first and then renamed over the target, so an interrupted run never leaves half a
post. A dry run calls ``plan`` only.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

CREATE, UNCHANGED, OVERWRITE, CONFLICT, KEEP = "create", "unchanged", "overwrite", "conflict", "keep"
_ARTICLE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>[a-z0-9-]+)\.md$")


@dataclass(frozen=True)
class Output:
    rel: str  # path under the content directory: "articles/2025/2025-08-20_x.md"
    text: str
    kind: str  # "article" | "route"


@dataclass(frozen=True)
class Action:
    output: Output
    path: Path
    status: str

    @property
    def writes(self) -> bool:
        return self.status in (CREATE, OVERWRITE)


def plan(outputs: list[Output], content_dir: Path, *, force: bool) -> list[Action]:
    actions = []
    for output in outputs:
        path = content_dir / output.rel
        if not path.exists():
            status = CREATE
        elif path.read_text(encoding="utf-8") == output.text:
            status = UNCHANGED
        elif force:
            status = OVERWRITE
        else:
            status = CONFLICT if output.kind == "article" else KEEP
        actions.append(Action(output, path, status))
    return actions


def apply(actions: list[Action]) -> None:
    for action in actions:
        if action.writes:
            _atomic_write(action.path, action.output.text)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def existing_posts(content_dir: Path) -> dict[str, str]:
    """``{"2025/s228-shuttle-opens": "2025-08-20"}`` for the posts already written."""
    found: dict[str, str] = {}
    articles = content_dir / "articles"
    if not articles.is_dir():
        return found
    for path in sorted(articles.glob("*/*.md")):
        m = _ARTICLE_NAME.match(path.name)
        if m:
            found[f"{m['date'][:4]}/{m['slug']}"] = m["date"]
    return found
