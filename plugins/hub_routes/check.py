"""Route checks for ``invoke check``: every route file, and every source it names, before any build."""

from __future__ import annotations

from pathlib import Path

from hub_content.errors import ContentError, Problem

from .model import load_routes


def check_routes(content: Path, folders: tuple[str, ...] = ("routes",)) -> tuple[list[Problem], int]:
    """All problems of the route files under ``content`` and the number of files checked."""
    files = [p for sub in folders for p in sorted((content / sub).glob("*.md"))]
    try:
        routes = load_routes(files)
    except ContentError as exc:
        return exc.problems, len(files)
    problems = []
    for route in routes:
        for i, source in enumerate(route.sources):
            if not (content / source).is_file():
                problems.append(Problem(route.path, route.lines.get(f"sources.{i}"), f"sources.{i}",
                                        f'"{source}" is not a file under {content.name}/',
                                        "give the path of a story under content/, e.g. articles/2025/2025-08-20_x.md"))
    return problems, len(files)
