"""Which pages of the previous build can be kept, and what this build's pages depended on.

A page's bytes are a function of (1) the site fingerprint (settings, theme, plugins, packages,
non-article content), (2) the site's structure: every article's and page's metadata (titles,
dates, slugs, tags, order, neighbours, URLs all follow from it), and (3) the HTML of the stories
the page actually read while rendering. (1) keys the cache folder, (2) is one digest, and (3) is
recorded per page by watching ``get_content`` and ``get_summary`` (summaries cut from the text).
So when only story bodies changed, a page is re-rendered exactly when it read one of them;
anything else falls back to rendering every page.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import readahead
from .fingerprint import stable_repr

STATE_VERSION = 1


UNWRITTEN = (0, 0, 0)


@dataclass
class PageRecord:
    reads: frozenset[str]  # source paths whose HTML the page read
    stamp: tuple[int, int, int] = UNWRITTEN  # (inode, size, mtime_ns) of the file written


@dataclass
class BuildState:
    version: int = STATE_VERSION
    structure: str = ""
    bodies: dict[str, str] = field(default_factory=dict)  # source path -> digest of its HTML
    pages: dict[str, PageRecord] = field(default_factory=dict)  # output path -> record


def load_state(path: Path) -> BuildState:
    try:
        state = readahead.load(path)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return BuildState()
    return state if isinstance(state, BuildState) and state.version == STATE_VERSION else BuildState()


# What other plugins derive from a story's text and show on pages that never read that text: the
# communities (hub_communities) and routes (hub_routes) it names. A correction that newly names a
# community changes that community's page, its feed and its calendar: so it is structure.
DERIVED = ("communities", "hub_routes")


def structure_digest(contents, memo=None) -> str:
    """Everything about the site's content except the stories' bodies."""
    h = hashlib.sha256()
    for c in sorted(contents, key=lambda c: c.source_path):
        # URLs and save_as follow from the metadata, the source path and the settings (fingerprint).
        h.update(f"{c.source_path}\0{type(c).__name__}\0".encode())
        model = c.metadata.get("meta_model")
        if model is not None:  # hub_content's validated front matter: the metadata follows from it
            h.update(repr(model).encode())
        else:
            h.update(stable_repr({k: _plain(v) for k, v in c.metadata.items()}).encode())
        for attr in DERIVED:
            related = getattr(c, attr, None)
            if related:
                h.update(f"{attr}\0{chr(1).join(p.source_path for p in related)}\0".encode())
        if type(c).__name__ != "Article":  # pages and other types are few: their bodies count as structure
            h.update(body_digest(c, memo).encode())
    return h.hexdigest()


def _plain(value):
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "slug") and hasattr(value, "name"):  # Category, Tag, Author
        return f"{type(value).__name__}:{value.name}:{value.slug}"
    return value


def body_digest(content, memo=None) -> str:
    """A digest that changes whenever the story's HTML does.

    With the memo, the digest of what the HTML was made from (Memo.made): a key stands for one
    HTML under one site fingerprint, and this state lives in that fingerprint's folder. Hashing
    10,000 bodies afresh was ~0.2 s of every one-edit rebuild; a key is ~100 characters.
    """
    origin = memo.origin(content._content) if memo is not None else None
    if origin is not None:
        return "k" + hashlib.blake2b(origin.encode(), digest_size=20).hexdigest()
    return hashlib.blake2b((content._content or "").encode(), digest_size=20).hexdigest()


class Plan:
    """The run's incremental decisions; lives in the settings dict, never in a module global."""

    def __init__(self, state_file: Path, previous_output: Path | None):
        self.state_file = state_file
        self.previous_output = previous_output
        # Strings: a pathlib join and stat per page were two thirds of reusable() (18,000 pages).
        self._previous = os.fspath(previous_output) if previous_output is not None else None
        self.old = load_state(state_file)
        self.new = BuildState()
        self.changed: set[str] | None = None  # None: render everything
        self._reading: set[str] | None = None
        self.rendered = self.reused = 0

    def start(self, contents, memo=None) -> None:
        """Called once every content object exists, before anything is written."""
        self.new.structure = structure_digest(contents, memo)
        self.new.bodies = {c.source_path: body_digest(c, memo) for c in contents}
        if self.previous_output and self.previous_output.is_dir() and self.old.structure == self.new.structure:
            self.changed = {p for p, d in self.new.bodies.items() if self.old.bodies.get(p) != d}
        for c in contents:
            c.get_content = self._watch(c, c.get_content, always=True)
            # Pelican memoises summaries per (story, siteurl): a second page asking for a summary
            # cut from the story's text would not call get_content, so it is watched as well.
            c.get_summary = self._watch(c, c.get_summary, always=False)

    def _watch(self, content, method, always: bool):
        source = content.source_path

        def watched(siteurl):
            if self._reading is not None and (always or "summary" not in content.metadata):
                self._reading.add(source)
            return method(siteurl)
        return watched

    def reusable(self, name: str) -> str | None:
        """The previous build's file for output ``name`` if nothing it was made from changed."""
        if self.changed is None or self._previous is None:
            return None
        record = self.old.pages.get(name)
        if record is None or not self.changed.isdisjoint(record.reads):
            return None
        old = os.path.join(self._previous, name)
        try:
            st = os.stat(old)
        except OSError:
            return None
        # The very file we wrote (same inode and times), not one edited or replaced since.
        if (st.st_ino, st.st_size, st.st_mtime_ns) != record.stamp:
            return None
        self.new.pages[name] = record
        self.reused += 1
        return old

    @contextmanager
    def rendering(self, name: str):
        self._reading = set()
        try:
            yield
        finally:
            self.new.pages[name] = PageRecord(frozenset(self._reading))
            self._reading = None
            self.rendered += 1

    # hub_split renders part of the site in a forked child: the records it made come back here.
    def mark(self) -> None:
        self._mark = (dict(self.new.pages), self.rendered, self.reused)

    def since_mark(self) -> tuple[dict[str, PageRecord], int, int]:
        pages, rendered, reused = self._mark
        return ({k: v for k, v in self.new.pages.items() if pages.get(k) is not v},
                self.rendered - rendered, self.reused - reused)

    def adopt(self, state: tuple[dict[str, PageRecord], int, int]) -> None:
        pages, rendered, reused = state
        self.new.pages.update(pages)
        self.rendered += rendered
        self.reused += reused

    def save(self, output: Path) -> None:
        if self.rendered == 0 and self.new == self.old:  # every page kept: the state file is current
            return
        root = os.fspath(output)
        for name, record in self.new.pages.items():
            if record.stamp != UNWRITTEN:  # kept: the previous file itself, whose stamp reusable() checked
                continue
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            record.stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(self.new, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.state_file)
