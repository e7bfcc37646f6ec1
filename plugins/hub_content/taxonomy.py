"""Slugs for categories, tags and reporters, chosen on purpose.

Pelican keys authors, tags and categories by slug and slugifies Chinese with
unidecode, which merges homophones (李静 and 李晶 both become ``li-jing``: one
page, one name lost) and mispronounces polyphones (广场舞 → ``yan-chang-wu``).
So every name gets its slug here: from ``content/taxonomy.yml`` where an editor
chose one, else from pypinyin (phrase-aware, so 广场舞 → ``guangchangwu``), and two
different names that end up with one slug stop the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from .errors import ContentError, Problem
from .frontmatter import Document, parse_mapping

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("categories", "tags", "authors")


@lru_cache(maxsize=4096)  # a pure function of the name; 10,000 stories repeat ~250 names (pypinyin costs ~0.4 ms)
def pinyin_slug(name: str) -> str:
    """ASCII slug for a Chinese name: pinyin without tones, Latin kept, words joined by '-'.

    >>> pinyin_slug("锦程花园社区")
    'jinchenghuayuanshequ'
    """
    parts: list[str] = []
    for chunk in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9]+", name):
        if chunk.isascii():
            parts.append(chunk.lower())
        else:
            parts.append("".join(lazy_pinyin(chunk, style=Style.NORMAL, errors="ignore")).replace("ü", "v"))
    return "-".join(p for p in parts if p)


@dataclass(frozen=True)
class Taxonomy:
    """Chosen slugs per kind; names not listed fall back to pinyin (categories must be listed)."""

    path: str
    chosen: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    def slug(self, kind: str, name: str) -> str:
        return self.chosen.get(kind, {}).get(name) or pinyin_slug(name)

    def is_listed(self, kind: str, name: str) -> bool:
        return name in self.chosen.get(kind, {})

    @property
    def categories(self) -> dict[str, str]:
        return self.chosen.get("categories", {})


def load_taxonomy(path: Path) -> Taxonomy:
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(Problem(shown, None, "taxonomy", "the file is missing",
                                   "restore content/taxonomy.yml from git")) from None
    raw, lines = parse_mapping(text, shown)
    doc = Document(shown, raw, lines)
    problems: list[Problem] = []
    chosen: dict[str, dict[str, str]] = {}
    for kind, table in doc.meta.items():
        if kind not in KINDS:
            problems.append(doc.problem(kind, "is not a taxonomy section", f"use one of {', '.join(KINDS)}"))
            continue
        if not isinstance(table, dict):
            problems.append(doc.problem(kind, "is not a list of 'name: slug' lines", "write one '名称: slug' per line"))
            continue
        seen: dict[str, str] = {}
        for name, slug in table.items():
            key = f"{kind}.{name}"
            if not isinstance(slug, str) or not SLUG_RE.match(slug):
                problems.append(doc.problem(key, f"slug {slug!r} is not lower-case ASCII words joined by '-'",
                                            "write e.g. 'wang-saihua'"))
            elif slug in seen:
                problems.append(doc.problem(key, f"slug {slug!r} is already used by {seen[slug]}",
                                            "give each name its own slug"))
            else:
                seen[slug] = name
        chosen[kind] = {n: s for n, s in table.items() if isinstance(s, str)}
    if problems:
        raise ContentError(problems)
    return Taxonomy(shown, chosen, lines)


def slug_collisions(kind: str, names: dict[str, str], taxonomy: Taxonomy) -> list[Problem]:
    """Problems for different names that share a slug. ``names`` maps name → first file using it."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(names):
        by_slug.setdefault(taxonomy.slug(kind, name), []).append(name)
    problems = []
    for slug, group in sorted(by_slug.items()):
        if len(group) > 1:
            where = "、".join(f"{n}（{names[n]}）" for n in group)
            problems.append(Problem(taxonomy.path, None, f"{kind}.{group[1]}",
                                    f"{where} would all get the slug {slug!r} and share one page",
                                    f"choose a distinct slug for each under '{kind}:' in {taxonomy.path}"))
    return problems
