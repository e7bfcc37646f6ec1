"""Event content: one Markdown file per event (or per recurring series) in ``content/events/``.

File name: ``content/events/YYYY-MM-DD_<slug>.md`` (the date of the first occurrence; for an
event whose date is not published, ``<slug>.md``). The page is ``/events/<slug>/``.

Front matter (YAML; every value is read as a string and parsed here)::

    ---
    title: S228路社区接驳巴士开通首日          # required
    slug: s228-opening-day                     # optional; default: the file name after "YYYY-MM-DD_"
    summary: 首班车6:15发车……                  # required: one or two sentences for lists and feeds
    category: 交通出行                          # required: 交通出行 社区治理 志愿服务 文化活动 民生服务 教育就业

    # When — exactly one of these three forms:
    start: 2025-08-20 06:15                    # (a) a timed event, local wall-clock time
    end: 2025-08-20 20:30                      #     optional; "YYYY-MM-DD HH:MM" or "HH:MM" (same day)
    date: 2025-07-23                           # (b) a day: all day, or a time the source does not give
    end_date: 2025-07-24                       #     optional; last day (inclusive) of a multi-day event
    time_known: no                             #     with date: the event has a time but no source gives it
    date_known: no                             # (c) no source gives a date: no start/date at all
    when_note: 原文作“7月23日”，未写年份        # optional text shown beside the date; with time_known: no
                                               # or date_known: no it replaces the default 时间未公布 text

    timezone: Asia/Shanghai                    # optional; any IANA zone; default Asia/Shanghai
    place:                                     # required
      name: 亚太社区党群服务中心               #   required
      address: 经开区明湖办事处……              #   optional
      community: 亚太社区                       #   optional; the community whose residents it serves
    organisers: [明湖办事处, 亚太社区]         # optional
    status: scheduled                          # scheduled 已安排 (default) | cancelled 已取消 |
                                               # postponed 已延期 | rescheduled 已改期
    previous_start: 2025-08-18 09:00           # optional, only with status: rescheduled
    cost: 免费                                  # optional; default 免费
    rrule: FREQ=MONTHLY;BYMONTHDAY=18;COUNT=6  # optional: a series (the subset below)
    exdates: [2025-10-18]                      # optional: dates of the series that do not happen
    articles: [articles/2025/2025-08-20_s228-shuttle-opens.md]   # related stories (content paths)
    updated: 2025-08-20                        # optional; the calendar feeds' DTSTAMP; default: the
                                               # first occurrence's day (never the build clock)
    ---
    Optional Markdown: details for the event page.

Recurrence is a subset of RFC 5545 RRULE, written as in the RFC, ``;``-separated:

- ``FREQ`` (required): ``DAILY``, ``WEEKLY`` or ``MONTHLY``;
- ``INTERVAL=n`` (n ≥ 1): every n days/weeks/months;
- ``BYDAY``: ``MO,TU,WE,TH,FR,SA,SU``; with ``FREQ=MONTHLY`` a day may carry an ordinal,
  ``1TU`` = the first Tuesday, ``-1FR`` = the last Friday (1…5, -1…-5);
- ``BYMONTHDAY`` (``FREQ=MONTHLY`` only): ``18``, or ``-1`` for the month's last day;
- ``UNTIL=YYYYMMDD`` (the last day a meeting may fall on, inclusive, local time) or
  ``COUNT=n`` — not both. A series with neither goes on without end.

Anything else (``BYSETPOS``, ``BYMONTH``, ``BYHOUR``, ``WKST``, ``FREQ=YEARLY``…) is refused,
so that what the page lists and what calendar programs expand are guaranteed to agree.
``exdates`` are days (``YYYY-MM-DD``) the rule produces; the event's start time is implied.

Honesty rules: when a story gives a day but no time, write ``date:`` + ``time_known: no`` —
the page says 具体时间未公布 and calendar files get an all-day entry, never an invented hour.
When it gives no date at all, write ``date_known: no``: the page says so and the event is not
put in calendar files (a calendar entry cannot exist without a date).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import PurePosixPath
from typing import Any, Literal

from hub_content.errors import ContentError, Problem
from hub_content.frontmatter import Document

from .recurrence import produces

DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_COST = "免费"
CATEGORIES = ("交通出行", "社区治理", "志愿服务", "文化活动", "民生服务", "教育就业")
STATUSES = {
    "scheduled": "已安排",
    "cancelled": "已取消",
    "postponed": "已延期",
    "rescheduled": "已改期",
}
# field: (required, meaning, example) — the schema, and the source of the editor guide's table.
EVENT_FIELDS: dict[str, tuple[bool, str, str]] = {
    "title": (True, "活动名称", "S228路社区接驳巴士开通首日"),
    "slug": (False, "网址中的英文名；默认取文件名中日期之后的部分", "s228-opening-day"),
    "summary": (True, "一两句简介（列表和日历中显示）", "首班车6:15发车……"),
    "category": (True, "栏目，与新闻相同", "交通出行"),
    "start": (False, "开始时间（有具体时间时）", "2025-08-20 06:15"),
    "end": (False, "结束时间：同日写 HH:MM，跨日写完整日期时间", "20:30"),
    "date": (False, "全天活动或只知道日期的活动", "2025-07-23"),
    "end_date": (False, "多日活动的最后一天（含）", "2025-07-24"),
    "time_known": (False, "写 no 表示报道只给了日期、没给时间", "no"),
    "date_known": (False, "写 no 表示报道没给日期（此时必须写 when_note 和 updated）", "no"),
    "when_note": (False, "时间说明，显示在日期旁", "原文只写“7月23日”"),
    "timezone": (False, "时区（IANA 名称），默认 Asia/Shanghai", "Asia/Shanghai"),
    "place": (True, "地点：name（必填）、address、community", "{name: 亚太社区活动中心, community: 亚太社区}"),
    "organisers": (False, "主办单位", "[亚太社区七色花文化艺术团]"),
    "status": (False, "scheduled 已安排（默认）、cancelled 已取消、postponed 已延期、rescheduled 已改期", "cancelled"),
    "previous_start": (False, "改期前的时间（仅 rescheduled）", "2025-08-18 09:00"),
    "cost": (False, "费用，默认免费", "免费"),
    "rrule": (False, "重复规则（RFC 5545 子集，见 docs/events.md）", "FREQ=MONTHLY;BYMONTHDAY=18;COUNT=6"),
    "exdates": (False, "系列中不举行的日期", "[2025-10-18]"),
    "articles": (False, "相关报道（content/ 下的路径）", "[articles/2025/2025-08-20_s228-shuttle-opens.md]"),
    "updated": (False, "信息最后更新日期（日历文件的 DTSTAMP 取自这里）", "2025-08-20"),
}
FIELDS = frozenset(EVENT_FIELDS)
PLACE_FIELDS = frozenset({"name", "address", "community"})
RRULE_KEYS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT")
FREQS = ("DAILY", "WEEKLY", "MONTHLY")

Kind = Literal["timed", "all_day", "time_unknown", "date_unknown"]

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FILENAME_RE = re.compile(r"^(?:(\d{4}-\d{2}-\d{2})_)?([^.]+)\.md$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})$")
TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
ARTICLE_RE = re.compile(r"^articles/\d{4}/\d{4}-\d{2}-\d{2}_[a-z0-9-]+\.md$")
BYDAY_RE = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
YES = {"yes": True, "true": True, "no": False, "false": False}

DATE_FIX = "write the day as YYYY-MM-DD, e.g. 2025-08-20"
DATETIME_FIX = "write date and time as YYYY-MM-DD HH:MM (24-hour, local time), e.g. 2025-08-20 06:15"


@dataclass(frozen=True)
class Place:
    name: str
    address: str = ""
    community: str = ""


@dataclass(frozen=True)
class Recurrence:
    """The supported subset of an RFC 5545 RRULE, already validated."""

    freq: str
    interval: int = 1
    byday: tuple[tuple[int | None, str], ...] = ()
    bymonthday: tuple[int, ...] = ()
    until: date | None = None
    count: int | None = None

    def rule_parts(self) -> dict[str, Any]:
        """Parts in RFC order, UNTIL left out (its form depends on DTSTART, see ics.py)."""
        parts: dict[str, Any] = {"FREQ": self.freq}
        if self.interval != 1:
            parts["INTERVAL"] = self.interval
        if self.byday:
            parts["BYDAY"] = [f"{n or ''}{d}" for n, d in self.byday]
        if self.bymonthday:
            parts["BYMONTHDAY"] = list(self.bymonthday)
        if self.count is not None:
            parts["COUNT"] = self.count
        return parts


@dataclass(frozen=True)
class Event:
    """One validated event (or series). Datetimes are aware, in ``tz``; days are ``date``s."""

    path: str
    slug: str
    title: str
    summary: str
    category: str
    kind: Kind
    tz: str
    start: datetime | date | None
    end: datetime | date | None  # timed: aware datetime; day kinds: the last day, inclusive
    when_note: str
    place: Place
    organisers: tuple[str, ...]
    status: str
    previous_start: datetime | None
    cost: str
    recurrence: Recurrence | None
    exdates: tuple[date, ...]
    articles: tuple[str, ...]
    article_lines: tuple[int | None, ...]
    updated: datetime  # aware
    body: str = ""

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def is_series(self) -> bool:
        return self.recurrence is not None

    @property
    def is_free(self) -> bool:
        return self.cost == DEFAULT_COST

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.tz)

    @property
    def duration(self) -> timedelta:
        """Length of one occurrence; for day kinds a whole number of days."""
        if self.start is None:
            return timedelta(0)
        if self.kind == "timed":
            return (self.end - self.start) if self.end else timedelta(0)
        return ((self.end or self.start) - self.start) + timedelta(days=1)

    @classmethod
    def from_document(cls, doc: Document) -> Event:
        return _EventParser(doc).parse()


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def slug_from_path(path: str) -> tuple[str | None, str | None]:
    """(date prefix, slug) taken from ``YYYY-MM-DD_<slug>.md`` or ``<slug>.md``."""
    m = FILENAME_RE.match(PurePosixPath(path).name)
    return (m.group(1), m.group(2)) if m else (None, None)


class _EventParser:
    """Collects every problem of one file before raising (editors fix a file in one go)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.meta = doc.meta
        self.problems: list[Problem] = []

    def bad(self, key: str, problem: str, fix: str) -> None:
        self.problems.append(self.doc.problem(key, problem, fix))

    # --- scalar helpers -------------------------------------------------------------------
    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.problems.append(Problem(self.doc.path, 1, key, "is missing", f"add a line '{key}: …'"))
            return default
        if not isinstance(value, str):
            self.bad(key, "must be a single line of text", f"write '{key}: text' on one line")
            return default
        value = value.strip()
        if not value and required:
            self.bad(key, "is empty", f"write a value after '{key}:'")
        return value or default

    def flag(self, key: str) -> bool | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in YES:
            return YES[value.strip().lower()]
        self.bad(key, f"{_show(value)} is not yes or no", f"write '{key}: no' (or remove the line)")
        return None

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.bad(key, "must be a list", f"write '{key}: [first, second]'")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.bad(f"{key}.{i}", "must be a non-empty name", "write each entry as plain text")
                continue
            out.append(item.strip())
        return tuple(out)

    def day(self, key: str, value: Any) -> date | None:
        if not isinstance(value, str) or not value.strip():
            self.bad(key, "must be a day", DATE_FIX)
            return None
        value = value.strip()
        if DATETIME_RE.match(value):
            return None  # the caller reports this with the right advice
        if not DATE_RE.match(value):
            self.bad(key, f"{_show(value)} is not a day", DATE_FIX)
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.bad(key, f"{_show(value)} is not a calendar day", DATE_FIX)
            return None

    def moment(
        self, key: str, value: Any, tz: zoneinfo.ZoneInfo | None, same_day: date | None = None
    ) -> datetime | None:
        if not isinstance(value, str) or not value.strip():
            self.bad(key, "must be a date and time", DATETIME_FIX)
            return None
        value = value.strip()
        m = DATETIME_RE.match(value)
        if m:
            day_text, hh, mm = m.groups()
        elif same_day is not None and (t := TIME_RE.match(value)):
            day_text, hh, mm = same_day.isoformat(), *t.groups()
        else:
            if DATE_RE.match(value):
                self.bad(
                    key,
                    f"{_show(value)} has no time of day",
                    "write YYYY-MM-DD HH:MM; for a day without a time use 'date:' (see docs/events.md)",
                )
            else:
                extra = " (or HH:MM for the same day as start)" if same_day else ""
                self.bad(key, f"{_show(value)} is not a date and time", DATETIME_FIX + extra)
            return None
        try:
            moment = datetime.combine(date.fromisoformat(day_text), time(int(hh), int(mm)))
        except ValueError:
            self.bad(key, f"{_show(value)} is not a real date and time", DATETIME_FIX)
            return None
        if tz is None:
            return moment
        aware = moment.replace(tzinfo=tz)
        # A wall-clock time skipped by a DST jump does not exist; refuse rather than shift it.
        if aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None) != moment:
            self.bad(
                key, f"{_show(value)} does not exist in {tz.key} (clocks jump over it)", "pick a time outside the jump"
            )
            return None
        return aware

    # --- the whole file -------------------------------------------------------------------
    def parse(self) -> Event:
        doc, meta = self.doc, self.meta
        for key in meta:
            if key not in FIELDS:
                self.bad(key, "is not an event field", "check the spelling; fields are listed in docs/events.md")

        title = self.text("title", required=True)
        summary = self.text("summary", required=True)
        slug = self.slug()
        category = self.text("category", required=True)
        if category and category not in CATEGORIES:
            self.bad("category", f"{_show(category)} is not a category", "use one of: " + " ".join(CATEGORIES))
        status = self.text("status", default="scheduled")
        if status not in STATUSES:
            self.bad("status", f"{_show(status)} is not a status", "use scheduled, cancelled, postponed or rescheduled")
            status = "scheduled"
        cost = self.text("cost", default=DEFAULT_COST)
        organisers = self.text_list("organisers")
        place = self.place()
        tz_name, tz = self.timezone()
        kind, start, end = self.when(tz)
        when_note = self.text("when_note")
        previous_start = None
        if "previous_start" in meta:
            if status != "rescheduled":
                self.bad("previous_start", "is only for status: rescheduled", "remove it, or set 'status: rescheduled'")
            else:
                previous_start = self.moment("previous_start", meta["previous_start"], tz)
        recurrence = self.recurrence(kind, start)
        exdates = self.exdates(kind, start, recurrence, tz)
        articles, article_lines = self.articles()
        updated = self.updated(tz, start, kind)

        if self.problems:
            raise ContentError(self.problems)
        return Event(
            path=doc.path,
            slug=slug,
            title=title,
            summary=summary,
            category=category,
            kind=kind,
            tz=tz_name,
            start=start,
            end=end,
            when_note=when_note,
            place=place,
            organisers=organisers,
            status=status,
            previous_start=previous_start,
            cost=cost,
            recurrence=recurrence,
            exdates=exdates,
            articles=articles,
            article_lines=article_lines,
            updated=updated,
            body=doc.body.strip(),
        )

    def slug(self) -> str:
        _, from_name = slug_from_path(self.doc.path)
        slug = self.text("slug", default=from_name or "")
        if not SLUG_RE.match(slug):
            where = "slug" if "slug" in self.meta else "file name"
            self.problems.append(
                Problem(
                    self.doc.path,
                    self.doc.line("slug") or 1,
                    "slug",
                    f"{_show(slug)} (from the {where}) is not an ASCII slug",
                    "use lower-case letters, digits and hyphens, e.g. 'slug: liangku-centre-opening'",
                )
            )
        return slug

    def place(self) -> Place:
        value = self.meta.get("place")
        if value is None:
            self.problems.append(
                Problem(
                    self.doc.path, 1, "place", "is missing", "add 'place:' with at least an indented 'name: …' line"
                )
            )
            return Place(name="")
        if isinstance(value, str):
            self.bad(
                "place", "must have named parts", "write 'place:' then indented 'name: …', 'address: …', 'community: …'"
            )
            return Place(name="")
        if not isinstance(value, dict):
            self.bad("place", "must be a mapping", "write 'place:' then indented 'name: …' lines")
            return Place(name="")
        for key in value:
            if key not in PLACE_FIELDS:
                self.bad(f"place.{key}", "is not a place field", "use name, address and community")
        parts = {}
        for key in PLACE_FIELDS:
            item = value.get(key, "")
            if not isinstance(item, str):
                self.bad(f"place.{key}", "must be a single line of text", f"write 'place.{key}' as plain text")
                item = ""
            parts[key] = item.strip()
        if not parts["name"]:
            self.bad(
                "place.name",
                "is missing: every place needs a name",
                "add an indented 'name: …' under 'place:' (e.g. name: 亚太社区党群服务中心)",
            )
        return Place(**parts)

    def timezone(self) -> tuple[str, zoneinfo.ZoneInfo | None]:
        name = self.text("timezone", default=DEFAULT_TIMEZONE)
        if name not in _zones():
            self.bad(
                "timezone",
                f"{_show(name)} is not an IANA time zone",
                f"use a name like {DEFAULT_TIMEZONE} (or remove the line: that is the default)",
            )
            return DEFAULT_TIMEZONE, None
        return name, zoneinfo.ZoneInfo(name)

    def when(self, tz: zoneinfo.ZoneInfo | None) -> tuple[Kind, datetime | date | None, datetime | date | None]:
        meta = self.meta
        time_known = self.flag("time_known")
        date_known = self.flag("date_known")
        given = [k for k in ("start", "date") if k in meta]
        if len(given) == 2:
            self.bad(
                "date", "is given together with start", "use 'start:' for a timed event or 'date:' for a day, not both"
            )
            return "timed", None, None
        if date_known is False:
            for key in ("start", "end", "date", "end_date", "rrule", "exdates", "time_known"):
                if key in meta:
                    self.bad(key, "contradicts 'date_known: no'", f"remove '{key}', or remove 'date_known: no'")
            return "date_unknown", None, None
        if not given:
            self.problems.append(
                Problem(
                    self.doc.path,
                    1,
                    "start",
                    "the event has no date",
                    "add 'start: YYYY-MM-DD HH:MM', 'date: YYYY-MM-DD', or 'date_known: no'",
                )
            )
            return "timed", None, None
        if "start" in meta:
            for key, fix in (
                ("end_date", "use 'end: YYYY-MM-DD HH:MM' with start"),
                ("time_known", "a start time is a known time: remove 'time_known'"),
            ):
                if key in meta:
                    self.bad(key, "does not go with start", fix)
            start = self.moment("start", meta["start"], tz)
            end = None
            if "end" in meta:
                end = self.moment("end", meta["end"], tz, same_day=start.date() if start else None)
                if start and end and end <= start:
                    self.bad(
                        "end",
                        f"{_show(meta['end'])} is not after the start ({_show(meta['start'])})",
                        "make end later than start, or remove 'end'",
                    )
            return "timed", start, end
        # date: — a whole day, or a day whose time of day no source gives.
        raw = meta["date"]
        if isinstance(raw, str) and DATETIME_RE.match(raw.strip()):
            self.bad(
                "date",
                f"all-day event {_show(raw)} has a time",
                "write 'start: YYYY-MM-DD HH:MM' for a timed event, or only the day in 'date:'",
            )
            start = None
        else:
            start = self.day("date", raw)
        if "end" in meta:
            self.bad("end", "does not go with date", "use 'end_date: YYYY-MM-DD' (last day, inclusive) with date")
        end = None
        if "end_date" in meta:
            raw_end = meta["end_date"]
            if isinstance(raw_end, str) and DATETIME_RE.match(raw_end.strip()):
                self.bad("end_date", f"{_show(raw_end)} has a time", "write only the last day, YYYY-MM-DD")
            else:
                end = self.day("end_date", raw_end)
            if start and end and end < start:
                self.bad(
                    "end_date",
                    f"{_show(raw_end)} is before the date ({_show(raw)})",
                    "make end_date the same day or later, or remove it",
                )
        return ("time_unknown" if time_known is False else "all_day"), start, end

    def recurrence(self, kind: Kind, start: datetime | date | None) -> Recurrence | None:
        if "rrule" not in self.meta or kind == "date_unknown":
            return None
        raw = self.meta["rrule"]
        if not isinstance(raw, str) or not raw.strip():
            self.bad(
                "rrule", "must be one line like FREQ=WEEKLY;BYDAY=SA", "see the supported subset in docs/events.md"
            )
            return None
        try:
            rec = parse_rrule(raw)
        except ValueError as exc:
            self.bad("rrule", str(exc), "use only FREQ=DAILY/WEEKLY/MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, UNTIL, COUNT")
            return None
        if start is not None:
            first = start.date() if isinstance(start, datetime) else start
            if rec.until and rec.until < first:
                self.bad(
                    "rrule",
                    f"UNTIL={rec.until:%Y%m%d} is before the first occurrence ({first})",
                    "make UNTIL the last day of the series",
                )
            # Calendar programs always count DTSTART as the first meeting, dateutil only if
            # the rule produces it: refuse the mismatch so the page and the feeds agree.
            elif not produces(start, rec, first):
                key = "start" if "start" in self.meta else "date"
                self.bad(
                    key,
                    f"the first day {first} is not a day the rrule meets on",
                    "make it the first meeting of the series (e.g. a day the BYDAY/BYMONTHDAY names)",
                )
        return rec

    def exdates(
        self, kind: Kind, start: datetime | date | None, rec: Recurrence | None, tz: zoneinfo.ZoneInfo | None
    ) -> tuple[date, ...]:
        raw = self.meta.get("exdates")
        if raw is None:
            return ()
        if rec is None:
            if "rrule" not in self.meta:
                self.bad(
                    "exdates", "only a series (with 'rrule') has dates to skip", "remove 'exdates', or add an 'rrule'"
                )
            return ()
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            self.bad("exdates", "must be a list of days", "write 'exdates: [2025-10-18, 2025-11-18]'")
            return ()
        days = []
        for i, item in enumerate(raw):
            day = self.day(f"exdates.{i}", item)
            if day is None:
                if isinstance(item, str) and DATETIME_RE.match(item.strip()):
                    self.bad(
                        f"exdates.{i}", f"{_show(item)} has a time", "write only the day; the start time is implied"
                    )
                continue
            if start is not None and tz is not None and not produces(start, rec, day):
                self.bad(
                    f"exdates.{i}",
                    f"{day} is not a day this series meets on",
                    "remove it, or correct the day (check the rrule)",
                )
                continue
            days.append(day)
        return tuple(sorted(set(days)))

    def articles(self) -> tuple[tuple[str, ...], tuple[int | None, ...]]:
        names = self.text_list("articles")
        out, lines = [], []
        for i, name in enumerate(names):
            if not ARTICLE_RE.match(name):
                self.bad(
                    f"articles.{i}",
                    f"{_show(name)} is not an article path",
                    "write the path under content/, e.g. articles/2025/2025-08-20_s228-shuttle-opens.md",
                )
                continue
            out.append(name)
            lines.append(self.doc.line(f"articles.{i}"))
        return tuple(out), tuple(lines)

    def updated(self, tz: zoneinfo.ZoneInfo | None, start: datetime | date | None, kind: Kind) -> datetime:
        zone = tz or zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)
        raw = self.meta.get("updated")
        if raw is not None:
            if isinstance(raw, str) and DATE_RE.match(raw.strip()):
                day = self.day("updated", raw)
                if day:
                    return datetime.combine(day, time(0), zone)
            else:
                moment = self.moment("updated", raw, zone)
                if moment:
                    return moment
            return datetime(1970, 1, 1, tzinfo=zone)
        if isinstance(start, datetime):
            return datetime.combine(start.date(), time(0), zone)
        if isinstance(start, date):
            return datetime.combine(start, time(0), zone)
        if kind == "date_unknown":
            self.problems.append(
                Problem(
                    self.doc.path,
                    1,
                    "updated",
                    "is required when the date is not known",
                    "add 'updated: YYYY-MM-DD' (the day the information was published)",
                )
            )
        return datetime(1970, 1, 1, tzinfo=zone)


