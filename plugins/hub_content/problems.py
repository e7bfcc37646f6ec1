"""The run's list of content problems.

Pelican catches reader exceptions, logs "Could not process" and carries on,
then exits 0. We want every problem listed and a non-zero exit before anything
is written. The list lives in the run's settings dict (a fresh dict for every
run, autoreload included), never in a module global.
"""

from __future__ import annotations

from .errors import ContentError, Problem

KEY = "HUB_PROBLEMS"


def problem_log(settings: dict) -> list[Problem]:
    return settings.setdefault(KEY, [])


def raise_if_problems(settings: dict) -> None:
    problems = problem_log(settings)
    if problems:
        raise ContentError(sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.field)))
