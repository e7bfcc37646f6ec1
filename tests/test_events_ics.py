"""Calendar files: RFC 5545 shape, two independent parsers, instants equal to the model's."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from dateutil.rrule import rrulestr

from hub_content.frontmatter import parse_document
from hub_events import ics
from hub_events import recurrence as occ
from hub_events.model import Event

ROOT = Path(__file__).resolve().parent.parent
SH = ZoneInfo("Asia/Shanghai")
DOMAIN = "hub.example.org"
FIXTURE = "tests/fixtures/events/2025-08-18_monthly-clinic.md"


def load(path: str) -> Event:
    return Event.from_document(parse_document((ROOT / path).read_text(encoding="utf-8"), path))


def content_events() -> list[Event]:
    return [load(str(p.relative_to(ROOT))) for p in sorted((ROOT / "content" / "events").glob("*.md"))]


def all_events() -> list[Event]:
    return [*content_events(), load(FIXTURE)]


def url_for(ev: Event) -> str:
    return f"https://{DOMAIN}/events/{ev.slug}/"


def build(events: list[Event]) -> bytes:
    return ics.calendar(events, domain=DOMAIN, name="社区新闻汇·活动", url_for=url_for)


def make(text: str, path: str = "content/events/2025-09-01_x.md") -> Event:
    return Event.from_document(parse_document(text, path))


TRICKY = make(
    "---\n"
    "title: 讲座：法律; 咨询, 反斜杠\\在此\n"
    "summary: |-\n"
    "  第一行；含ASCII分号; 逗号, 反斜杠\\。\n"
    "  第二行" + "很长的中文内容A" * 30 + "\n"
    "category: 民生服务\n"
    "start: 2025-09-01 19:30\n"
    "end: 21:00\n"
    "status: cancelled\n"
    "place:\n"
    "  name: 世和社区党群服务中心\n"
    "  address: 经开区明湖办事处世和社区, 3号楼; 一层\n"
    "  community: 世和社区\n"
    "---\n"
)

CALENDARS = {
    "site": lambda: build(all_events()),
    "one-timed": lambda: build([load("content/events/2025-08-20_s228-opening-day.md")]),
    "one-day": lambda: build([load("content/events/2025-07-23_liangku-centre-opening.md")]),
    "series": lambda: build([load(FIXTURE)]),
    "tricky": lambda: build([TRICKY]),
}


@pytest.fixture(params=sorted(CALENDARS))
def raw(request) -> bytes:
    return CALENDARS[request.param]()


# --- wire format ---------------------------------------------------------------------------------
def test_lines_are_crlf_at_most_75_octets_and_never_split_a_character(raw):
    assert raw.endswith(b"\r\n")
    physical = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(physical) and b"\r" not in b"".join(physical)
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # strict: a split multi-byte character would raise here


def test_folding_actually_happened_inside_chinese_text():
    raw = build([TRICKY])
    continuation = [line for line in raw.split(b"\r\n") if line.startswith(b" ")]
    assert len(continuation) >= 5
    # Unfolding restores the exact text: nothing lost or doubled at fold points.
    cal = icalendar.Calendar.from_ical(raw)
    (ve,) = cal.walk("VEVENT")
    assert str(ve["DESCRIPTION"]).startswith(TRICKY.summary)


def test_text_escaping():
    raw = build([TRICKY])
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:讲座：法律\\; 咨询\\, 反斜杠\\\\在此\r\n" in unfolded
    assert "第一行；含ASCII分号\\; 逗号\\, 反斜杠\\\\。\\n第二行" in unfolded
    assert "LOCATION:世和社区党群服务中心，经开区明湖办事处世和社区\\, 3号楼\\; 一层\r\n" in unfolded
    for parsed in (
        icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]["SUMMARY"],
        vobject.readOne(raw.decode("utf-8")).vevent.summary.value,
    ):
        assert str(parsed) == TRICKY.title


def test_calendar_header_and_components():
    raw = build(all_events())
    cal = icalendar.Calendar.from_ical(raw)
    assert (str(cal["VERSION"]), str(cal["PRODID"])) == ("2.0", ics.PRODID)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    text = raw.decode("utf-8")
    assert "DTSTART;TZID=Asia/Shanghai:20250820T061500\r\n" in text
    assert "DTSTART;VALUE=DATE:20250723\r\n" in text
    assert "DTEND;VALUE=DATE:20250724\r\n" in text
    assert "RRULE:FREQ=MONTHLY;COUNT=6;BYMONTHDAY=18\r\n" in text
    assert "EXDATE;TZID=Asia/Shanghai:20251018T090000\r\n" in text
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_undated_events_are_left_out_of_calendars():
    uids = [str(v["UID"]) for v in icalendar.Calendar.from_ical(build(content_events())).walk("VEVENT")]
    assert uids == [f"event-liangku-centre-opening@{DOMAIN}", f"event-s228-opening-day@{DOMAIN}"]
    with pytest.raises(ValueError, match="without a date"):
        ics.vevent(load("content/events/yatai-chorus-rehearsals.md"), DOMAIN)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("scheduled", "CONFIRMED"), ("rescheduled", "CONFIRMED"), ("postponed", "TENTATIVE"), ("cancelled", "CANCELLED")],
)
def test_status(status, expected):
    text = "---\ntitle: t\nsummary: s\ncategory: 文化活动\nstart: 2025-09-01 19:30\nplace:\n  name: p\n"
    text += f"status: {status}\n---\n"
    assert f"STATUS:{expected}\r\n".encode() in build([make(text)])


def test_until_is_utc_for_timed_series_and_a_date_for_all_day():
    timed = make(
        "---\ntitle: t\nsummary: s\ncategory: 文化活动\nstart: 2025-09-06 19:30\nplace:\n  name: p\n"
        "rrule: FREQ=WEEKLY;BYDAY=SA;UNTIL=20251004\n---\n"
    )
    day = make(
        "---\ntitle: t\nsummary: s\ncategory: 文化活动\ndate: 2025-09-06\nplace:\n  name: p\n"
        "rrule: FREQ=WEEKLY;BYDAY=SA;UNTIL=20251004\n---\n"
    )
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20251004T155959Z;BYDAY=SA\r\n" in build([timed])
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20251004;BYDAY=SA\r\n" in build([day])
    for ev in (timed, day):
        assert len(list(occ.occurrences(ev))) == 5
        assert expand_with_vobject(build([ev]))[ev.slug] == [o.start for o in occ.occurrences(ev)]


# --- determinism -----------------------------------------------------------------------------------
def test_dtstamp_and_uid_come_from_content():
    cal = icalendar.Calendar.from_ical(build(all_events()))
    by_uid = {str(v["UID"]): v for v in cal.walk("VEVENT")}
    s228 = by_uid[f"event-s228-opening-day@{DOMAIN}"]
    assert s228["DTSTAMP"].dt == datetime(2025, 8, 20, 0, 0, tzinfo=SH).astimezone(UTC)
    clinic = by_uid[f"event-monthly-clinic@{DOMAIN}"]
    assert clinic["DTSTAMP"].dt == datetime(2025, 8, 1, 2, 0, tzinfo=UTC)  # updated: 2025-08-01 10:00 +08:00


SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1] + "/plugins")
sys.path.insert(0, sys.argv[1])
from tests.test_events_ics import all_events, build
sys.stdout.buffer.write(build(all_events()))
"""


