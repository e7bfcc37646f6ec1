"""Route announcements in a story -> route drafts (``content/routes/<number>.md``).

A story *announces* a route when, after a mention of its number (``S228路``), the text
gives at least one of its facts. Each fact belongs to the route mentioned last before it,
so one story can announce several lines (``S301路首末站为…。S302路…``). Facts, matched on
the text with full-width letters and digits folded (``６：１５`` counts as ``6:15``):

=============  =====================================================  =================
field          found in                                               example
=============  =====================================================  =================
hours          ``首末班(车)(时间)(为|：)T~T`` (any dash, ``至``, ``到``);   6:15 / 20:30
               else ``首班…T`` and ``末班…T``; direction 全程
termini        ``首末站(为|：)A—B`` (``—``, ``-``, ``~``, ``至``, ``到``), ``首末站为A和B``;
               else ``起点站…A`` + ``终点站…B``
roads          ``途经(道路)(：)A、B…等…`` (gazetteer.enumeration)          鹏程大道…
serves         ``A、B…等社区/小区/商超/学校/村/园区``, ``为``/``服务``… cut off  锦程花园…
operator       ``郑州|河南|经开区…公交|客运|巴士…公司|集团``               郑州公交第四运营公司
partners       ``公司联合A、B，``                                            前程办事处…
kind           the words after the number (``S228路社区接驳巴士``), else the
               route's text, else the story's: 接驳 -> 社区接驳巴士, 快速公交/BRT,
               夜班, 定制, 公交/巴士 -> 常规公交 (铁路 only right after the number)
opened         ``M月D日…开通/开行/投入运营`` in one sentence, the story's year;
               in the route's own text, else the story's first such date; else
               the story's date when the story says 开通/开行 (with a warning)
status         暂停/停运 -> 暂停; 调整/改线/延伸 -> 调整; else 运营
headway, fare  ``发车间隔N分钟``, ``票价N元``: into the notes (body); for every
               route when the sentence says 均/都/N条线路
=============  =====================================================  =================

Fields of the route format in COMMON.md that are not found are left out, and the draft is
marked ``draft: true`` with the list of what is missing in its notes, when any of
``REQUIRED`` is missing: the routes plugin then shows or skips it, and an editor completes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import gazetteer
from .textfix import fold

REQUIRED = ("name", "kind", "operator", "opened", "status", "hours", "roads")
# How the notes of a draft name a missing field, for the editor who completes it.
FIELD_LABELS = {
    "name": "名称",
    "kind": "线路类型",
    "operator": "运营单位",
    "opened": "开通日期",
    "status": "状态",
    "hours": "首末班时间",
    "roads": "途经道路",
}
KINDS = ("社区接驳巴士", "常规公交", "快速公交", "夜班公交", "定制公交", "铁路", "其他")

_T = r"\d{1,2}[:：]\d{2}"
_TO = r"[~～\-—–－至到]+"
_HOURS = re.compile(rf"首末班(?:车)?(?:时间)?(?:为|是|[:：])?\s*(?P<first>{_T})\s*{_TO}\s*(?P<last>{_T})")
_FIRST = re.compile(rf"首班(?:车)?(?:时间)?(?:为|是|[:：])?\s*(?P<t>{_T})")
_LAST = re.compile(rf"末班(?:车)?(?:时间)?(?:为|是|[:：])?\s*(?P<t>{_T})")
_TERMINI = re.compile(
    r"首末站(?:点)?(?:分别)?(?:为|是|[:：])?\s*(?P<a>[^,，。;；:：—\-~～]{2,20}?)"
    r"(?:——|—|-|~|～|至|到)(?P<b>[^,，。;；]{2,20}?)(?=[,，。;；]|$)"
)
_TERMINI_AND = re.compile(
    r"首末站(?:点)?(?:分别)?为(?P<a>[^,，。;；]{2,20}?)[和与](?P<b>[^,，。;；]{2,20}?)(?=[,，。;；]|$)"
)
_START = re.compile(r"起点站?(?:为|是|[:：])?(?P<a>[^,，。;；]{2,20}?)(?=[,，。;；]|$)")
_END = re.compile(r"终点站?(?:为|是|[:：])?(?P<b>[^,，。;；]{2,20}?)(?=[,，。;；]|$)")
_SERVES = re.compile(r"(?P<items>[^,，。;；:：]+?)等(?:社区|小区|商超|学校|村|园区|单位)")
_SERVES_PREFIX = re.compile(r"^(?:为|服务|覆盖|连接|串联|方便|惠及|沿线|途经|辐射)+")
_OPERATOR = re.compile(
    r"(?:郑州|河南|经开区)[\u4e00-\u9fff]{0,10}?(?:公交|客运|巴士)[\u4e00-\u9fff]{0,10}?(?:公司|集团)"
)
_PARTNERS = re.compile(r"公司联合(?P<items>[^,，。;；]+)")
# A date and an opening verb in the same sentence: "9月10日起，S301路…3条线路正式开通".
_OPENED = re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日[^。；;！!？?]{0,40}?(?:开通|开行|试运营|投入运营)")
_HEADWAY = re.compile(r"[^。；;]{0,12}发车间隔(?:均|都)?(?:为|约|[:：])?\s*(?P<v>\d+(?:[-~～—至]\d+)?)\s*分钟")
_FARE = re.compile(r"[^。；;]{0,12}票价(?:均|都)?(?:为|是|[:：])?\s*(?P<v>\d+(?:\.\d+)?)\s*元")
_ALL = re.compile(r"均|都|各条|[0-9一二三四五六七八九十两]+条线路")
_KIND_AFTER = re.compile(r"^(社区接驳巴士|接驳巴士|快速公交|夜班公交|定制公交|公交|巴士)")
_NAME_SUFFIX = re.compile(r"^(?P<s>社区接驳巴士|接驳巴士|社区巴士|快速公交|夜班公交|定制公交|公交专线|专线)")


@dataclass(frozen=True)
class Hours:
    direction: str
    first: str
    last: str


@dataclass(frozen=True)
class RouteDraft:
    number: str
    name: str
    kind: str | None = None
    operator: str | None = None
    partners: tuple[str, ...] = ()
    opened: str | None = None
    status: str = "运营"
    hours: tuple[Hours, ...] = ()
    termini: tuple[str, ...] = ()
    roads: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()
    headway: str | None = None
    fare: str | None = None
    sources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f for f in REQUIRED if not getattr(self, f))

    @property
    def draft(self) -> bool:
        return bool(self.missing)

    @property
    def file_name(self) -> str:
        return f"{self.number.lower()}.md"


@dataclass
class _Facts:
    number: str
    hours: list[Hours]
    termini: list[str]
    roads: list[str]
    serves: list[str]
    segment: str = ""
    opened: str | None = None
    headway: str | None = None
    fare: str | None = None

    @property
    def announced(self) -> bool:
        return bool(self.hours or self.termini or self.roads or self.serves)


def find_routes(text: str, story_date: str, source: str) -> list[RouteDraft]:
    """Route drafts for every route the story's text announces (see the module docstring)."""
    folded = fold(text)
    mentions = [(m.start(), m.group("number").upper(), m.end()) for m in gazetteer.ROUTE_RE.finditer(folded)]
    if not mentions:
        return []
    facts: dict[str, _Facts] = {}
    for _, number, _ in mentions:
        facts.setdefault(number, _Facts(number, [], [], [], []))

    def owner(pos: int) -> _Facts:
        before = [number for start, number, _ in mentions if start <= pos]
        return facts[before[-1] if before else mentions[0][1]]

    # Each route's own stretch of text: from its mention to the next other route's mention.
    for k, (start, number, _) in enumerate(mentions):
        end = next((s for s, other, _ in mentions[k + 1 :] if other != number), len(text))
        facts[number].segment += text[start:end]

    for m in _HOURS.finditer(folded):
        owner(m.start()).hours.append(Hours("全程", _time(m.group("first")), _time(m.group("last"))))
    for f in facts.values():
        if not f.hours:
            seg = fold(f.segment)
            first, last = _FIRST.search(seg), _LAST.search(seg)
            if first and last:
                f.hours.append(Hours("全程", _time(first.group("t")), _time(last.group("t"))))
    for m in [*_TERMINI.finditer(folded), *_TERMINI_AND.finditer(folded)]:
        f = owner(m.start())
        if not f.termini:
            f.termini.extend([text[m.start("a") : m.end("a")].strip(), text[m.start("b") : m.end("b")].strip()])
    for f in facts.values():
        seg = f.segment
        if not f.termini:
            a, b = _START.search(seg), _END.search(seg)
            if a and b:
                f.termini.extend([a.group("a").strip(), b.group("b").strip()])
    for m in gazetteer.THROUGH_RE.finditer(folded):
        items = text[m.start("items") : m.end("items")]
        owner(m.start()).roads.extend(i for i in gazetteer.enumeration(items) if re.search(r"(大道|大街|路|街)$", i))
    for m in _SERVES.finditer(folded):
        raw = text[m.start("items") : m.end("items")]
        items = gazetteer.enumeration(_SERVES_PREFIX.sub("", raw))
        if len(items) >= 2:
            owner(m.start()).serves.extend(items)
    # The opening date: in the route's own stretch of text, else the story's first one
    # (the lead usually opens all the lines it names on one day).
    story_opened = _OPENED.search(folded)
    for f in facts.values():
        m = _OPENED.search(fold(f.segment)) or story_opened
        if m:
            f.opened = f"{story_date[:4]}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    # Headway and fare belong to the route named before them, or to every route when the
    # sentence says so ("三条线路票价均为1元").
    for pattern, name in ((_HEADWAY, "headway"), (_FARE, "fare")):
        for m in pattern.finditer(folded):
            value = m.group("v") + ("分钟" if name == "headway" else "元")
            targets = facts.values() if _ALL.search(m.group(0)) else [owner(m.start("v"))]
            for f in targets:
                setattr(f, name, value)

    operator = _operator(text)
    partners = _partners(text)
    drafts = []
    for number in dict.fromkeys(n for _, n, _ in mentions):
        f = facts[number]
        if not f.announced:
            continue
        warnings: list[str] = []
        opened = f.opened
        if opened is None and re.search(r"开通|开行", text):
            opened = story_date
            warnings.append(f"{number}: opening date taken from the story's date")
        name, kind = _name_and_kind(number, f.segment or text, text)
        drafts.append(
            RouteDraft(
                number=number,
                name=name,
                kind=kind,
                operator=operator,
                partners=tuple(partners),
                opened=opened,
                status=_status(f.segment or text),
                hours=tuple(dict.fromkeys(f.hours)),
                termini=tuple(dict.fromkeys(f.termini)),
                roads=tuple(dict.fromkeys(f.roads)),
                serves=tuple(dict.fromkeys(f.serves)),
                headway=f.headway,
                fare=f.fare,
                sources=(source,),
                warnings=tuple(warnings),
            )
        )
    return drafts


