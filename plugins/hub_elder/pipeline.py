"""Each page's 长辈版 twin and both pages' link scans, made on a second core while Pelican writes.

Pelican renders on one core. The twin (a read, a rewrite, a write) and the scans the link check
needs (an HTML parse per page; the twin's scan is derived from its page's, twinscan.py) are
per-page work that would otherwise run after Pelican, over 36,000 files at newsroom scale: done
here, as each page is written, they overlap the rendering and the build waits only for the last
few pages. The worker competes with Pelican for this machine's two cores, so its CPU time is
the full build's too.

One worker process, fork()ed at the start of the run (so it shares little of Pelican's heap),
takes batches of pages in order and keeps the scans it made until the last job saves them;
Pelican's process only hears back each page's file identities. A page that the incremental
writer kept from the previous output (a hard link: same inode, size and mtime) gets its
previous twin linked as well, when the mirror code is the same and that twin is untouched;
nothing of it is parsed (the link check's memo knows both).

When the run ends, pages nobody announced (a plugin writing files itself) are mirrored too, and
any page rewritten after its batch was taken is done again. The scans go to ``HUB_SCANS`` for
hubtools/linkcheck.py; the twins' provenance goes to ``HUB_CACHE/elder.pickle``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from hub_content.filetree import site_files
from hub_html.pagescan import PageScan, scan_html, scan_marked

from .mirror import MIRROR, NOT_MIRRORED, TOGGLE_ATTR, mirror_key, mirrored, rewrite_traced
from .twinscan import twin_scan

BATCH = 64
Identity = tuple[int, int, int]


def identity(path: Path | str) -> Identity:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _inode(path: Path | str) -> int | None:
    try:
        return os.lstat(path).st_ino
    except FileNotFoundError:
        return None


def load_state(path: Path | None) -> tuple[str, dict[str, tuple[Identity, Identity]]]:
    """(mirror key, page -> (identity of the page, identity of its twin)) of the previous build."""
    if path is None or not path.is_file():
        return "", {}
    try:
        with path.open("rb") as fh:
            key, pages = pickle.load(fh)  # noqa: S301 (our own file in the build cache)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return "", {}
    return key, pages


def _save(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


# (page, its identity, its twin's identity, whether the twin was written (False: linked))
Result = tuple[str, Identity, Identity, bool]


class Twins:
    """Makes the twins of one output folder and keeps the scans; lives in the worker process."""

    def __init__(self, output: Path, previous: Path | None, old: dict[str, tuple[Identity, Identity]]):
        self.output, self.previous, self.old = output, previous, old
        self.root = os.fspath(output)  # paths as strings: pathlib's objects cost more than the work here
        self.scans: dict[str, tuple[Identity, PageScan]] = {}
        self._folders: set[str] = set()  # twin folders made (or found) this run

    def make(self, rel: str) -> Result:
        page, twin = os.path.join(self.root, rel), os.path.join(self.root, MIRROR, rel)
        new_folder = self._folder(os.path.dirname(twin))
        page_id = identity(page)
        kept = self._link_previous(rel, page_id, twin)
        if kept is not None:
            return rel, page_id, kept, False
        with open(page, "rb") as fh:
            data = fh.read()
        text = data.decode("utf-8")
        if "\r" in text:  # as Path.read_text read it (universal newlines): twins and scans stay the same
            text, data = text.replace("\r\n", "\n").replace("\r", "\n"), None
        elder, trace = rewrite_traced(text, rel)
        body = elder.encode("utf-8")
        if not new_folder:
            _remove(twin)  # a twin made earlier this run may be a link: never write into it
        with open(twin, "wb") as fh:
            fh.write(body)
        twin_id = identity(twin)
        # sys.intern: navigation links repeat on every page, keep one copy (a C call, not a Python one).
        # The parser is given bytes where we have them: it would encode the text to UTF-8 again.
        scan, marks = scan_marked(text if data is None else data, TOGGLE_ATTR, sys.intern)
        self.scans[rel] = (page_id, scan)
        # The twin's scan from the page's (twinscan.py), or, when that cannot be sure, by parsing it.
        derived = twin_scan(text, rel, scan, marks, trace, data, sys.intern)
        self.scans[f"{MIRROR}/{rel}"] = (twin_id, derived if derived is not None else scan_html(body, sys.intern))
        return rel, page_id, twin_id, True

    def _folder(self, folder: str) -> bool:
        """Make the twin's folder unless this run did already; whether it was made just now (then it
        holds no twin to replace). One mkdir call for a new folder."""
        if folder in self._folders:
            return False
        self._folders.add(folder)
        try:
            os.mkdir(folder)
        except FileExistsError:
            return False
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        return True

    def save_scans(self, path: Path | None, written: int, kept: int) -> None:
        if path is not None:
            _save(path, {"scans": self.scans, "written": written, "kept": kept})

    def _link_previous(self, rel: str, page_id: Identity, twin: str) -> Identity | None:
        """Link the previous twin if it was made from this very page and is untouched."""
        recorded = self.old.get(rel)
        if self.previous is None or recorded is None or recorded[0] != page_id:
            return None
        old = os.path.join(self.previous, MIRROR, rel)
        try:
            if identity(old) != recorded[1]:
                return None
            if _inode(twin) != recorded[1][0]:  # in a reused spare tree it often is that file already
                _remove(twin)
                os.link(old, twin)
        except OSError:
            return None
        return recorded[1]


_twins: Twins | None = None


def _init(output: Path, previous: Path | None, old: dict) -> None:
    global _twins  # noqa: PLW0603 (per-process state of the pool worker)
    _twins = Twins(output, previous, old)


def _batch(rels: list[str]) -> list[Result]:
    return [_twins.make(rel) for rel in rels]


def _save_scans(path: Path | None, written: int, kept: int) -> None:
    _twins.save_scans(path, written, kept)


def _ready() -> None:
    """A first job, so the worker is fork()ed now, while Pelican's heap is still small."""


