"""Read every community file and check them against each other and against the routes' names."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hub_content.errors import ContentError, Problem, display_path
from hub_content.source import read_source
from hub_routes.model import load_routes

from .aliases import AliasTable, Entity
from .model import Community, check_references


def load_communities(paths: Iterable[Path]) -> tuple[list[Community], list[Problem]]:
    """Models sorted by slug (file-system order must not reach the output) and all problems found."""
    models: list[Community] = []
    problems: list[Problem] = []
    for path in paths:
        shown = display_path(path)
        try:
            models.append(Community.from_document(read_source(path, shown)))
        except ContentError as exc:
            problems += exc.problems
    models.sort(key=lambda m: m.slug)
    seen: dict[str, str] = {}
    for m in models:
        if m.slug in seen:
            problems.append(Problem(m.path, None, "slug", f"{m.slug!r} is already used by {seen[m.slug]}",
                                    "choose another slug"))
        seen.setdefault(m.slug, m.path)
    return models, problems + check_references(models)


def community_entities(models: Iterable[Community], sources: dict[str, str]) -> list[Entity]:
    """``sources`` maps a model's path to its content-relative source path (for {filename} links)."""
    return [Entity(f"community:{m.slug}", m.name, sources[m.path], m.path, m.names) for m in models]


def route_entities(routes: Iterable) -> list[Entity]:
    return [Entity(f"route:{r.slug}", r.number, getattr(r, "source_path", r.path), r.path, tuple(r.mentions))
            for r in routes]


def check_communities(content: Path) -> tuple[list[Problem], int]:
    """For `invoke check`: model problems, unknown offices, and aliases claimed twice (routes included)."""
    files = sorted((content / "communities").glob("*.md"))
    models, problems = load_communities(files)
    try:
        routes = load_routes(sorted((content / "routes").glob("*.md")))
    except ContentError:
        routes = ()  # route errors are reported by the route check
    sources = {m.path: f"communities/{Path(m.path).name}" for m in models}
    _, alias_problems = AliasTable.build(community_entities(models, sources) + route_entities(routes))
    return problems + alias_problems, len(files)
