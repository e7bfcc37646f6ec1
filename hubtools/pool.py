"""Spread per-page work of the steps after rendering over the machine's cores.

The 长辈版 mirror and the link check treat thousands of pages one by one, each independently, in
pure Python: on a fork()ed pool they take about 1/cores of the time. Few pages run in-process,
where a pool would cost more to start than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

MIN_JOBS = 400
CHUNK = 64
T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """Cores this process may use, at most 4 (HUB_BUILD_WORKERS overrides; 1 turns the pool off)."""
    wanted = os.environ.get("HUB_BUILD_WORKERS")
    if wanted:
        return max(1, int(wanted))
    return max(1, min(4, len(os.sched_getaffinity(0))))


def map_jobs(fn: Callable[[T], R], jobs: list[T], init: Callable[..., None] | None = None,
             initargs: tuple = ()) -> Iterable[R]:
    """``fn`` over ``jobs``, in order; ``init(*initargs)`` sets up each worker (and this process)."""
    count = workers()
    if count < 2 or len(jobs) < MIN_JOBS:
        if init:
            init(*initargs)
        return map(fn, jobs)
    return _pooled(fn, jobs, count, init, initargs)


def _pooled(fn, jobs, count, init, initargs) -> Iterator:
    with multiprocessing.get_context("fork").Pool(count, init, initargs) as pool:
        yield from pool.imap(fn, jobs, chunksize=CHUNK)