def test_bytes_are_identical_across_separate_runs():
    """Two processes, seconds apart: DTSTAMP, UIDs and order must not follow the clock or hashing."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", SCRIPT, str(ROOT)],
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == build(all_events())


def test_order_does_not_depend_on_input_order():
    events = all_events()
    assert build(events) == build(list(reversed(events)))


# --- two parsers, same instants ----------------------------------------------------------------------
def expand_with_vobject(raw: bytes) -> dict[str, list]:
    """Expansion by vobject's own rruleset (RRULE + EXDATE as vobject reads them)."""
    found = {}
    cal = vobject.readOne(raw.decode("utf-8"))
    for ve in cal.vevent_list:
        slug = ve.uid.value.removeprefix("event-").split("@")[0]
        starts = list(ve.getrruleset(addRDate=True)) if hasattr(ve, "rrule") else [ve.dtstart.value]
        start_value = ve.dtstart.value
        if not isinstance(start_value, datetime):
            starts = [s.date() if isinstance(s, datetime) else s for s in starts]
        found[slug] = starts
    return found


def expand_with_icalendar(raw: bytes) -> dict[str, list]:
    """Expansion by dateutil over icalendar's parse (RRULE text + EXDATE values)."""
    found = {}
    for ve in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
        slug = str(ve["UID"]).removeprefix("event-").split("@")[0]
        start = ve["DTSTART"].dt
        if "RRULE" not in ve:
            found[slug] = [start]
            continue
        rule_text = ve["RRULE"].to_ical().decode()
        dtstart = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
        excluded = set()
        exdates = ve.get("EXDATE", [])
        for ex in exdates if isinstance(exdates, list) else [exdates]:
            excluded.update(d.dt for d in ex.dts)
        starts = [d for d in rrulestr(rule_text, dtstart=dtstart) if d not in excluded]
        found[slug] = starts if isinstance(start, datetime) else [d.date() for d in starts]
    return found


def test_both_parsers_expand_to_the_models_instants():
    events = all_events()
    raw = build(events)
    expected = {ev.slug: [o.start for o in occ.occurrences(ev)] for ev in events if ev.start is not None}
    assert expand_with_icalendar(raw) == expected
    assert expand_with_vobject(raw) == expected
    # Instants, not just wall-clock faces: compare in UTC too.
    clinic = expand_with_vobject(raw)["monthly-clinic"]
    assert [d.astimezone(UTC).hour for d in clinic] == [1] * 5


def test_bymonthday_series_expands_in_the_feed_as_dateutil_says():
    raw = build([load(FIXTURE)])
    (ve,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    dtstart = ve["DTSTART"].dt
    rule = rrulestr(ve["RRULE"].to_ical().decode(), dtstart=dtstart)
    expanded = [d for d in rule if d.date() != date(2025, 10, 18)]
    assert [d.date().isoformat() for d in expanded] == [
        "2025-08-18",
        "2025-09-18",
        "2025-11-18",
        "2025-12-18",
        "2026-01-18",
    ]
    assert expanded == [o.start for o in occ.occurrences(load(FIXTURE))]
    assert all(d.utcoffset() == timedelta(hours=8) for d in expanded)


def test_end_instants_match():
    ev = load("content/events/2025-08-20_s228-opening-day.md")
    raw = build([ev])
    assert icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]["DTEND"].dt == ev.end
    assert vobject.readOne(raw.decode()).vevent.dtend.value == ev.end
