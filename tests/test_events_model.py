"""Event model: validation messages, parsing, occurrence expansion and the Chinese date words."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from hub_content.errors import ContentError
from hub_content.frontmatter import parse_document
from hub_events import recurrence as occ
from hub_events.model import EVENT_FIELDS, Event, Recurrence, parse_rrule
from hub_events.when import zh_occurrence, zh_rule, zh_when

ROOT = Path(__file__).resolve().parent.parent
SH = ZoneInfo("Asia/Shanghai")
PATH = "content/events/2025-08-20_sample.md"
BASE = {
    "title": "样例活动",
    "summary": "一句话简介。",
    "category": "文化活动",
    "start": "2025-08-20 09:00",
    "place": {"name": "亚太社区活动中心", "community": "亚太社区"},
}


def render(meta: dict) -> str:
    """Front matter text with one key per line, so line numbers in messages are predictable."""
    out = ["---"]
    for key, value in meta.items():
        if isinstance(value, dict):
            out.append(f"{key}:")
            out.extend(f"  {k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            out.append(f"{key}: [{', '.join(value)}]")
        else:
            out.append(f"{key}: {value}")
    out += ["---", "正文。", ""]
    return "\n".join(out)


def event(path: str = PATH, drop: tuple[str, ...] = (), **changes) -> Event:
    meta = {k: v for k, v in {**BASE, **changes}.items() if k not in drop}
    return Event.from_document(parse_document(render(meta), path))


def problems(path: str = PATH, drop: tuple[str, ...] = (), **changes) -> list[str]:
    with pytest.raises(ContentError) as info:
        event(path, drop, **changes)
    return [str(p) for p in info.value.problems]


# --- validation: one row per mistake editors make --------------------------------------------------
# (changes to the valid BASE, keys to drop, expected message prefix "path:line: field: problem")
BAD = [
    pytest.param(
        {"end": "2025-08-20 08:00"}, (), ':9: end: "2025-08-20 08:00" is not after the start', id="end-before-start"
    ),
    pytest.param({"end": "08:30"}, (), ':9: end: "08:30" is not after the start', id="end-time-before-start"),
    pytest.param({"end": "09:00"}, (), ':9: end: "09:00" is not after the start', id="end-equals-start"),
    pytest.param(
        {"timezone": "Asia/Beijing"}, (), ':9: timezone: "Asia/Beijing" is not an IANA time zone', id="unknown-tz"
    ),
    pytest.param({"timezone": "CST"}, (), ':9: timezone: "CST" is not an IANA time zone', id="abbrev-tz"),
    pytest.param(
        {"rrule": "FREQ=YEARLY"}, (), ":9: rrule: FREQ=YEARLY is outside the supported RRULE subset", id="yearly"
    ),
    pytest.param({"rrule": "FREQ=MONTHLY;BYSETPOS=1;BYDAY=TU"}, (), ":9: rrule: BYSETPOS is outside", id="bysetpos"),
    pytest.param(
        {"rrule": "FREQ=WEEKLY;BYDAY=1TU"},
        (),
        ":9: rrule: BYDAY=1TU: an ordinal weekday needs FREQ=MONTHLY",
        id="ordinal-weekly",
    ),
    pytest.param(
        {"rrule": "FREQ=WEEKLY;BYMONTHDAY=18"}, (), ":9: rrule: BYMONTHDAY needs FREQ=MONTHLY", id="bymonthday-weekly"
    ),
    pytest.param(
        {"rrule": "FREQ=MONTHLY;BYMONTHDAY=32"},
        (),
        ":9: rrule: BYMONTHDAY=32 is not a day of the month",
        id="monthday-32",
    ),
    pytest.param(
        {"rrule": "FREQ=DAILY;COUNT=3;UNTIL=20251231"},
        (),
        ":9: rrule: UNTIL and COUNT are both given",
        id="until-and-count",
    ),
    pytest.param(
        {"rrule": "FREQ=DAILY;UNTIL=20250820T120000Z"},
        (),
        ":9: rrule: UNTIL=20250820T120000Z is not a day",
        id="until-form",
    ),
    pytest.param(
        {"rrule": "FREQ=DAILY;INTERVAL=0"}, (), ":9: rrule: INTERVAL=0 is not a whole number", id="interval-0"
    ),
    pytest.param({"rrule": "BYDAY=MO"}, (), ":9: rrule: FREQ is missing", id="no-freq"),
    pytest.param(
        {"rrule": "FREQ=WEEKLY;BYDAY=SA"},
        (),
        ":5: start: the first day 2025-08-20 is not a day the rrule meets on",
        id="dtstart-not-in-rule",
    ),
    pytest.param(
        {"rrule": "FREQ=DAILY;UNTIL=20250801"}, (), ":9: rrule: UNTIL=20250801 is before the first", id="until-before"
    ),
    pytest.param(
        {"date": "2025-08-20 09:00"},
        ("start",),
        ':8: date: all-day event "2025-08-20 09:00" has a time',
        id="allday-with-time",
    ),
    pytest.param({"date": "2025-08-20"}, (), ":9: date: is given together with start", id="date-and-start"),
    pytest.param({"start": "2025-08-20"}, (), ':5: start: "2025-08-20" has no time of day', id="start-without-time"),
    pytest.param(
        {"start": "2025-02-30 09:00"}, (), ':5: start: "2025-02-30 09:00" is not a real date and time', id="feb-30"
    ),
    pytest.param({"start": "8月20日 9:00"}, (), ':5: start: "8月20日 9:00" is not a date and time', id="chinese-date"),
    pytest.param(
        {"place": {"address": "经开区"}}, (), ":6: place.name: is missing: every place needs a name", id="place-no-name"
    ),
    pytest.param({"place": "亚太社区"}, (), ":6: place: must have named parts", id="place-plain"),
    pytest.param({"place": {"name": "x", "room": "3"}}, (), ":8: place.room: is not a place field", id="place-unknown"),
    pytest.param({"venue": "x"}, (), ":9: venue: is not an event field", id="unknown-field"),
    pytest.param({"status": "done"}, (), ':9: status: "done" is not a status', id="bad-status"),
    pytest.param({"category": "体育"}, (), ':4: category: "体育" is not a category', id="bad-category"),
    pytest.param({"slug": "亚太"}, (), ':9: slug: "亚太" (from the slug) is not an ASCII slug', id="slug-chinese"),
    pytest.param({"time_known": "maybe"}, (), ':9: time_known: "maybe" is not yes or no', id="flag"),
    pytest.param({"time_known": "no"}, (), ":9: time_known: does not go with start", id="time-known-with-start"),
    pytest.param({"end_date": "2025-08-21"}, (), ":9: end_date: does not go with start", id="end-date-with-start"),
    pytest.param({"date_known": "no"}, (), ":5: start: contradicts 'date_known: no'", id="date-unknown-with-start"),
    pytest.param({"exdates": ["2025-08-21"]}, (), ":9: exdates: only a series", id="exdates-without-rrule"),
    pytest.param(
        {"rrule": "FREQ=DAILY;COUNT=5", "exdates": ["2025-09-21"]},
        (),
        ":10: exdates.0: 2025-09-21 is not a day this series meets on",
        id="exdate-not-in-series",
    ),
    pytest.param(
        {"rrule": "FREQ=DAILY;COUNT=5", "exdates": ["2025-08-21 09:00"]},
        (),
        ':10: exdates.0: "2025-08-21 09:00" has a time',
        id="exdate-with-time",
    ),
    pytest.param(
        {"articles": ["2025-08-20_s228-shuttle-opens.md"]},
        (),
        ':9: articles.0: "2025-08-20_s228-shuttle-opens.md" is not an article path',
        id="article-path",
    ),
    pytest.param(
        {"previous_start": "2025-08-18 09:00"},
        (),
        ":9: previous_start: is only for status: rescheduled",
        id="previous-start",
    ),
    pytest.param({"updated": "yesterday"}, (), ':9: updated: "yesterday" is not a date and time', id="updated"),
    pytest.param({}, ("title",), ":1: title: is missing", id="no-title"),
    pytest.param({}, ("place",), ":1: place: is missing", id="no-place"),
    pytest.param({}, ("start",), ":1: start: the event has no date", id="no-date"),
]


@pytest.mark.parametrize(("changes", "drop", "expected"), BAD)
def test_bad_input_is_reported_with_file_line_and_field(changes, drop, expected):
    found = problems(drop=drop, **changes)
    assert any(p.startswith(PATH + expected) for p in found), found
    assert all(" — " in p for p in found), "every message says how to fix it"


def test_all_problems_of_a_file_are_reported_at_once():
    found = problems(timezone="Mars/Olympus", status="over", venue="x", place={"address": "经开区"})
    fields = [p.split(": ")[1] for p in found]
    assert sorted(fields) == ["place.name", "status", "timezone", "venue"]


def test_end_before_start_message_reads_well():
    (msg,) = problems(end="2025-08-20 08:00")
    assert msg == (
        f'{PATH}:9: end: "2025-08-20 08:00" is not after the start ("2025-08-20 09:00")'
        " — make end later than start, or remove 'end'"
    )


def test_date_unknown_needs_no_start_and_gives_no_occurrences():
    ev = event(drop=("start",), date_known="no", when_note="排练时间未公布", updated="2025-08-20")
    assert ev.kind == "date_unknown"
    assert ev.start is None
    assert list(occ.occurrences(ev)) == []
    assert zh_when(ev, None) == "时间未公布"


def test_date_unknown_needs_updated_for_dtstamp():
    found = problems(drop=("start",), date_known="no")
    assert any(": updated: is required when the date is not known" in p for p in found)


# --- parsing what is valid -----------------------------------------------------------------------
def test_defaults():
    ev = event()
    assert (ev.tz, ev.status, ev.status_label, ev.cost, ev.is_free) == (
        "Asia/Shanghai",
        "scheduled",
        "已安排",
        "免费",
        True,
    )
    assert ev.slug == "sample"  # from the file name after the date
    assert ev.start == datetime(2025, 8, 20, 9, 0, tzinfo=SH)
    assert ev.updated == datetime(2025, 8, 20, 0, 0, tzinfo=SH)  # no 'updated': the first day, not the clock


@pytest.mark.parametrize(
    ("status", "label"),
    [("scheduled", "已安排"), ("cancelled", "已取消"), ("postponed", "已延期"), ("rescheduled", "已改期")],
)
def test_status_labels(status, label):
    assert event(status=status).status_label == label


def test_end_as_time_means_same_day():
    ev = event(end="11:30")
    assert ev.end == datetime(2025, 8, 20, 11, 30, tzinfo=SH)
    assert ev.duration == timedelta(hours=2, minutes=30)


def test_other_timezone_keeps_wall_clock():
    ev = event(timezone="Europe/Berlin")
    assert ev.start.utcoffset() == timedelta(hours=2)


def test_nonexistent_local_time_is_refused():
    found = problems(timezone="Europe/Berlin", start="2025-03-30 02:30")
    assert any('start: "2025-03-30 02:30" does not exist in Europe/Berlin' in p for p in found)


def test_multi_day_all_day_event():
    ev = event(drop=("start",), date="2025-10-01", end_date="2025-10-03")
    assert ev.kind == "all_day"
    assert ev.duration == timedelta(days=3)
    (o,) = occ.occurrences(ev)
    assert (o.first_day, o.last_day) == (date(2025, 10, 1), date(2025, 10, 3))
    assert zh_occurrence(ev, o) == "2025年10月1日（周三）至2025年10月3日（周五） 全天"


@pytest.mark.parametrize("path", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "content" / "events").glob("*.md")))
def test_every_content_event_is_valid(path):
    ev = Event.from_document(parse_document((ROOT / path).read_text(encoding="utf-8"), path))
    assert ev.articles, "every seed event links its story"
    assert ev.kind != "timed" or ev.start.tzinfo is not None


def test_seed_events_say_what_the_story_does_not():
    def load(name: str) -> Event:
        path = f"content/events/{name}"
        return Event.from_document(parse_document((ROOT / path).read_text(encoding="utf-8"), path))

    s228 = load("2025-08-20_s228-opening-day.md")
    assert zh_when(s228, occ.first(s228)) == "2025年8月20日（周三）06:15—20:30"
    liangku = load("2025-07-23_liangku-centre-opening.md")
    assert liangku.kind == "time_unknown"
    assert "未写年份" in liangku.when_note
    assert zh_when(liangku, occ.first(liangku)) == "2025年7月23日（周三）（具体时间未公布）"
    for name in ("yatai-chorus-rehearsals.md", "shihe-cleaning-day.md"):
        ev = load(name)
        assert ev.kind == "date_unknown" and ev.when_note


# --- RRULE subset --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=18", Recurrence("MONTHLY", bymonthday=(18,))),
        (
            "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;COUNT=4",
            Recurrence("WEEKLY", 2, ((None, "SA"), (None, "SU")), count=4),
        ),
        ("freq=monthly;byday=1tu", Recurrence("MONTHLY", byday=((1, "TU"),))),
        (
            "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20251231",
            Recurrence("MONTHLY", byday=((-1, "FR"),), until=date(2025, 12, 31)),
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", Recurrence("MONTHLY", bymonthday=(-1,))),
        ("FREQ=DAILY", Recurrence("DAILY")),
    ],
)
def test_rrule_subset_parses(text, expected):
    assert parse_rrule(text) == expected


@pytest.mark.parametrize(
    ("rec", "words"),
    [
        (Recurrence("MONTHLY", bymonthday=(18,)), "每月18日"),
        (Recurrence("MONTHLY", byday=((1, "TU"),)), "每月第一个周二"),
        (Recurrence("MONTHLY", byday=((-1, "FR"),), count=6), "每月最后一个周五，共6次"),
        (Recurrence("WEEKLY", 2, ((None, "SA"),)), "每2周的周六"),
        (Recurrence("WEEKLY", byday=((None, "MO"), (None, "TH"))), "每周周一、周四"),
        (Recurrence("DAILY", until=date(2025, 12, 31)), "每天，至2025年12月31日"),
        (Recurrence("MONTHLY", 3, bymonthday=(-1,)), "每3个月的最后一天"),
    ],
)
def test_rule_in_chinese(rec, words):
    assert zh_rule(rec) == words


# --- occurrences ---------------------------------------------------------------------------------
def monthly18() -> Event:
    path = "tests/fixtures/events/2025-08-18_monthly-clinic.md"
    return Event.from_document(parse_document((ROOT / path).read_text(encoding="utf-8"), path))


def test_bymonthday_18_series_matches_dateutil_expansion_of_its_rrule_text():
    ev = monthly18()
    expected = [
        d
        for d in rrulestr("FREQ=MONTHLY;BYMONTHDAY=18;COUNT=6", dtstart=datetime(2025, 8, 18, 9, 0, tzinfo=SH))
        if d.date() != date(2025, 10, 18)
    ]
    assert [o.start for o in occ.occurrences(ev)] == expected
    assert [o.start.day for o in occ.occurrences(ev)] == [18] * 5
    assert len(expected) == 5


@pytest.mark.parametrize(
    ("today", "firsts"),
    [
        (date(2025, 8, 1), ["2025-08-18", "2025-09-18", "2025-11-18"]),
        (date(2025, 8, 18), ["2025-08-18", "2025-09-18", "2025-11-18"]),  # today's meeting still counts
        (date(2025, 8, 19), ["2025-09-18", "2025-11-18", "2025-12-18"]),
        (date(2025, 10, 18), ["2025-11-18", "2025-12-18", "2026-01-18"]),  # exdate skipped
        (date(2026, 1, 19), []),
    ],
)
def test_upcoming_is_relative_to_injected_today(today, firsts):
    assert [o.start.date().isoformat() for o in occ.upcoming(monthly18(), today, 3)] == firsts


def test_past_and_between():
    ev = monthly18()
    assert [o.first_day.day for o in occ.past(ev, date(2025, 11, 30))] == [18, 18, 18]
    assert [o.first_day for o in occ.between(ev, date(2025, 10, 1), date(2025, 10, 31))] == []
    assert [o.first_day for o in occ.between(ev, date(2025, 11, 1), date(2025, 11, 30))] == [date(2025, 11, 18)]


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=1TU;COUNT=3", "2025-09-02 19:00", ["2025-09-02", "2025-10-07", "2025-11-04"]),
        ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2025-08-29 19:00", ["2025-08-29", "2025-09-26", "2025-10-31"]),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;UNTIL=20250920",
            "2025-08-23 08:00",
            ["2025-08-23", "2025-09-06", "2025-09-20"],
        ),
        ("FREQ=DAILY;COUNT=3", "2025-12-31 20:00", ["2025-12-31", "2026-01-01", "2026-01-02"]),
        ("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", "2025-08-31 10:00", ["2025-08-31", "2025-10-31", "2025-12-31"]),
    ],
)
def test_rule_expansion_table(rule, start, expected):
    ev = event(start=start, rrule=rule)
    assert [o.start.date().isoformat() for o in occ.occurrences(ev)] == expected


def test_wall_clock_kept_across_dst():
    ev = event(timezone="Europe/Berlin", start="2025-10-20 09:00", rrule="FREQ=WEEKLY;COUNT=2")
    a, b = occ.occurrences(ev)
    assert (a.start.hour, b.start.hour) == (9, 9)
    assert (a.start.utcoffset(), b.start.utcoffset()) == (timedelta(hours=2), timedelta(hours=1))


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@settings(max_examples=60, deadline=None)
@given(
    first=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    freq=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]),
    interval=st.integers(1, 4),
    count=st.integers(1, 20),
    today=st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
)
def test_expansion_properties(first, freq, interval, count, today):
    byday = WEEKDAY_CODES[first.weekday()]
    parts = {"DAILY": "", "WEEKLY": f";BYDAY={byday}", "MONTHLY": f";BYMONTHDAY={first.day}"}[freq]
    ev = event(start=f"{first} 09:00", rrule=f"FREQ={freq};INTERVAL={interval};COUNT={count}{parts}")
    starts = [o.start for o in occ.occurrences(ev)]
    assert starts[0] == ev.start  # DTSTART is always the first meeting
    assert starts == sorted(set(starts))
    assert len(starts) == count
    assert all(s.hour == 9 for s in starts)
    coming = occ.upcoming(ev, today, 50)
    done = occ.past(ev, today)
    assert [o.start for o in done + coming] == starts  # every meeting is past or upcoming, once


BASE_EVENT = {
    "title": "社区义诊", "summary": "辖区医生免费义诊。", "category": "民生服务", "slug": "clinic",
    "date": "2025-09-01", "place": "\n  name: 世和社区党群服务中心",
}


@pytest.mark.parametrize("field", sorted(k for k, (required, _, _) in EVENT_FIELDS.items() if required))
def test_editor_guide_required_flags_match_the_model(field):
    """The README's event table is generated from EVENT_FIELDS: what it calls required must be required."""
    meta = {k: v for k, v in BASE_EVENT.items() if k != field}
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n"
    Event.from_document(parse_document("---\n" + "".join(f"{k}: {v}\n" for k, v in BASE_EVENT.items()) + "---\n", "e.md"))
    with pytest.raises(ContentError) as err:
        Event.from_document(parse_document(text, "e.md"))
    assert any(p.field.split(".")[0] == field for p in err.value.problems), err.value