def _time(t: str) -> str:
    return t.replace("：", ":")


def _operator(text: str) -> str | None:
    m = _OPERATOR.search(fold(text))
    return text[m.start() : m.end()] if m else None


def _partners(text: str) -> list[str]:
    m = _PARTNERS.search(fold(text))
    if not m:
        return []
    return gazetteer.enumeration(text[m.start("items") : m.end("items")])


def _name_and_kind(number: str, segment: str, text: str) -> tuple[str, str | None]:
    folded = fold(text)
    suffix, after = "", ""
    for m in gazetteer.ROUTE_RE.finditer(folded):
        if m.group("number").upper() == number:
            s = _NAME_SUFFIX.match(text[m.end() :])
            if s and len(s.group("s")) > len(suffix):
                suffix = s.group("s")
            k = _KIND_AFTER.match(text[m.end() :])
            if k and not after:
                after = k.group(0)
    name = f"{number}路{suffix}"
    # The words right after the number say most ("K12路公交"); then the route's own text,
    # then the story. Rail only from the words after the number: a bus story often says
    # "到达地铁站" without being about a railway.
    for source, rail in ((after, True), (segment, False), (text, False)):
        kind = _kind(source, rail=rail)
        if kind:
            return name, kind
    return name, None


def _kind(text: str, *, rail: bool) -> str | None:
    if "接驳" in text:
        return "社区接驳巴士"
    if "快速公交" in text or "BRT" in text:
        return "快速公交"
    if "夜班" in text:
        return "夜班公交"
    if "定制" in text:
        return "定制公交"
    if rail and re.search(r"地铁|城铁|轨道交通|铁路", text):
        return "铁路"
    if re.search(r"公交|巴士", text):
        return "常规公交"
    return None


def _status(text: str) -> str:
    if re.search(r"暂停|停运", text):
        return "暂停"
    if re.search(r"调整|改线|改道|延伸|缩线", text):
        return "调整"
    return "运营"


def merge_routes(drafts: list[RouteDraft]) -> list[RouteDraft]:
    """One draft per route number: the first story's facts, completed by later ones."""
    merged: dict[str, RouteDraft] = {}
    for draft in drafts:
        first = merged.get(draft.number)
        if first is None:
            merged[draft.number] = draft
            continue
        fields = {}
        for name in ("kind", "operator", "opened", "headway", "fare"):
            fields[name] = getattr(first, name) or getattr(draft, name)
        for name in ("partners", "hours", "termini", "roads", "serves"):
            fields[name] = getattr(first, name) or getattr(draft, name)
        merged[draft.number] = RouteDraft(
            number=first.number,
            name=first.name if len(first.name) >= len(draft.name) else draft.name,
            status=first.status,
            sources=tuple(dict.fromkeys(first.sources + draft.sources)),
            warnings=first.warnings + draft.warnings,
            **fields,
        )
    return list(merged.values())
