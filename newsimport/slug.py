"""Short, readable, stable ASCII slugs: ``s228-shuttle-opens``, ``shihe-grid-governance``.

A slug is ``subject-topic-action``, each part optional, all from the story's own text so
importing the same page again gives the same slug:

* **subject**: the route numbers in the headline, else those the story announces, at most
  three (``s228``, ``s301-s302-s303``); else the community mentioned most often in the
  story (ties: first mentioned), written with ``gazetteer.PLACE_SLUGS`` (``世和`` ->
  ``shihe``) or, for places not listed there, its pypinyin without tones (``瑞秀`` ->
  ``ruixiu``); else the office (办事处) mentioned most often, the same way; else a road
  named in the headline, in pypinyin (``航海东路`` -> ``hanghaidonglu``).
* **topic**: the first row of ``TOPICS`` whose keywords all occur in the headline; if
  none, the first row whose keywords all occur in the headline and the lead together
  (``接驳`` -> ``shuttle``, ``网格`` -> ``grid-governance``, ``大学生`` + ``志愿`` ->
  ``student-volunteers``). Rows are ordered from specific to general.
* **action**: the first row of ``ACTIONS`` whose keyword is in the headline (``开通`` ->
  ``opens``).
* **fallback**: with no topic, the pypinyin of the title's first four Chinese characters,
  in two-syllable words, less the place the subject names (``明湖办事处打造互嵌式…`` ->
  ``minghu-dazao-huqian``).

Only ``a-z``, ``0-9`` and ``-``; at most ``MAX_LENGTH`` characters, cut at a hyphen. Two
stories of one page (or a story and an existing post of the same year, since the URL
holds only the year) never share a slug: ``unique`` adds ``-2``, ``-3``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin

from . import gazetteer
from .textfix import is_han

MAX_LENGTH = 48
MAX_ROUTES = 3

TOPICS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("接驳",), "shuttle"),
    (("夜班", "公交"), "night-bus"),
    (("定制公交",), "custom-bus"),
    (("快速公交",), "brt"),
    (("公交", "线路"), "bus"),
    (("地铁",), "metro"),
    (("停车",), "parking"),
    (("路灯",), "streetlights"),
    (("口袋公园",), "pocket-park"),
    (("网格",), "grid-governance"),
    (("物业",), "property-management"),
    (("议事",), "residents-council"),
    (("诈骗",), "anti-fraud"),
    (("大学生", "志愿"), "student-volunteers"),
    (("志愿",), "volunteers"),
    (("义诊",), "free-clinic"),
    (("献血",), "blood-drive"),
    (("运动会",), "sports-games"),
    (("合唱",), "choir"),
    (("文艺", "演出"), "arts-show"),
    (("读书",), "reading"),
    (("非遗",), "heritage"),
    (("养老",), "elderly-care"),
    (("重阳",), "double-ninth"),
    (("电梯",), "elevators"),
    (("菜园",), "vegetable-garden"),
    (("生活圈",), "living-circle"),
    (("适老",), "elderly-friendly"),
    (("招聘",), "job-fair"),
    (("就业",), "jobs"),
    (("培训",), "training"),
    (("开学",), "school-year"),
    (("课堂",), "after-school"),
)

ACTIONS: tuple[tuple[str, str], ...] = (
    ("开通", "opens"),
    ("开行", "opens"),
    ("揭牌", "opens"),
    ("开业", "opens"),
    ("开幕", "opens"),
    ("启用", "opens"),
    ("启动", "launch"),
    ("成立", "founded"),
    ("调整", "changes"),
    ("延伸", "extended"),
    ("改造", "upgraded"),
    ("停运", "suspended"),
)


def pinyin_word(chinese: str) -> str:
    """``瑞秀`` -> ``ruixiu``: toneless pinyin, ASCII letters only."""
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(chinese, style=Style.NORMAL, errors="ignore")).lower())


def place_word(name: str) -> str:
    base = re.sub(r"(社区|办事处)$", "", name)
    return gazetteer.PLACE_SLUGS.get(base) or pinyin_word(base)


def subject(headline: str, text: str, announced_routes: Iterable[str]) -> tuple[str, str]:
    """(slug word, the Chinese name it stands for)."""
    in_headline = gazetteer.route_numbers(headline)
    routes = in_headline or list(announced_routes)
    if routes:
        return "-".join(r.lower() for r in routes[:MAX_ROUTES]), ""
    for names in (gazetteer.communities(text), gazetteer.offices(text)):
        if names:
            counts = gazetteer.mention_counts(text, names)
            best = max(names, key=lambda n: (counts[n], -names.index(n)))
            return place_word(best), best
    roads = gazetteer.roads(headline)
    return (pinyin_word(roads[0]), roads[0]) if roads else ("", "")


def topic(headline: str, lead: str) -> str:
    # The headline first: "“四点半课堂”开课" is about the class, though its lead names volunteers.
    for text in (headline, headline + "\n" + lead):
        found = next((words for keys, words in TOPICS if all(k in text for k in keys)), "")
        if found:
            return found
    return ""


def action(headline: str) -> str:
    return next((word for key, word in ACTIONS if key in headline), "")


def fallback(title: str) -> str:
    han = "".join(c for c in title if is_han(c))[:4]
    syllables = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
    return "-".join("".join(syllables[i : i + 2]) for i in range(0, len(syllables), 2))


def make_slug(title: str, headline: str, lead: str, text: str, announced_routes: Iterable[str] = ()) -> str:
    word, name = subject(headline, text, announced_routes)
    words = [word]
    found = topic(headline, lead)
    # The fallback leaves out the place the subject already names ("minghu-minghu-…").
    words.append(found or fallback(title.replace(name, "") if name else title))
    act = action(headline)
    if act and act not in found:
        words.append(act)
    return clean("-".join(w for w in words if w)) or "story"


def clean(slug: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] if "-" in slug[:MAX_LENGTH] else slug[:MAX_LENGTH]
    return slug


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… if it is taken."""
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"
