"""Calendars kept between builds (HUB_MEMO): the same bytes as made afresh, and a key that moves
with every input."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hub_content.frontmatter import parse_document
from hub_events import generator, ics
from hub_events.generator import DEFAULTS, write_calendar
from hub_events.model import Event
from hub_events.views import build_page
from hub_incremental.memo import Memo

ROOT = Path(__file__).resolve().parent.parent


def content_events() -> list[Event]:
    paths = sorted((ROOT / "content" / "events").glob("*.md"))
    return [Event.from_document(parse_document(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT))))
            for p in paths]


def pages(events: list[Event]):
    return [build_page(ev, today=date(2025, 8, 15), limit=5, url=f"events/{ev.slug}/",
                       save_as=f"events/{ev.slug}/index.html", ics_url=f"events/{ev.slug}/{ev.slug}.ics",
                       ics_save_as=f"events/{ev.slug}/{ev.slug}.ics", community=None, articles=(), body_html="",
                       jsonld=lambda _p: "")
            for ev in events]


def settings(memo: Memo | None = None) -> dict:
    return {**DEFAULTS, "HUB_SITEURL": "https://example.org/hub", "SITENAME": "社区新闻汇",
            **({"HUB_MEMO": memo} if memo else {})}


def test_a_kept_calendar_is_the_calendar_made_afresh(tmp_path, monkeypatch):
    made = pages(content_events())
    assert len(made) > 1
    write_calendar(settings(), tmp_path / "fresh.ics", made, "活动")
    memo = Memo(tmp_path / "memo")
    write_calendar(settings(memo), tmp_path / "first.ics", made, "活动")
    memo.save()

    # The next build's memo serves it: icalendar is not asked again.
    def refuse(*_args, **_kwargs):
        raise AssertionError("the calendar was made again")

    monkeypatch.setattr(generator.ics, "calendar", refuse)
    write_calendar(settings(Memo(tmp_path / "memo")), tmp_path / "kept.ics", made, "活动")
    fresh = (tmp_path / "fresh.ics").read_bytes()
    assert fresh.startswith(b"BEGIN:VCALENDAR")
    assert (tmp_path / "first.ics").read_bytes() == fresh
    assert (tmp_path / "kept.ics").read_bytes() == fresh


def test_another_name_is_made_again_not_served(tmp_path):
    made = pages(content_events())
    memo = Memo(tmp_path / "memo")
    write_calendar(settings(memo), tmp_path / "a.ics", made, "活动")
    write_calendar(settings(memo), tmp_path / "b.ics", made, "别的名字")
    assert "别的名字".encode() in (tmp_path / "b.ics").read_bytes().replace(b"\r\n ", b"")
    assert (tmp_path / "a.ics").read_bytes() != (tmp_path / "b.ics").read_bytes()


def source(events: list[Event], **changes) -> bytes:
    inputs = {"domain": "hub.example.org", "name": "活动", "url_for": lambda e: f"https://x/{e.slug}/",
              "description_text": "https://x/events/", **changes}
    return ics.calendar_source(events, **inputs)


EVENTS = content_events()
FIRST = EVENTS[0]


@pytest.mark.parametrize(("label", "events", "changes"), [
    ("domain", EVENTS, {"domain": "other.example.org"}),
    ("name", EVENTS, {"name": "活动·亚太社区"}),
    ("description", EVENTS, {"description_text": "https://y/events/"}),
    ("url", EVENTS, {"url_for": lambda e: f"https://y/{e.slug}/"}),
    ("a title", [dataclasses.replace(FIRST, title=FIRST.title + "（改）"), *EVENTS[1:]], {}),
    ("a time", [dataclasses.replace(FIRST, updated=datetime(2030, 1, 1, tzinfo=ZoneInfo("UTC"))), *EVENTS[1:]], {}),
    ("a zone", [dataclasses.replace(FIRST, tz="Asia/Tokyo"), *EVENTS[1:]], {}),
    ("one event fewer", EVENTS[1:], {}),
])
def test_calendar_source_moves_with_each_input(label, events, changes):
    assert source(events, **changes) != source(EVENTS), label


def test_calendar_source_follows_the_tz_database(monkeypatch):
    before = source(EVENTS)
    monkeypatch.setattr(ics, "zone_data", lambda key: b"TZif another release")
    assert source(EVENTS) != before


def test_calendar_source_is_deterministic():
    assert source(content_events()) == source(EVENTS)


@pytest.mark.parametrize("key", ["Asia/Shanghai", "Europe/Berlin", "UTC"])
def test_zone_data_is_what_zoneinfo_reads(key):
    zone = ZoneInfo.from_file(io.BytesIO(ics.zone_data(key)), key=key)
    for moment in (datetime(1988, 6, 1, 12), datetime(2025, 1, 1), datetime(2025, 7, 1)):
        assert zone.utcoffset(moment) == ZoneInfo(key).utcoffset(moment)


def test_zone_data_of_an_unknown_zone_is_empty():
    assert ics.zone_data("Nowhere/Atlantis") == b""
