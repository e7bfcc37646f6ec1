"""iCalendar (RFC 5545) files for events: one per event, one site-wide, one per community.

Built with the icalendar library (7.3), whose serialiser already does the parts that are easy
to get wrong by hand — checked in tests/test_events_ics.py rather than assumed:

- TEXT escaping of ``\\ ; ,`` and newlines;
- folding at 75 octets counted in UTF-8 bytes, never inside a character (``_foldline`` walks
  characters and counts their encoded length), and never between a backslash and the
  character it escapes;
- CRLF line ends; properties in sorted order, so equal input gives equal bytes.

What this module adds is determinism of the *content*: UIDs come from the event slug and the
site's domain (``event-<slug>@<domain>``), DTSTAMP/LAST-MODIFIED from the file's ``updated``
field (or its first day), VTIMEZONE blocks generated from the pinned tzdata for the span the
events need, and events sorted by first start then slug. Nothing reads the clock.
"""

from __future__ import annotations

import importlib.resources
import os
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from .model import Event
from .recurrence import until_moment

PRODID = "-//Community News Hub//hub_events 1.0//ZH"
ICS_STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    # Postponed: it will happen, the day is not settled: RFC 5545 calls that TENTATIVE.
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}
TIME_UNKNOWN_NOTE = "具体时间未公布"
# Only the span calendars need: a VTIMEZONE from 1970 would carry Shanghai's 1986–91 DST.
TZ_LAST_DATE = date(2038, 1, 1)


def uid(event: Event, domain: str) -> str:
    return f"event-{event.slug}@{domain}"


def sort_key(event: Event) -> tuple:
    start = event.start
    if isinstance(start, datetime):
        return (start.astimezone(UTC).replace(tzinfo=None), event.slug)
    if isinstance(start, date):
        return (datetime.combine(start, datetime.min.time()), event.slug)
    return (datetime.max, event.slug)


def location_text(event: Event) -> str:
    return "，".join(p for p in (event.place.name, event.place.address) if p)


def description(event: Event, url: str | None) -> str:
    lines = [event.summary]
    if event.kind == "time_unknown":
        lines.append(event.when_note or TIME_UNKNOWN_NOTE)
    elif event.when_note:
        lines.append(event.when_note)
    if event.status != "scheduled":
        lines.append(f"状态：{event.status_label}")
    if event.organisers:
        lines.append("主办：" + "、".join(event.organisers))
    lines.append(f"费用：{event.cost}")
    if url:
        lines.append(url)
    return "\n".join(lines)


def vevent(event: Event, domain: str, url: str | None = None) -> VEvent:
    """The VEVENT for one event or series. The event must have a date."""
    if event.start is None:
        raise ValueError(f"{event.path}: an event without a date has no calendar entry")
    ve = VEvent()
    ve.add("uid", uid(event, domain))
    stamp = event.updated.astimezone(UTC)
    ve.add("dtstamp", stamp)
    ve.add("last-modified", stamp)
    ve.add("summary", event.title)
    ve.add("description", description(event, url))
    ve.add("location", location_text(event))
    ve.add("categories", [event.category])
    ve.add("status", ICS_STATUS[event.status])
    if event.kind == "timed":
        ve.add("dtstart", event.start)
        if event.end is not None:
            ve.add("dtend", event.end)
    else:
        # All-day, or a day whose hour no source gives: a DATE entry, never an invented time.
        ve.add("dtstart", event.start)
        ve.add("dtend", (event.end or event.start) + timedelta(days=1))
        ve.add("transp", "TRANSPARENT")
    rec = event.recurrence
    if rec is not None:
        parts = rec.rule_parts()
        if rec.until is not None:
            if isinstance(event.start, datetime):
                # With a TZID'd DTSTART, RFC 5545 wants UNTIL in UTC.
                parts["UNTIL"] = until_moment(event.start, rec.until).astimezone(UTC)
            else:
                parts["UNTIL"] = rec.until
        ve.add("rrule", vRecur(parts))
        if event.exdates:
            if isinstance(event.start, datetime):
                ve.add("exdate", [datetime.combine(d, event.start.timetz()) for d in event.exdates])
            else:
                ve.add("exdate", list(event.exdates))
    if url:
        ve.add("url", url)
    return ve


def timezones(events: Iterable[Event]) -> list[Timezone]:
    """One VTIMEZONE per zone a timed event uses, covering its years (from pinned tzdata)."""
    first_year: dict[str, int] = {}
    for ev in events:
        if isinstance(ev.start, datetime) and ev.start.tzinfo is not None:
            key = ev.tz
            if key == "UTC":
                continue
            year = min(ev.start.year, ev.previous_start.year if ev.previous_start else ev.start.year)
            first_year[key] = min(first_year.get(key, year), year)
    return [_vtimezone(key, year) for key, year in sorted(first_year.items())]


@lru_cache(maxsize=256)
def _vtimezone(key: str, first_year: int) -> Timezone:
    # Cached: walking a zone's transitions costs ~20 ms, and every community's calendar and the
    # site-wide one ask for the same zone. calendar() only serialises it, never changes it.
    return Timezone.from_tzinfo(zoneinfo.ZoneInfo(key), key, first_date=date(first_year, 1, 1), last_date=TZ_LAST_DATE)


def calendar(
    events: Iterable[Event],
    *,
    domain: str,
    name: str,
    url_for: Callable[[Event], str | None] = lambda _e: None,
    description_text: str = "",
) -> bytes:
    """A whole VCALENDAR as bytes (UTF-8, CRLF). Undated events are left out."""
    dated = sorted((e for e in events if e.start is not None), key=sort_key)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    if description_text:
        cal.add("description", description_text)
        cal.add("x-wr-caldesc", description_text)
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    for tz in timezones(dated):
        cal.add_component(tz)
    for ev in dated:
        cal.add_component(vevent(ev, domain, url_for(ev)))
    return cal.to_ical()


def zone_data(key: str) -> bytes:
    """The tz database file ``ZoneInfo(key)`` reads: the first found on zoneinfo.TZPATH, else the
    tzdata package's (zoneinfo's own order); empty if neither has it."""
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, key)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                return f.read()
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    except (ModuleNotFoundError, OSError):
        return b""


def calendar_source(
    events: Iterable[Event],
    *,
    domain: str,
    name: str,
    url_for: Callable[[Event], str | None] = lambda _e: None,
    description_text: str = "",
) -> bytes:
    """Everything ``calendar()`` makes its bytes from, as bytes: a key for keeping them.

    Events are frozen dataclasses whose repr holds every field. The tz data of their zones is
    added because UTC instants, UNTIL and the VTIMEZONE blocks follow from it, and the system's
    tz database (which zoneinfo prefers) is no package the site fingerprint sees. The code and
    the icalendar version are in that fingerprint.
    """
    events = list(events)
    parts = [PRODID, domain, name, description_text]
    parts += [f"{url_for(ev)}\1{ev!r}" for ev in events]
    text = "\0".join(parts).encode()
    zones = b"".join(f"\0{key}\1".encode() + zone_data(key) for key in sorted({ev.tz for ev in events}))
    return text + zones
