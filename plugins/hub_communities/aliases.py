"""The alias table: every name a community, office or route goes by, mapped to one entity.

One table serves the linker, the community pages ("news that mentions it"), the
importer's tags and the check; an alias claimed by two entities is an error
naming both files, because a link must never guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub_content.errors import Problem


@dataclass(frozen=True)
class Entity:
    key: str  # "community:jinchenghuayuan", "route:s228"
    name: str
    source: str  # content-relative source file, e.g. "communities/jinchenghuayuan.md"
    path: str  # the file as editors see it, for error messages
    names: tuple[str, ...]

    @property
    def href(self) -> str:
        """Pelican's own intrasite link: relative in pages, absolute in feeds, checked at build time."""
        return "{filename}/" + self.source


@dataclass(frozen=True)
class AliasTable:
    by_alias: dict[str, Entity]
    pattern: re.Pattern | None

    @classmethod
    def build(cls, entities: list[Entity]) -> tuple[AliasTable, list[Problem]]:
        by_alias: dict[str, Entity] = {}
        problems = []
        for entity in entities:
            for alias in entity.names:
                other = by_alias.get(alias)
                if other is not None and other.key != entity.key:
                    problems.append(Problem(entity.path, None, "aliases",
                                            f"{alias!r} also names {other.name} in {other.path}",
                                            "remove the alias from one of the two files"))
                    continue
                by_alias[alias] = entity
        # Longest alias first, so 锦程花园社区 wins over 锦程花园 at the same position.
        ordered = sorted(by_alias, key=lambda a: (-len(a), a))
        pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        return cls(by_alias, pattern), problems

    def mentions(self, text: str) -> list[tuple[int, int, Entity]]:
        """Non-overlapping (start, end, entity) spans, leftmost-longest."""
        if self.pattern is None:
            return []
        spans = []
        for m in self.pattern.finditer(text):
            if _inside_latin_word(text, m.start(), m.end()):
                continue
            spans.append((m.start(), m.end(), self.by_alias[m.group()]))
        return spans

    def hrefs(self, kind: str) -> dict[str, str]:
        """Mention → href for one kind of entity ("community", "route"), for hub_html.mentions."""
        return {alias: e.href for alias, e in self.by_alias.items() if e.key.startswith(kind + ":")}

    def entities_in(self, text: str) -> list[Entity]:
        """Entities mentioned in ``text``, in order of first mention, each once."""
        seen: dict[str, Entity] = {}
        for _, _, entity in self.mentions(text):
            seen.setdefault(entity.key, entity)
        return list(seen.values())


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """S228 must not match inside S2280 or AS228: only whole Latin/digit runs count."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    first, last = text[start], text[end - 1]
    return bool((first.isascii() and first.isalnum() and before.isascii() and before.isalnum())
                or (last.isascii() and last.isalnum() and after.isascii() and after.isalnum()))
