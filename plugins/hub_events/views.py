"""What templates receive: small frozen objects built from validated events, never raw dicts.

Everything "relative to today" is computed here from the injected build date, so templates
only format and the same inputs give the same pages.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from . import recurrence as occ
from .model import Event
from .recurrence import Occurrence
from .when import zh_occurrence, zh_rule, zh_when

WEEKDAY_HEADERS = (("一", "星期一"), ("二", "星期二"), ("三", "星期三"), ("四", "星期四"),
                   ("五", "星期五"), ("六", "星期六"), ("日", "星期日"))


def machine(value: datetime | date) -> str:
    """ISO 8601 for <time datetime> and JSON-LD: offset always present for times; plain date for days."""
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month


def month_title(ym: tuple[int, int]) -> str:
    return f"{ym[0]}年{ym[1]}月"


def month_anchor(ym: tuple[int, int], prefix: str) -> str:
    return f"{prefix}-{ym[0]}-{ym[1]:02d}"


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Community:
    name: str
    slug: str
    url: str
    save_as: str
    ics_url: str
    ics_save_as: str


@dataclass(frozen=True)
class When:
    """One occurrence as shown: machine start/end and Chinese text."""

    start: str
    end: str
    text: str
    day: date
    last_day: date

    @property
    def key(self) -> tuple[date, str]:
        """Sort key: by local day, then start (a whole-day entry before timed ones)."""
        return self.day, self.start

    @classmethod
    def of(cls, event: Event, o: Occurrence) -> When:
        return cls(machine(o.start), machine(o.end), zh_occurrence(event, o), o.first_day, o.last_day)


@dataclass(frozen=True)
class EventPage:
    event: Event
    url: str
    save_as: str
    ics_url: str | None
    ics_save_as: str | None
    when_text: str
    rule_text: str
    first: When | None
    coming: tuple[When, ...]  # the next occurrences from the build date on (limited)
    last_past: When | None  # the most recent occurrence before the build date
    community: Community | None
    articles: tuple[Link, ...]
    body_html: str
    jsonld: str = field(default="", compare=False)

    @property
    def title(self) -> str:
        return self.event.title

    @property
    def is_upcoming(self) -> bool:
        return bool(self.coming)

    @property
    def is_dated(self) -> bool:
        return self.first is not None

    @property
    def shown(self) -> When | None:
        """The occurrence lists show: the next one, else the last one."""
        return self.coming[0] if self.coming else self.last_past


@dataclass(frozen=True)
class MonthGroup:
    title: str
    anchor: str
    items: tuple[EventPage, ...]


@dataclass(frozen=True)
class DayCell:
    day: date
    items: tuple[tuple[EventPage, When], ...]
    is_today: bool


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    title: str
    url: str
    save_as: str
    weeks: tuple[tuple[DayCell | None, ...], ...]
    count: int
    prev: Link | None = None
    next: Link | None = None


def group_by_month(pages: Iterable[EventPage], prefix: str) -> tuple[MonthGroup, ...]:
    groups = []
    for ym, items in groupby(pages, key=lambda p: month_of(p.shown.day)):
        groups.append(MonthGroup(month_title(ym), month_anchor(ym, prefix), tuple(items)))
    return tuple(groups)


def upcoming_pages(pages: Iterable[EventPage]) -> list[EventPage]:
    """Dated events with a meeting on or after today, soonest first."""
    return sorted((p for p in pages if p.coming), key=lambda p: (p.coming[0].key, p.event.slug))


def past_pages(pages: Iterable[EventPage]) -> list[EventPage]:
    """Dated events that are over, most recent first."""
    done = [p for p in pages if p.first is not None and not p.coming]
    return sorted(done, key=lambda p: (p.last_past.day, p.event.slug), reverse=True)


def undated_pages(pages: Iterable[EventPage]) -> list[EventPage]:
    return sorted((p for p in pages if p.first is None), key=lambda p: p.event.slug)


def month_range(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    y, m = first
    while (y, m) <= last:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def add_months(ym: tuple[int, int], n: int) -> tuple[int, int]:
    index = ym[0] * 12 + ym[1] - 1 + n
    return index // 12, index % 12 + 1


def calendar_months(pages: list[EventPage], today: date, ahead: int) -> list[tuple[int, int]]:
    """A contiguous run of months: from the first dated event (or this month) to the last finite
    meeting, or ``ahead`` months past this month for series without end, whichever is later."""
    dated = [p for p in pages if p.first is not None]
    this = month_of(today)
    if not dated:
        return [this]
    start = min(this, *(month_of(p.first.day) for p in dated))
    horizon = add_months(this, ahead)
    end = this
    for p in dated:
        if occ.is_endless(p.event):
            end = max(end, horizon)
        else:
            *_, last = occ.occurrences(p.event)
            end = max(end, min(month_of(last.last_day), horizon))
    return month_range(start, end)


def month_view(ym: tuple[int, int], pages: list[EventPage], today: date, url: str, save_as: str) -> MonthView:
    year, month = ym
    first_day = date(year, month, 1)
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    by_day: dict[date, list[tuple[EventPage, When]]] = {}
    for page in pages:
        if page.first is None:
            continue
        for o in occ.between(page.event, first_day, last_day):
            # A multi-day meeting is listed on each of its days within the month.
            day = max(o.first_day, first_day)
            while day <= min(o.last_day, last_day):
                by_day.setdefault(day, []).append((page, When.of(page.event, o)))
                day = date.fromordinal(day.toordinal() + 1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(None)
                continue
            items = sorted(by_day.get(day, []), key=lambda pw: (pw[1].key, pw[0].event.slug))
            cells.append(DayCell(day, tuple(items), day == today))
        weeks.append(tuple(cells))
    count = sum(len(v) for v in by_day.values())
    return MonthView(year, month, month_title(ym), url, save_as, tuple(weeks), count)


def link_months(views: list[MonthView]) -> list[MonthView]:
    linked = []
    for i, v in enumerate(views):
        prev = Link(views[i - 1].title, views[i - 1].url) if i > 0 else None
        nxt = Link(views[i + 1].title, views[i + 1].url) if i + 1 < len(views) else None
        linked.append(MonthView(v.year, v.month, v.title, v.url, v.save_as, v.weeks, v.count, prev, nxt))
    return linked


def build_page(
    event: Event,
    *,
    today: date,
    limit: int,
    url: str,
    save_as: str,
    ics_url: str,
    ics_save_as: str,
    community: Community | None,
    articles: tuple[Link, ...],
    body_html: str,
    jsonld: Callable[[EventPage], str],
) -> EventPage:
    first = occ.first(event)
    coming = tuple(When.of(event, o) for o in occ.upcoming(event, today, limit)) if first else ()
    past = occ.past(event, today, 1) if first else []
    page = EventPage(
        event=event,
        url=url,
        save_as=save_as,
        ics_url=ics_url if first else None,
        ics_save_as=ics_save_as if first else None,
        when_text=zh_when(event, first),
        rule_text=zh_rule(event.recurrence) if event.recurrence else "",
        first=When.of(event, first) if first else None,
        coming=coming,
        last_past=When.of(event, past[-1]) if past else None,
        community=community,
        articles=articles,
        body_html=body_html,
    )
    return EventPage(**{**page.__dict__, "jsonld": jsonld(page)})
