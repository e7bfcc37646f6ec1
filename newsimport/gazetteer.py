"""Names of places and organisations the paper writes about, and how tags are found.

Chinese has no spaces between words, so names cannot be cut out of running text
reliably without a dictionary. Tags therefore come from two sources, both deliberately
conservative (a missing tag costs an editor a minute; a wrong tag like ``区各办事处``
costs a tag page full of nonsense):

1. **The gazetteer** below: names seen in the paper, matched literally. Extend it as new
   pages name new places; every name here is only ever used when it occurs in the text.
2. **Patterns** with an anchor that marks where a name starts:
   * route numbers: ``S228路``, ``K1路``, ``１２路`` (full-width digits folded): letters
     (0–3) and digits (1–4) before ``路``, not followed by ``口``/``段``/``灯``;
   * communities: ``XX社区`` right after ``办事处``, ``经开区``, ``街道`` or ``镇``, XX being 2–4
     characters (``明湖办事处世和社区`` -> ``世和社区``; the paper names a community this
     way on first mention);
   * offices: the two characters before ``办事处`` (every office of the district has a
     two-character name: 明湖, 前程, 潮河, …), unless the gazetteer knows a longer name;
   * roads: the items of a ``途经…`` enumeration ending in 路/大道/大街/街 (split at ``、``);
   * organisations: ``郑州…``, ``河南…`` or ``经开区…`` followed by at most 12 characters and
     公司/学院/大学/医院/协会/中心 (formal names carry their city or province), never
     containing 社区, 办事处 or 的.

Tags are listed as routes, communities, offices, roads, organisations, each group in the
order of first mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .textfix import fold

COMMUNITIES = ("锦程花园社区", "世和社区", "亚太社区")
OFFICES = ("明湖办事处", "前程办事处")
ROADS = ("鹏程大道", "禄达东路", "前程大道", "启航路", "金柳南路", "经开第二大街", "航海东路")
ORGANISATIONS = ("郑州公交第四运营公司", "河南机电职业学院", "经开区良酷志愿服务中心")

# Slug words for place names (used by slug.py); anything else falls back to pypinyin.
PLACE_SLUGS = {
    "世和": "shihe",
    "亚太": "yatai",
    "锦程花园": "jincheng",
    "明湖": "minghu",
    "前程": "qiancheng",
    "瑞秀": "ruixiu",
}

ROUTE_RE = re.compile(r"(?<![A-Za-z0-9])(?P<number>[A-Za-z]{0,3}\d{1,4})路(?![口段灯])")
_COMMUNITY_RE = re.compile(r"(?:办事处|经开区|街道|镇)(?P<name>[\u4e00-\u9fff]{2,4}?)社区")
_OFFICE_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2})办事处")
_ORG_RE = re.compile(r"(?:郑州|河南|经开区)[\u4e00-\u9fff]{2,12}?(?:公司|学院|大学|医院|协会|中心)")
THROUGH_RE = re.compile(r"途经(?:道路)?(?:为|有|[:：])?(?P<items>[^。；;，,:：]+)")  # also used by routes.py
_ROAD_SUFFIX = re.compile(r"(大道|大街|路|街)$")
# Characters that show a pattern caught a phrase, not a name: "经开区首届社区" -> "首届".
# A community name may contain 和 (祥和社区) but not start with it; an office name (two
# characters) never holds one of these.
_NOT_A_COMMUNITY = re.compile(r"^[的和与在及各该本区市等个两多为是了将首届第全新老]|的")
_NOT_AN_OFFICE = re.compile(r"[的在及各该本区市等个两多为是了将首届第全]")
_NOT_A_ROAD = ("道路", "线路", "马路", "公路", "思路", "出路", "一路", "沿路")


def route_numbers(text: str) -> list[str]:
    """Route numbers in order of first mention, upper-case ASCII: ``['S228']``."""
    return _unique(m.group("number").upper() for m in ROUTE_RE.finditer(fold(text)))


def communities(text: str) -> list[str]:
    found = [(text.find(name), name) for name in COMMUNITIES if name in text]
    for m in _COMMUNITY_RE.finditer(text):
        if not _NOT_A_COMMUNITY.search(m.group("name")):
            found.append((m.start("name"), m.group("name") + "社区"))
    return _unique(name for _, name in sorted(found))


def offices(text: str) -> list[str]:
    found = [(text.find(name), name) for name in OFFICES if name in text]
    for m in _OFFICE_RE.finditer(text):
        name = m.group("name")
        known = next((o for o in OFFICES if o.endswith(name + "办事处")), None)
        if known or not _NOT_AN_OFFICE.search(name):
            found.append((m.start(), known or name + "办事处"))
    return _unique(name for _, name in sorted(found))


def roads(text: str) -> list[str]:
    found = [(text.find(name), name) for name in ROADS if name in text]
    for m in THROUGH_RE.finditer(text):
        start = m.start("items")
        for item in enumeration(m.group("items")):
            if _ROAD_SUFFIX.search(item) and not item.endswith(_NOT_A_ROAD) and 2 <= len(item) <= 8:
                found.append((start + m.group("items").find(item), item))
    return _unique(name for _, name in sorted(found))


def organisations(text: str) -> list[str]:
    found = [(text.find(name), name) for name in ORGANISATIONS if name in text]
    for m in _ORG_RE.finditer(text):
        if not re.search(r"社区|办事处|的", m.group(0)):
            found.append((m.start(), m.group(0)))
    # A longer name found at the same place wins ("经开区良酷志愿服务中心" over a shorter match).
    names = _unique(name for _, name in sorted(found))
    return [n for n in names if not any(n != other and n in other for other in names)]


def enumeration(items: str) -> list[str]:
    """``A、B以及C等多条道路`` -> [A, B, C]: split at 、 and 以及, cut ``等…`` off the end.

    Not at 和 or 与: they occur inside names (祥和社区), and a wrong split invents places.
    """
    items = re.split(r"等", items, maxsplit=1)[0]
    return [p.strip() for p in re.split(r"、|以及", items) if p.strip()]


def tags(text: str, extra_roads: Iterable[str] = ()) -> list[str]:
    """Every tag of a story's text, grouped and ordered as the module docstring says."""
    groups = [
        [n + "路" for n in route_numbers(text)],
        communities(text),
        offices(text),
        _unique([*roads(text), *extra_roads]),
        organisations(text),
    ]
    return _unique(tag for group in groups for tag in group)


def mention_counts(text: str, names: Iterable[str]) -> dict[str, int]:
    return {name: text.count(name) for name in names}


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