def parse_rrule(text: str) -> Recurrence:
    """Parse the supported RRULE subset; ValueError says what is outside it."""
    text = text.strip().removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise ValueError(f"{_show(chunk)} is not NAME=VALUE")
        if key not in RRULE_KEYS:
            raise ValueError(f"{key} is outside the supported RRULE subset")
        if key in parts:
            raise ValueError(f"{key} is given twice")
        parts[key] = value.strip().upper()
    freq = parts.get("FREQ")
    if freq is None:
        raise ValueError("FREQ is missing")
    if freq not in FREQS:
        raise ValueError(f"FREQ={freq} is outside the supported RRULE subset")
    interval = _positive(parts, "INTERVAL", 1)
    count = _positive(parts, "COUNT", None)
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError("UNTIL and COUNT are both given")
    until = None
    if "UNTIL" in parts:
        if not re.fullmatch(r"\d{8}", parts["UNTIL"]):
            raise ValueError(f"UNTIL={parts['UNTIL']} is not a day YYYYMMDD")
        try:
            until = datetime.strptime(parts["UNTIL"], "%Y%m%d").date()
        except ValueError:
            raise ValueError(f"UNTIL={parts['UNTIL']} is not a calendar day") from None
    byday: list[tuple[int | None, str]] = []
    for item in filter(None, parts.get("BYDAY", "").split(",")):
        m = BYDAY_RE.match(item)
        if not m:
            raise ValueError(f"BYDAY={item} is not a weekday like TU, 1TU or -1FR")
        n = int(m.group(1)) if m.group(1) else None
        if n is not None and freq != "MONTHLY":
            raise ValueError(f"BYDAY={item}: an ordinal weekday needs FREQ=MONTHLY")
        byday.append((n, m.group(2)))
    bymonthday: list[int] = []
    for item in filter(None, parts.get("BYMONTHDAY", "").split(",")):
        if freq != "MONTHLY":
            raise ValueError("BYMONTHDAY needs FREQ=MONTHLY")
        if not re.fullmatch(r"-?\d{1,2}", item) or not (1 <= abs(int(item)) <= 31):
            raise ValueError(f"BYMONTHDAY={item} is not a day of the month (1…31 or -1…-31)")
        bymonthday.append(int(item))
    if "BYDAY" in parts and not byday:
        raise ValueError("BYDAY is empty")
    return Recurrence(freq, interval, tuple(byday), tuple(bymonthday), until, count)


def _positive(parts: dict[str, str], key: str, default: int | None) -> int | None:
    if key not in parts:
        return default
    value = parts[key]
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{key}={value} is not a whole number ≥ 1")
    return int(value)


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
