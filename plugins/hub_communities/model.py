"""Communities, offices and places: the model editors write in content/communities/*.md."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub_content.errors import Problem
from hub_content.fields import FieldReader
from hub_content.frontmatter import Document

KINDS = ("社区", "安置区", "小区", "产业园", "学校", "办事处", "商超", "服务场所", "社会组织", "其他")

# field: (required, meaning, example) — also the source of the editor guide's table.
COMMUNITY_FIELDS: dict[str, tuple[bool, str, str]] = {
    "name": (True, "正式名称", "锦程花园社区"),
    "slug": (True, "网址中的英文名", "jinchenghuayuan"),
    "aliases": (False, "新闻里的其他叫法（用于自动识别和链接）", "[锦程花园, 锦程花园小区]"),
    "kind": (True, f"类型：{'、'.join(KINDS)}", "社区"),
    "office": (False, "所属办事处的名称（须有对应的办事处文件）", "前程办事处"),
    "households": (False, "户数（须注明来源）", "3427"),
    "residents": (False, "人口（须注明来源）", "12271"),
    "figures_source": (False, "户数、人口的来源新闻", "articles/2025/2025-08-20_shihe-grid-governance.md"),
    "description": (False, "一句话简介", "明湖办事处辖区的混合型社区。"),
    "sources": (False, "提到它的新闻", "[articles/2025/2025-08-20_s228-shuttle-opens.md]"),
}

ARTICLE_REF = re.compile(r"^articles/\d{4}/[^/]+\.md$")


@dataclass(frozen=True)
class Community:
    path: str
    name: str
    slug: str
    kind: str
    aliases: tuple[str, ...] = ()
    office: str | None = None
    households: int | None = None
    residents: int | None = None
    figures_source: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    body: str = ""

    @property
    def is_office(self) -> bool:
        return self.kind == "办事处"

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling that refers to this place, the official name first."""
        return (self.name, *[a for a in self.aliases if a != self.name])

    @classmethod
    def from_document(cls, doc: Document) -> Community:
        f = FieldReader(doc, frozenset(COMMUNITY_FIELDS))
        name = f.text("name", required=True, max_len=40)
        slug = f.slug()
        kind = f.choice("kind", KINDS)
        if "kind" not in doc.meta:
            f.add("kind", "is missing", f"add 'kind: …' with one of {'、'.join(KINDS)}")
        office = f.text("office")
        if kind == "办事处" and office:
            f.add("office", "an office does not belong to another office", "remove the line")
        households = _count(f, "households")
        residents = _count(f, "residents")
        figures_source = f.text("figures_source")
        if (households or residents) and not figures_source:
            f.add("figures_source", "figures need a source", "add 'figures_source: articles/YYYY/file.md'")
        sources = f.text_list("sources")
        for i, ref in enumerate((figures_source, *sources) if figures_source else sources):
            if not ARTICLE_REF.match(ref):
                key = "figures_source" if figures_source and i == 0 else f"sources.{i - bool(figures_source)}"
                f.add(key, f"{ref!r} is not an article file", "write e.g. articles/2025/2025-08-20_s228-shuttle-opens.md")
        aliases = f.text_list("aliases")
        f.raise_if_any()
        assert name and slug and kind
        return cls(doc.path, name, slug, kind, aliases, office, households, residents, figures_source,
                   f.text("description", max_len=200), sources, doc.body.strip())


def _count(f: FieldReader, key: str) -> int | None:
    raw = f.text(key)
    if raw is None:
        return None
    digits = raw.removesuffix("户").removesuffix("人").replace(",", "")
    if not digits.isdigit():
        f.add(key, f"{raw!r} is not a whole number", f"write digits only, e.g. '{key}: 3427'")
        return None
    return int(digits)


def check_references(communities: list[Community]) -> list[Problem]:
    """Offices named by communities must exist as office files."""
    offices = {c.name for c in communities if c.is_office}
    return [
        Problem(c.path, None, "office", f"no office file is named {c.office!r}",
                f"add content/communities/<slug>.md with 'name: {c.office}' and 'kind: 办事处'")
        for c in communities
        if c.office and c.office not in offices
    ]
