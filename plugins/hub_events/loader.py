"""Read every event file and run the checks that need all of them (or the articles) at once.

Shared by the Pelican generator and ``./dev check``, so both report the same problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hub_content.errors import ContentError, Problem, display_path
from hub_content.source import read_source
from hub_content.taxonomy import Taxonomy, slug_collisions

from .model import Event


def event_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.name != "README.md")


def load_events(folder: Path) -> tuple[list[Event], list[Problem]]:
    """Every valid event under ``folder`` and every problem of the others (and of the whole set)."""
    events: list[Event] = []
    problems: list[Problem] = []
    for path in event_files(folder):
        shown = display_path(path)
        try:
            events.append(Event.from_document(read_source(path, shown)))
        except ContentError as exc:
            problems += exc.problems
    problems += duplicate_slugs(events)
    return sorted(events, key=lambda e: e.slug), problems


def duplicate_slugs(events: Iterable[Event]) -> list[Problem]:
    first: dict[str, str] = {}
    problems = []
    for ev in sorted(events, key=lambda e: e.path):
        if ev.slug in first:
            problems.append(Problem(ev.path, None, "slug", f"{ev.slug!r} is already the slug of {first[ev.slug]}",
                                    "give each event its own slug (it is the page address and the calendar UID)"))
        else:
            first[ev.slug] = ev.path
    return problems


def dangling_articles(events: Iterable[Event], known: Iterable[str]) -> list[Problem]:
    """Problems for ``articles:`` entries that name no published article (paths under content/)."""
    known = set(known)
    problems = []
    for ev in events:
        for i, (name, line) in enumerate(zip(ev.articles, ev.article_lines, strict=True)):
            if name not in known:
                problems.append(Problem(ev.path, line, f"articles.{i}", f'"{name}" is not a published article',
                                        "check the path under content/ (e.g. articles/2025/2025-08-20_slug.md)"))
    return problems


def community_collisions(events: Iterable[Event], taxonomy: Taxonomy) -> list[Problem]:
    """Communities are keyed by slug in URLs and feeds: two names must not share one."""
    names: dict[str, str] = {}
    for ev in sorted(events, key=lambda e: e.path):
        if ev.place.community:
            names.setdefault(ev.place.community, ev.path)
    return slug_collisions("tags", names, taxonomy)


def check_events(content: Path, taxonomy: Taxonomy) -> tuple[list[Problem], list[Event]]:
    """What ``./dev check`` runs: the events, their article links (files on disk), their communities."""
    events, problems = load_events(content / "events")
    articles = [p.relative_to(content).as_posix() for p in (content / "articles").rglob("*.md")]
    problems += dangling_articles(events, articles)
    problems += community_collisions(events, taxonomy)
    return problems, events
