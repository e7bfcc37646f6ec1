"""Read the stories on every core before Pelican asks for them one by one.

Markdown and validation are a third of a full build and each file is independent, so a
fork()ed pool converts them ahead (article_generator_init, when the reader exists and the file
list is known) and the reader takes each result when Pelican reaches that file. Results are
keyed by the file's digest, so a file changed in between is simply read again. Files the
incremental memo already knows are skipped (their memo key is handed over; an unchanged file is
known by its stamp and not read at all); small sites skip the pool (it costs ~0.1 s).
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from .errors import ContentError, display_path
from .reader import HubReader, content_digest

MIN_FILES = 200
CHUNK = 32

_worker_reader: HubReader | None = None  # one per worker process (set by the pool's initializer)


def _init_worker(settings) -> None:
    global _worker_reader  # noqa: PLW0603 (per-process state of a pool worker, not run state)
    _worker_reader = HubReader(settings)


def _convert(job: tuple[str, str]):
    path, shown = job
    data = Path(path).read_bytes()
    try:
        result = _worker_reader.parse(data, Path(path), shown)
    except ContentError as exc:
        return path, content_digest(data), None, exc.problems, None
    # hub_html's transforms too, when it offers them: they are a fifth of a full build's main process.
    early = _worker_reader.settings.get("HUB_PRETRANSFORM")
    return path, content_digest(data), result, None, early(result[0], path, _worker_reader.settings) if early else None


def preread_articles(generator) -> None:
    settings = generator.settings
    workers = int(settings.get("HUB_READ_WORKERS") or 1)
    reader = generator.readers.readers.get("md")
    if workers < 2 or not isinstance(reader, HubReader):
        return
    memo = settings.get("HUB_MEMO")
    jobs = []
    for rel in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, rel))
        shown = display_path(path)
        if memo is not None:
            key, _ = memo.file_key(path, shown)
            if memo.has(key):
                reader.prefetched[path] = key  # the reader need neither read nor digest it again
                continue
        jobs.append((path, shown))
    if len(jobs) < MIN_FILES:
        return
    with multiprocessing.get_context("fork").Pool(workers, _init_worker, (settings,)) as pool:
        done = settings.get("HUB_HTML_DONE")
        for path, digest, result, problems, transformed in pool.imap_unordered(_convert, jobs, chunksize=CHUNK):
            reader.preread[path] = (digest, result, problems)
            if transformed is not None and done is not None:
                done[(path, result[0])] = transformed