class Pipeline:
    """One Pelican run's twins: announced pages in, results gathered at the end."""

    def __init__(self, output: Path, previous: Path | None, state_file: Path | None, scans_file: Path | None,
                 workers: int = 1):
        self.output, self.state_file, self.scans_file, self.workers = output, state_file, scans_file, workers
        self.root = os.fspath(output)
        self._prefix = os.path.join(os.path.abspath(output), "")  # how Pelican's writer spells the pages' paths
        self.key = mirror_key()
        old_key, old = load_state(state_file)
        reuse = previous is not None and previous.is_dir() and old_key == self.key
        self.args = (output, previous if reuse else None, old if reuse else {})
        self._start()
        if workers > 0:
            self._fork()  # now, while Pelican's heap is still small

    def _start(self) -> None:
        """Set up for a run (again, for ``pelican --autoreload``, which reuses the settings)."""
        self.pending: list[str] = []
        self.announced: set[str] = set()
        self.futures: list[Future] = []
        self.executor: ProcessPoolExecutor | None = None
        self.local = Twins(*self.args) if self.workers < 1 else None

    def _fork(self) -> None:
        # One worker: jobs run in order in one process, which keeps every scan until the last.
        self.executor = ProcessPoolExecutor(1, multiprocessing.get_context("fork"), _init, self.args)
        # With fork, the first submit forks the worker; waiting for the job would only add its start-up.
        self.executor.submit(_ready)

    def written(self, path: str) -> None:
        # Cut off the output folder rather than ask relpath (a third of announcing a kept page);
        # a path that is not plainly below it (a "." part, a doubled "/") still goes through relpath.
        rel = path[len(self._prefix):] if path.startswith(self._prefix) else ""
        if not rel or rel.startswith((".", "/")) or "/." in rel or "//" in rel:
            rel = os.path.relpath(path, self.output)
        rel = rel.replace(os.sep, "/")
        if not mirrored(rel):
            return
        self.announced.add(rel)
        self.pending.append(rel)
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        self.futures.append(self._run(_batch, self.pending))
        self.pending = []

    def _run(self, fn, *args) -> Future:
        if self.workers > 0:
            if self.executor is None:  # a later autoreload run
                self._fork()
            return self.executor.submit(fn, *args)
        global _twins  # noqa: PLW0603 (the in-process "worker")
        _twins = self.local
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def finish(self, finished: dict[str, os.DirEntry] | None = None) -> dict[str, Result]:
        """Wait for the worker; mirror what it missed; save the state and the scans.

        ``finished``: ``finished_pages(output)`` if it was taken after Pelican's last write.
        """
        try:
            pages = mirrored_pages(self.output, finished)
            for rel in sorted(pages.keys() - self.announced):
                self.written(os.path.join(self.root, rel))
            self._flush()
            results: dict[str, Result] = {}
            for future in self.futures:
                results.update((r[0], r) for r in future.result())
            # A page written again after its batch was taken (Pelican's override rules): again.
            # (The listing's entries are stat-ed now, after the batches, and only now.)
            redo = [rel for rel, r in results.items() if _current(pages.get(rel), self.root, rel) != r[1]]
            if redo:
                results.update((r[0], r) for r in self._run(_batch, redo).result())
            written = sum(1 for r in results.values() if r[3])
            self._run(_save_scans, self.scans_file, written, len(results) - written).result()
        finally:
            if self.executor is not None:
                self.executor.shutdown()
            self.executor = None
        if self.state_file is not None:
            _save(self.state_file, (self.key, {rel: (r[1], r[2]) for rel, r in sorted(results.items())}))
        return results

    def restart(self) -> None:
        """Ready for another run of the same Pelican object (autoreload): nothing is reused, and
        the worker is forked only if pages are written again."""
        self.args = (self.output, None, {})
        self._start()


def mirrored_pages(output: Path, finished: dict[str, os.DirEntry] | None = None) -> dict[str, os.DirEntry]:
    """Every page in ``output`` that gets a twin, with its directory entry: one walk finds the
    pages no content_written signal named and gives the paths to stat when checking the rest.
    ``finished``: that walk already taken (``finished_pages``, which skips what NOT_MIRRORED does)."""
    found = finished.items() if finished is not None else site_files(output, skip=NOT_MIRRORED)
    return {rel: entry for rel, entry in found if mirrored(rel)}


def _current(entry: os.DirEntry | None, root: str, rel: str) -> Identity:
    """The page's identity now (``entry.stat()`` is not cached before its first call)."""
    if entry is None:  # not found by the walk: as identity() always did, stat it (or fail)
        return identity(os.path.join(root, rel))
    st = entry.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns
