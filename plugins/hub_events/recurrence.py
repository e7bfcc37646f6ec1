"""Occurrences of events and series: pure functions over the model, the clock always injected.

The expansion is dateutil's ``rrule`` fed with exactly the parts ics.py writes into RRULE, so
what a page lists and what a calendar program expands come from one rule. For a timed series
DTSTART is an aware datetime in the event's zone: dateutil keeps the wall-clock time and the
zone, so a 09:00 meeting stays at 09:00 local across DST changes, as RFC 5545 requires.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from dateutil import rrule as du

if TYPE_CHECKING:  # model.py imports this module to check exdates: no import cycle at run time
    from .model import Event, Recurrence

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQ = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY}
_WEEKDAY = dict(zip(WEEKDAYS, (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU), strict=True))


@dataclass(frozen=True)
class Occurrence:
    """One meeting of an event. Timed: aware datetimes (end == start when no end is known).
    Day kinds: ``start`` is the first day and ``end`` the last day, inclusive."""

    start: datetime | date
    end: datetime | date

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        return self.end.date() if isinstance(self.end, datetime) else self.end


def _dtstart(start: datetime | date) -> datetime:
    return start if isinstance(start, datetime) else datetime.combine(start, time(0))


def until_moment(start: datetime | date, until: date) -> datetime:
    """UNTIL as the last instant of its local day (inclusive), in DTSTART's form."""
    last = datetime.combine(until, time(23, 59, 59))
    return last.replace(tzinfo=start.tzinfo) if isinstance(start, datetime) else last


def build_rule(start: datetime | date, rec: Recurrence) -> du.rrule:
    byweekday = [(_WEEKDAY[d](n) if n else _WEEKDAY[d]) for n, d in rec.byday] or None
    return du.rrule(
        _FREQ[rec.freq],
        dtstart=_dtstart(start),
        interval=rec.interval,
        byweekday=byweekday,
        bymonthday=list(rec.bymonthday) or None,
        until=until_moment(start, rec.until) if rec.until else None,
        count=rec.count,
        cache=False,
    )


def produces(start: datetime | date, rec: Recurrence, day: date) -> bool:
    """Whether the series meets on ``day`` (exdates must name real meetings)."""
    moment = datetime.combine(day, _dtstart(start).timetz())
    return moment in build_rule(start, rec)


def starts(event: Event) -> Iterator[datetime | date]:
    """Every start, in order, exdates removed; endless for a series without UNTIL/COUNT."""
    if event.start is None:
        return
    if event.recurrence is None:
        yield event.start
        return
    skip = set(event.exdates)
    for moment in build_rule(event.start, event.recurrence):
        if moment.date() in skip:
            continue
        yield moment if isinstance(event.start, datetime) else moment.date()


def occurrences(event: Event) -> Iterator[Occurrence]:
    length = event.duration
    for start in starts(event):
        if isinstance(start, datetime):
            yield Occurrence(start, start + length)
        else:
            yield Occurrence(start, start + length - timedelta(days=1))


def upcoming(event: Event, today: date, limit: int) -> list[Occurrence]:
    """The next ``limit`` occurrences not yet over on ``today`` (one still running counts)."""
    return list(islice((o for o in occurrences(event) if o.last_day >= today), limit))


def past(event: Event, today: date, limit: int | None = None) -> list[Occurrence]:
    """Occurrences that ended before ``today``, most recent last."""
    done = []
    for occ in occurrences(event):
        if occ.last_day >= today:
            break
        done.append(occ)
    return done[-limit:] if limit else done


def between(event: Event, first_day: date, last_day: date) -> list[Occurrence]:
    """Occurrences that touch the closed day range (for month calendars)."""
    found = []
    for occ in occurrences(event):
        if occ.first_day > last_day:
            break
        if occ.last_day >= first_day:
            found.append(occ)
    return found


def first(event: Event) -> Occurrence | None:
    return next(occurrences(event), None)


def is_endless(event: Event) -> bool:
    rec = event.recurrence
    return rec is not None and rec.until is None and rec.count is None
