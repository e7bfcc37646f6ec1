"""Checks that need every article and page at once: unique slugs and URLs, distinct names."""

from __future__ import annotations

from .errors import Problem
from .taxonomy import Taxonomy, slug_collisions


def duplicate_urls(items: list[tuple[str, str]]) -> list[Problem]:
    """Problems for (url, path) pairs where two files would write the same URL."""
    first: dict[str, str] = {}
    problems = []
    for url, path in sorted(items, key=lambda x: x[1]):
        if url in first:
            problems.append(Problem(path, None, "slug", f"gives the address /{url} which {first[url]} already uses",
                                    "choose another slug"))
        else:
            first[url] = path
    return problems


def name_collisions(articles, taxonomy: Taxonomy) -> list[Problem]:
    seen: dict[str, dict[str, str]] = {"categories": {}, "tags": {}, "authors": {}}
    for art in articles:
        m = art.meta_model
        seen["categories"].setdefault(m.category, m.path)
        for t in m.tags:
            seen["tags"].setdefault(t, m.path)
        for a in m.authors:
            seen["authors"].setdefault(a, m.path)
    problems = []
    for kind, names in seen.items():
        problems += slug_collisions(kind, names, taxonomy)
    return problems
