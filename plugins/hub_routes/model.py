"""Bus and rail routes as frozen, validated models.

One Markdown file per route in ``content/routes/`` (YAML front matter, see COMMON.md);
the file stem is the route's ASCII slug and URL part. Prose routes (from news stories)
and GTFS routes (written by ``hub_routes.gtfs``) share this one format, so
editors can amend either and one generator renders both.

Times: editors write clock times ``6:15`` (or ``06:15``). A last bus after midnight
is written as its clock time with ``overnight: true`` in ``hours``; in timetables
a departure after midnight is written ``次日0:38``, the way Chinese timetables say
it. Internally a :class:`ServiceTime` counts minutes from the start of the service
day, so ``次日0:38`` is 24 h 38 min and sorts after ``23:50`` (GTFS does the same
with ``24:38:00``).

Every problem of a file is collected and raised together as one ContentError whose
lines read ``path:line: field: problem — fix``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hub_content.errors import ContentError, Problem, display_path
from hub_content.frontmatter import Document
from hub_content.source import document_from_bytes, read_source

KINDS = ("社区接驳巴士", "常规公交", "快速公交", "夜班公交", "定制公交", "铁路", "其他")
STATUSES = ("运营", "暂停", "调整")
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
# Named sets of service days; anything else is spelled out as 周一、周三…
DAY_SETS = {
    "每日": frozenset(range(7)),
    "工作日": frozenset(range(5)),
    "周末": frozenset({5, 6}),
    "指定日期": frozenset(),
}
DAY_HINT = "use 每日, 工作日, 周末, 指定日期 or weekdays joined by 、 (e.g. 周一、周三)"
WHOLE_ROUTE = "全程"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_RE = re.compile(r"^(次日)?(\d{1,2}):(\d{2})$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEADWAY_RE = re.compile(r"^(\d{1,3})(?:\s*[-–~]\s*(\d{1,3}))?$")
DEPARTURE_RE = re.compile(r"^(\S+)(?:\s+(.+))?$")
TIME_FIX = "write H:MM with hours 0–23 and minutes 00–59, e.g. 6:15"
DATE_FIX = "write the date as YYYY-MM-DD, e.g. 2025-08-20"
DAY = 24 * 60


@dataclass(frozen=True, order=True)
class ServiceTime:
    """Minutes since the start of the service day; 1440 and above is after midnight."""

    minutes: int

    @classmethod
    def parse(cls, text: str, *, next_day_allowed: bool = False) -> ServiceTime:
        """Parse ``6:15`` / ``06:15`` (and ``次日0:38`` where allowed); ValueError says why."""
        m = TIME_RE.match(text.strip())
        if not m:
            raise ValueError(f'"{text}" is not a time')
        next_day, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3))
        if hours > 23 or minutes > 59:
            raise ValueError(f'"{text}" is not a clock time')
        if next_day and not next_day_allowed:
            raise ValueError(f'"{text}": 次日 is not allowed here')
        return cls(hours * 60 + minutes + (DAY if next_day else 0))

    @property
    def next_day(self) -> bool:
        return self.minutes >= DAY

    @property
    def clock(self) -> str:
        """Clock time as readers see it: ``6:15``."""
        m = self.minutes % DAY
        return f"{m // 60}:{m % 60:02d}"

    @property
    def iso(self) -> str:
        """Clock time for ``<time datetime>``: ``06:15``."""
        m = self.minutes % DAY
        return f"{m // 60:02d}:{m % 60:02d}"

    def __str__(self) -> str:
        return f"次日{self.clock}" if self.next_day else self.clock


@dataclass(frozen=True)
class Headway:
    """A service interval: every N (to M) minutes, optionally within a time window."""

    every: int
    every_max: int | None = None
    start: ServiceTime | None = None
    end: ServiceTime | None = None
    label: str = ""

    @property
    def interval(self) -> str:
        return f"{self.every}–{self.every_max}" if self.every_max else str(self.every)

    @property
    def window(self) -> str:
        return f"{self.start}–{self.end}" if self.start and self.end else ""

    def __str__(self) -> str:
        text = f"{self.label}每{self.interval}分钟一班"
        return f"{text} {self.window}" if self.window else text

    def expand(self) -> tuple[ServiceTime, ...]:
        """Departures of a frequency window: start, start+every, … while before end (as GTFS)."""
        if self.start is None or self.end is None:
            return ()
        return tuple(ServiceTime(t) for t in range(self.start.minutes, self.end.minutes, self.every))


@dataclass(frozen=True)
class Hours:
    """First and last departure of one direction (``全程`` when the source does not split)."""

    direction: str
    first: ServiceTime
    last: ServiceTime
    overnight: bool = False
    note: str = ""

    @property
    def last_label(self) -> str:
        return f"次日{self.last.clock}" if self.overnight else self.last.clock


@dataclass(frozen=True)
class Direction:
    """Stops in travel order for one direction."""

    name: str
    stops: tuple[str, ...]


@dataclass(frozen=True)
class Departure:
    time: ServiceTime
    note: str = ""  # e.g. "至Millbrae" for a short working

    def __str__(self) -> str:
        return f"{self.time} {self.note}" if self.note else str(self.time)


@dataclass(frozen=True)
class Timetable:
    """Departures from the first stop of one direction on one kind of service day."""

    direction: str
    days: frozenset[int]
    departures: tuple[Departure, ...] = ()
    frequencies: tuple[Headway, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    except_dates: tuple[date, ...] = ()
    extra_dates: tuple[date, ...] = ()

    @property
    def days_label(self) -> str:
        return days_label(self.days)

    def all_departures(self) -> tuple[Departure, ...]:
        """Listed departures plus every departure of the frequency windows, in time order."""
        expanded = [Departure(t) for h in self.frequencies for t in h.expand()]
        return tuple(sorted([*self.departures, *expanded], key=lambda d: (d.time, d.note)))


@dataclass(frozen=True)
class GtfsRef:
    """Where an imported route came from; re-importing the same feed overwrites the file."""

    feed: str
    agency: str
    route: str


@dataclass(frozen=True)
class Route:
    slug: str
    path: str
    number: str
    name: str
    kind: str
    status: str
    operator: str = ""
    partners: tuple[str, ...] = ()
    opened: date | None = None
    updated: date | None = None
    hours: tuple[Hours, ...] = ()
    headway: tuple[Headway, ...] = ()
    termini: tuple[str, ...] = ()
    roads: tuple[str, ...] = ()
    directions: tuple[Direction, ...] = ()
    serves: tuple[str, ...] = ()
    fare: str = ""
    sources: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    timetables: tuple[Timetable, ...] = ()
    gtfs: GtfsRef | None = None
    draft: bool = False
    notes: str = field(default="", repr=False)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def stops(self) -> tuple[str, ...]:
        """Stops of the first direction (the return trip of a prose route runs in reverse)."""
        return self.directions[0].stops if self.directions else ()

    @property
    def mentions(self) -> tuple[str, ...]:
        """Names under which articles mention the route, longest first (for auto-linking)."""
        names = {self.name, f"{self.number}路", *self.aliases}
        return tuple(sorted(names, key=lambda n: (-len(n), n)))

    def timetables_for(self, direction: str) -> tuple[Timetable, ...]:
        return tuple(t for t in self.timetables if t.direction == direction)

    @classmethod
    def from_document(cls, doc: Document) -> Route:
        """Validate every field of a parsed route file; raise ContentError with all problems."""
        return _RouteReader(doc).read()


def days_label(days: frozenset[int]) -> str:
    for label, value in DAY_SETS.items():
        if days == value:
            return label
    return "、".join(WEEKDAY_NAMES[d] for d in sorted(days))


def parse_days(text: str) -> frozenset[int]:
    text = text.strip()
    if text in DAY_SETS:
        return DAY_SETS[text]
    parts = [p.strip() for p in re.split(r"[、,，]", text)]
    if not all(p in WEEKDAY_NAMES for p in parts) or len(set(parts)) != len(parts):
        raise ValueError(f'"{text}" is not a set of service days')
    return frozenset(WEEKDAY_NAMES.index(p) for p in parts)


def parse_date(text: str) -> date:
    if not DATE_RE.match(text.strip()):
        raise ValueError(f'"{text}" is not a date')
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f'"{text}" is not a real date') from None


def read_route(path: str | Path, text: str | None = None) -> Route:
    """Read and validate one route file (from disk through the shared source checks, or from ``text``)."""
    p = Path(path)
    shown = display_path(p)
    doc = read_source(p, shown) if text is None else document_from_bytes(text.encode("utf-8"), shown)
    return Route.from_document(doc)


def load_routes(paths: Iterable[str | Path]) -> tuple[Route, ...]:
    """Read every route file, then check them against each other; all problems at once."""
    routes: list[Route] = []
    problems: list[Problem] = []
    for path in sorted(Path(p) for p in paths):
        try:
            routes.append(read_route(path))
        except ContentError as exc:
            problems.extend(exc.problems)
    problems.extend(cross_check(routes))
    if problems:
        raise ContentError(problems)
    return tuple(sorted(routes, key=route_sort_key))


def route_sort_key(route: Route) -> tuple:
    """Natural order: S2 before S10, then by number text."""
    parts = re.split(r"(\d+)", route.number.casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def cross_check(routes: Iterable[Route]) -> list[Problem]:
    """Problems only visible across files: duplicate numbers, and one mention for two routes."""
    problems: list[Problem] = []
    numbers: dict[str, Route] = {}
    mentions: dict[str, Route] = {}
    for route in sorted(routes, key=lambda r: r.path):
        key = route.number.casefold()
        if key in numbers:
            first = numbers[key]
            problems.append(Problem(route.path, route.lines.get("number"), "number",
                                    f'route number "{route.number}" is already used by {first.path}',
                                    "give each route its own number, or merge the two files"))
            continue
        numbers[key] = route
        for name in route.mentions:
            other = mentions.get(name)
            if other is not None and other is not route:
                problems.append(Problem(route.path, route.lines.get("aliases") or route.lines.get("name"), "aliases",
                                        f'"{name}" also names the route in {other.path}',
                                        "articles could not tell the two routes apart; rename one"))
            mentions.setdefault(name, route)
    return problems


# --- reading and validating -------------------------------------------------------------

# Every field of a route file: (required, meaning for editors, example). The editor guide's
# table in README.md is generated from this (python -m hubtools.docs).
ROUTE_FIELDS: dict[str, tuple[bool, str, str]] = {
    "number": (True, "线路编号（车身上的号码）", "S228"),
    "name": (True, "线路全称", "S228路社区接驳巴士"),
    "kind": (True, "类型：" + "、".join(KINDS), "社区接驳巴士"),
    "status": (True, "状态：" + "、".join(STATUSES), "运营"),
    "operator": (False, "运营单位", "郑州公交第四运营公司"),
    "partners": (False, "合作单位", "[前程办事处, 锦程花园社区]"),
    "opened": (False, "开通日期", "2025-08-20"),
    "updated": (False, "线路信息最后更新日期", "2025-09-01"),
    "hours": (False, "首末班时间，每个方向一项（不分方向写“全程”）；末班过午夜加 overnight: true",
              '[{direction: 全程, first: "6:15", last: "20:30"}]'),
    "headway": (False, "发车间隔（分钟），或分时段列出 every/from/to/label", "10 或 8-12"),
    "termini": (False, "起讫站（环线写一个）", "[锦程花园, 瑞秀小区]"),
    "roads": (False, "途经道路，按行驶顺序", "[鹏程大道, 禄达东路]"),
    "stops": (False, "停靠站点，按行驶顺序（一个方向）", "[锦程花园站, 瑞秀社区站]"),
    "directions": (False, "两个方向站点不同时，每个方向一项 direction/stops（不与 stops 同用）",
                   "[{direction: 往瑞秀小区, stops: [...]}]"),
    "serves": (False, "服务的社区、学校、商超", "[锦程花园, 瑞秀小区]"),
    "fare": (False, "票价", "1元"),
    "sources": (False, "信息来源新闻（content/ 下的路径）", "[articles/2025/2025-08-20_s228-shuttle-opens.md]"),
    "aliases": (False, "新闻里对线路的其他叫法（自动加链接用）", "[S228社区接驳巴士]"),
    "timetables": (False, "时刻表：每个方向×运营日一项，direction/days/departures/frequencies/from/until/except/extra",
                   '[{direction: 全程, days: 工作日, departures: ["6:15", "6:45"]}]'),
    "gtfs": (False, "GTFS 导入的来源（导入程序填写，勿改）", "{feed: x, agency: y, route: z}"),
    "draft": (False, "true 表示暂不发布", "false"),
}
HOURS_KEYS = ("direction", "first", "last", "overnight", "note")
HEADWAY_KEYS = ("every", "from", "to", "label")
DIRECTION_KEYS = ("direction", "stops")
TIMETABLE_KEYS = ("direction", "days", "departures", "frequencies", "from", "until", "except", "extra")
GTFS_KEYS = ("feed", "agency", "route")


class _RouteReader:
    """Reads one Document field by field, collecting every problem before raising."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, key: str, problem: str, fix: str) -> None:
        self.problems.append(self.doc.problem(key, problem, fix))

    # generic field readers: return None (and record a problem) when the value is unusable

    def check_keys(self, value: dict[str, Any], allowed: Iterable[str], prefix: str) -> None:
        allowed = list(allowed)
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f'did you mean "{close[0]}"? ' if close else ""
                self.add(f"{prefix}{key}", "unknown field", f"{hint}allowed fields: {', '.join(allowed)}")

    def text(self, value: Any, key: str, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.add(key, "is missing", f"add '{key.rpartition('.')[2]}: …'")
            return None
        if not isinstance(value, str):
            self.add(key, "must be a single text value", "write it on one line after the colon")
            return None
        if not value.strip():
            if required:
                self.add(key, "is empty", "write a value after the colon")
            return None
        return value.strip()

    def text_list(self, value: Any, key: str, *, unique: str = "") -> tuple[str, ...]:
        """A list of texts; unique="adjacent" forbids repeats in a row, "all" any repeat."""
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(key, "must be a list", "write [a, b, c] or one '- item' per line")
            return ()
        items: list[str] = []
        for i, item in enumerate(value):
            text = self.text(item, f"{key}.{i}", required=True)
            if text is None:
                continue
            if unique == "adjacent" and items and items[-1] == text:
                self.add(f"{key}.{i}", f'"{text}" is listed twice in a row', "delete the repeated entry")
                continue
            if unique == "all" and text in items:
                self.add(f"{key}.{i}", f'"{text}" is listed twice', "delete the repeated entry")
                continue
            items.append(text)
        return tuple(items)

    def mapping_list(self, value: Any, key: str, allowed: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(key, "must be a list", "write one '- key: value' block per entry")
            return []
        result = []
        for i, item in enumerate(value):
            k = f"{key}.{i}"
            if not isinstance(item, dict):
                self.add(k, "must be a block of 'key: value' lines", f"use the fields {', '.join(allowed)}")
                continue
            self.check_keys(item, allowed, k + ".")
            result.append((k, item))
        return result

    def choice(self, value: Any, key: str, options: Iterable[str], *, required: bool = False) -> str | None:
        text = self.text(value, key, required=required)
        options = tuple(options)
        if text is not None and text not in options:
            self.add(key, f'"{text}" is not allowed', "use one of: " + " ".join(options))
            return None
        return text

    def date(self, value: Any, key: str) -> date | None:
        text = self.text(value, key)
        if text is None:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            self.add(key, str(exc), DATE_FIX)
            return None

    def dates(self, value: Any, key: str) -> tuple[date, ...]:
        out = []
        for i, text in enumerate(self.text_list(value, key, unique="all")):
            d = self.date(text, f"{key}.{i}")
            if d is not None:
                out.append(d)
        return tuple(sorted(out))

    def flag(self, value: Any, key: str) -> bool:
        text = self.text(value, key)
        if text is None:
            return False
        if text not in ("true", "false"):
            self.add(key, f'"{text}" is not true or false', "write true or false")
            return False
        return text == "true"

    def time(self, value: Any, key: str, *, required: bool = False, next_day: bool = False) -> ServiceTime | None:
        text = self.text(value, key, required=required)
        if text is None:
            return None
        try:
            return ServiceTime.parse(text, next_day_allowed=next_day)
        except ValueError as exc:
            fix = TIME_FIX + ("; after midnight write 次日0:30" if next_day else "")
            if not next_day and "次日" in text:
                fix = "write the clock time and set overnight: true"
            self.add(key, str(exc), fix)
            return None

    # the route's own fields

    def read(self) -> Route:
        doc, meta = self.doc, self.doc.meta
        self.check_keys(meta, ROUTE_FIELDS, "")
        slug = Path(doc.path).stem
        if not SLUG_RE.match(slug):
            self.problems.append(Problem(doc.path, None, "file name", f'"{slug}" is not an ASCII slug',
                                         "name the file with lower-case a-z, 0-9 and '-', e.g. s228.md"))
        values = {k: self.text(meta.get(k), k, required=True) for k in ("number", "name")}
        kind = self.choice(meta.get("kind"), "kind", KINDS, required=True)
        status = self.choice(meta.get("status"), "status", STATUSES, required=True)
        directions = self.directions(meta)
        direction_names = {d.name for d in directions}
        route = dict(
            slug=slug,
            path=doc.path,
            number=values["number"],
            name=values["name"],
            kind=kind,
            status=status,
            operator=self.text(meta.get("operator"), "operator") or "",
            partners=self.text_list(meta.get("partners"), "partners", unique="all"),
            opened=self.date(meta.get("opened"), "opened"),
            updated=self.date(meta.get("updated"), "updated"),
            hours=self.hours(meta.get("hours"), direction_names),
            headway=self.headways(meta.get("headway"), "headway"),
            termini=self.termini(meta.get("termini")),
            roads=self.text_list(meta.get("roads"), "roads", unique="adjacent"),
            directions=directions,
            serves=self.text_list(meta.get("serves"), "serves", unique="all"),
            fare=self.text(meta.get("fare"), "fare") or "",
            sources=self.sources(meta.get("sources")),
            aliases=self.text_list(meta.get("aliases"), "aliases", unique="all"),
            timetables=self.timetables(meta.get("timetables"), direction_names),
            gtfs=self.gtfs(meta.get("gtfs")),
            draft=self.flag(meta.get("draft"), "draft"),
            notes=doc.body.strip(),
            lines=dict(doc.lines),
        )
        if self.problems:
            raise ContentError(self.problems)
        return Route(**route)

    def directions(self, meta: dict[str, Any]) -> tuple[Direction, ...]:
        if meta.get("stops") is not None and meta.get("directions") is not None:
            self.add("directions", "is given together with stops",
                     "use stops for one list of stops, or directions for a list per direction, not both")
            return ()
        if meta.get("stops") is not None:
            stops = self.text_list(meta["stops"], "stops", unique="adjacent")
            return (Direction(WHOLE_ROUTE, stops),) if stops else ()
        result: list[Direction] = []
        for k, item in self.mapping_list(meta.get("directions"), "directions", DIRECTION_KEYS):
            name = self.text(item.get("direction"), f"{k}.direction", required=True)
            stops = self.text_list(item.get("stops"), f"{k}.stops", unique="adjacent")
            if not stops:
                self.add(f"{k}.stops", "has no stops", "list the stops in travel order")
            if name is None:
                continue
            if any(d.name == name for d in result):
                self.add(f"{k}.direction", f'direction "{name}" is listed twice', "give each direction its own name")
                continue
            result.append(Direction(name, stops))
        return tuple(result)

    def known_direction(self, name: str | None, key: str, directions: set[str]) -> None:
        if name and directions and name not in directions and name != WHOLE_ROUTE:
            self.add(key, f'"{name}" is not one of the directions',
                     "use " + " or ".join(sorted(directions | {WHOLE_ROUTE})))

    def hours(self, value: Any, directions: set[str]) -> tuple[Hours, ...]:
        result: list[Hours] = []
        for k, item in self.mapping_list(value, "hours", HOURS_KEYS):
            name = self.text(item.get("direction"), f"{k}.direction") or WHOLE_ROUTE
            self.known_direction(name, f"{k}.direction", directions)
            first = self.time(item.get("first"), f"{k}.first", required=True)
            last = self.time(item.get("last"), f"{k}.last", required=True)
            overnight = self.flag(item.get("overnight"), f"{k}.overnight")
            if any(h.direction == name for h in result):
                self.add(f"{k}.direction", f'hours for "{name}" are given twice', "keep one entry per direction")
                continue
            if first and last and last < first and not overnight:
                self.add(f"{k}.last", f"last bus {last} is before first bus {first}",
                         "correct the time, or add 'overnight: true' if the last bus leaves after midnight")
                continue
            if first and last:
                result.append(Hours(name, first, last, overnight, self.text(item.get("note"), f"{k}.note") or ""))
        return tuple(result)

    def headway_every(self, value: Any, key: str) -> tuple[int, int | None] | None:
        text = self.text(value, key, required=True)
        if text is None:
            return None
        m = HEADWAY_RE.match(text)
        low, high = (int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else (0, None)
        if not m or low < 1 or (high is not None and high <= low):
            self.add(key, f'"{text}" is not a number of minutes', "write minutes as 10, or a range as 8-12")
            return None
        return low, high

    def headways(self, value: Any, key: str, *, window_required: bool = False) -> tuple[Headway, ...]:
        if isinstance(value, str) and not window_required:
            every = self.headway_every(value, key)
            return (Headway(*every),) if every else ()
        result = []
        for k, item in self.mapping_list(value, key, HEADWAY_KEYS):
            every = self.headway_every(item.get("every"), f"{k}.every")
            start = self.time(item.get("from"), f"{k}.from", required=window_required, next_day=True)
            end = self.time(item.get("to"), f"{k}.to", required=window_required, next_day=True)
            if (start is None) != (end is None) and not window_required:
                self.add(f"{k}.from", "a window needs both from and to", "give both times, or neither")
                continue
            if start and end and end <= start:
                self.add(f"{k}.to", f"{end} is not after {start}", "the window must end after it starts")
                continue
            label = self.text(item.get("label"), f"{k}.label") or ""
            if every:
                result.append(Headway(every[0], every[1], start, end, label))
        return tuple(result)

    def termini(self, value: Any) -> tuple[str, ...]:
        termini = self.text_list(value, "termini")
        if len(termini) > 2:
            self.add("termini", f"has {len(termini)} entries", "give the two end stops (one for a loop line)")
        return termini

    def sources(self, value: Any) -> tuple[str, ...]:
        result = self.text_list(value, "sources", unique="all")
        for i, src in enumerate(result):
            if src.startswith("/") or ".." in Path(src).parts or not src.endswith(".md"):
                self.add(f"sources.{i}", f'"{src}" is not a content path',
                         "give the article's path inside content/, e.g. articles/2025/2025-08-20_x.md")
        return result

    def departures(self, value: Any, key: str) -> tuple[Departure, ...]:
        result = []
        for i, text in enumerate(self.text_list(value, key)):
            m = DEPARTURE_RE.match(text)
            time = self.time(m.group(1) if m else text, f"{key}.{i}", next_day=True)
            if time is not None and m:
                result.append(Departure(time, m.group(2) or ""))
        times = [d.time for d in result]
        if times != sorted(times):
            self.add(key, "departures are not in time order", "sort them; after midnight write 次日0:30")
        return tuple(result)

    def timetables(self, value: Any, directions: set[str]) -> tuple[Timetable, ...]:
        result = []
        for k, item in self.mapping_list(value, "timetables", TIMETABLE_KEYS):
            name = self.text(item.get("direction"), f"{k}.direction") or WHOLE_ROUTE
            self.known_direction(name, f"{k}.direction", directions)
            days_text = self.text(item.get("days"), f"{k}.days", required=True)
            days = None
            if days_text is not None:
                try:
                    days = parse_days(days_text)
                except ValueError as exc:
                    self.add(f"{k}.days", str(exc), DAY_HINT)
            table = Timetable(
                direction=name,
                days=days or frozenset(),
                departures=self.departures(item.get("departures"), f"{k}.departures"),
                frequencies=self.headways(item.get("frequencies"), f"{k}.frequencies", window_required=True),
                valid_from=self.date(item.get("from"), f"{k}.from"),
                valid_until=self.date(item.get("until"), f"{k}.until"),
                except_dates=self.dates(item.get("except"), f"{k}.except"),
                extra_dates=self.dates(item.get("extra"), f"{k}.extra"),
            )
            if not table.departures and not table.frequencies:
                self.add(k, "has neither departures nor frequencies", "list departures, or frequencies with a window")
            if days == frozenset() and not table.extra_dates:
                self.add(f"{k}.days", "指定日期 without any dates", "list the dates under extra")
            if table.valid_from and table.valid_until and table.valid_until < table.valid_from:
                self.add(f"{k}.until", "ends before it starts", "check from and until")
            result.append(table)
        return tuple(result)

    def gtfs(self, value: Any) -> GtfsRef | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.add("gtfs", "must be a block of feed, agency, route", "leave it as the importer wrote it")
            return None
        self.check_keys(value, GTFS_KEYS, "gtfs.")
        parts = [self.text(value.get(k), f"gtfs.{k}", required=True) for k in GTFS_KEYS]
        return GtfsRef(*parts) if all(parts) else None
