"""GTFS import: the sample feed end to end, service days, broken feeds, Caltrain."""

from __future__ import annotations

import csv
import os
import shutil
import time
import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from hub_content.errors import ContentError
from hub_routes.gtfs import main, plan, route_kind, route_name, service_pattern, slugify
from hub_routes.gtfs_read import Service, load_feed, parse_time
from hub_routes.model import days_label, load_routes

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "fixtures" / "gtfs-sample"
# ../shared beside the clone, as in CI; HUB_SHARED points elsewhere (e.g. a worktree on a dev machine)
CALTRAIN = Path(os.environ.get("HUB_SHARED") or HERE.parents[1] / "shared") / "gtfs-caltrain"


def rows(feed: Path, name: str) -> list[dict[str, str]]:
    with (feed / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def import_feed(feed: Path, out: Path, *extra: str) -> int:
    return main([str(feed), "--out", str(out), *extra])


@pytest.fixture(scope="module")
def sample_routes(tmp_path_factory):
    out = tmp_path_factory.mktemp("routes")
    assert import_feed(SAMPLE, out) == 0
    return {r.gtfs.route: r for r in load_routes(out.glob("*.md"))}, out


def test_sample_gives_one_file_per_route(sample_routes):
    routes, out = sample_routes
    assert sorted(p.name for p in out.iterdir()) == [f"dta-{n}.md" for n in (10, 20, 30, 40, 50)]
    assert set(routes) == {r["route_id"] for r in rows(SAMPLE, "routes.txt")}
    ab = routes["AB"]
    assert (ab.number, ab.name, ab.kind, ab.operator, ab.status) == (
        "10", "10 Airport - Bullfrog", "常规公交", "Demo Transit Authority", "运营")
    assert ab.fare == "1.25 USD"
    assert routes["AAMV"].fare == "5.25 USD"


def test_sample_stop_order_matches_stop_times(sample_routes):
    routes, _ = sample_routes
    names = {r["stop_id"]: r["stop_name"] for r in rows(SAMPLE, "stops.txt")}
    trips = {r["trip_id"]: r for r in rows(SAMPLE, "trips.txt")}
    by_trip = defaultdict(list)
    for r in rows(SAMPLE, "stop_times.txt"):
        by_trip[r["trip_id"]].append((int(r["stop_sequence"]), names[r["stop_id"]]))
    checked = 0
    for trip_id, times in by_trip.items():
        stops = tuple(name for _, name in sorted(times))
        route = routes[trips[trip_id]["route_id"]]
        # every trip of the sample follows its direction's one pattern; the direction is named after its end
        (direction,) = [d for d in route.directions if d.name == f"往{stops[-1]}"]
        assert direction.stops == stops
        checked += 1
    assert checked == 11


def frequency_departures(trip_id: str) -> list[int]:
    return sorted(t // 60 for r in rows(SAMPLE, "frequencies.txt") if r["trip_id"] == trip_id
                  for t in range(parse_time(r["start_time"]), parse_time(r["end_time"]), int(r["headway_secs"])))


@pytest.mark.parametrize(("route_id", "trip_id", "direction", "count"), [
    ("STBA", "STBA", "往Nye County Airport (Demo)", 32),
    ("CITY", "CITY1", "往E Main St / S Irving St (Demo)", 52),
    ("CITY", "CITY2", "往Stagecoach Hotel & Casino (Demo)", 52),
])
def test_sample_frequency_trips_are_expanded(sample_routes, route_id, trip_id, direction, count):
    routes, _ = sample_routes
    (table,) = routes[route_id].timetables_for(direction)
    minutes = [d.time.minutes for d in table.all_departures()]
    assert minutes == frequency_departures(trip_id)
    assert len(minutes) == count
    assert table.departures == ()  # the windows stay windows in the file, editors read 每30分钟一班
    assert all(str(h).startswith("每") for h in table.frequencies)


def test_sample_city_headways_read_as_windows(sample_routes):
    routes, _ = sample_routes
    (table,) = routes["CITY"].timetables_for("往E Main St / S Irving St (Demo)")
    assert [str(h) for h in table.frequencies] == [
        "每30分钟一班 6:00–8:00", "每10分钟一班 8:00–10:00", "每30分钟一班 10:00–16:00",
        "每10分钟一班 16:00–19:00", "每30分钟一班 19:00–22:00"]


def test_sample_weekend_calendar_and_removed_date(sample_routes):
    routes, _ = sample_routes
    for table in routes["AAMV"].timetables:
        assert table.days_label == "周末"
        assert table.except_dates == ()
    for route_id in ("AB", "BFC", "STBA", "CITY"):
        for table in routes[route_id].timetables:
            assert table.days_label == "每日"
            assert table.except_dates == (date(2007, 6, 4),)
            assert (table.valid_from, table.valid_until) == (date(2007, 1, 1), date(2010, 12, 31))


def test_sample_timetables_and_hours_match_trips(sample_routes):
    routes, _ = sample_routes
    aamv = routes["AAMV"]
    assert [[str(d) for d in t.departures] for t in aamv.timetables] == [["8:00", "13:00"], ["10:00", "15:00"]]
    assert [(h.direction, str(h.first), str(h.last)) for h in aamv.hours] == [
        ("往Amargosa Valley (Demo)", "8:00", "13:00"), ("往Nye County Airport (Demo)", "10:00", "15:00")]
    assert [(str(h.first), str(h.last)) for h in routes["STBA"].hours] == [("6:00", "21:30")]
    assert routes["AB"].termini == ("Nye County Airport (Demo)", "Bullfrog (Demo)")


def test_zip_feed_gives_the_same_files(tmp_path, sample_routes):
    _, folder_out = sample_routes
    archive = tmp_path / "gtfs-sample.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in SAMPLE.glob("*.txt"):
            z.write(f, f"feed/{f.name}")  # files inside a sub-folder, as some agencies ship them
    assert import_feed(archive, tmp_path / "out") == 0
    for f in folder_out.iterdir():
        assert (tmp_path / "out" / f.name).read_text(encoding="utf-8") == f.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(tmp_path, capsys):
    assert import_feed(SAMPLE, tmp_path / "out", "--dry-run") == 0
    assert not (tmp_path / "out").exists()
    assert "would write 5 route files" in capsys.readouterr().err


def test_reimport_needs_force_and_never_overwrites_hand_written_files(tmp_path, capsys):
    out = tmp_path / "routes"
    assert import_feed(SAMPLE, out) == 0
    (out / "dta-10.md").write_text("edited", encoding="utf-8")
    capsys.readouterr()
    assert import_feed(SAMPLE, out) == 1
    err = capsys.readouterr().err
    assert "dta-20.md: file: exists (imported earlier) — run again with --force" in err
    assert (out / "dta-10.md").read_text(encoding="utf-8") == "edited"  # nothing written on failure
    assert import_feed(SAMPLE, out, "--force") == 1  # dta-10.md no longer says it came from the feed
    assert "dta-10.md: file: exists and was not imported from this feed route" in capsys.readouterr().err
    (out / "dta-10.md").unlink()
    assert import_feed(SAMPLE, out, "--force") == 0


def test_import_refuses_a_number_already_used_by_a_local_route(tmp_path, capsys):
    out = tmp_path / "routes"
    out.mkdir()
    (out / "zz-10.md").write_text("---\nnumber: '10'\nname: 10路\nkind: 常规公交\nstatus: 运营\n---\n",
                                  encoding="utf-8")
    assert import_feed(SAMPLE, out) == 1
    assert 'number: route number "10" is already used by' in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["zz-10.md"]


# --- broken feeds -------------------------------------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def broken_feed(tmp_path: Path, name: str, old: str | None, new: str = "") -> Path:
    feed = tmp_path / "feed"
    shutil.copytree(SAMPLE, feed)
    if old is None:
        (feed / name).unlink()
    else:
        edit(feed / name, old, new)
    return feed


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("stops.txt", None, "", "feed/stops.txt: file: required GTFS file is missing — add it to the feed"),
    ("trips.txt", "AB,FULLW,AB1", "XX,FULLW,AB1",
     'feed/trips.txt:2: route_id: "XX" is not in routes.txt — use a route_id defined in routes.txt'),
    ("trips.txt", "AB,FULLW,AB2", "AB,NOPE,AB2", 'feed/trips.txt:3: service_id: "NOPE" is not in calendar.txt'),
    ("stop_times.txt", "AB1,8:10:00,8:15:00,BULLFROG", "AB1,8:10:00,8:15:00,FROG",
     'feed/stop_times.txt:15: stop_id: "FROG" is not in stops.txt'),
    ("stop_times.txt", "AAMV4,15:00:00", "AAMV9,15:00:00",
     'feed/stop_times.txt:28: trip_id: "AAMV9" is not in trips.txt'),
    ("frequencies.txt", "STBA,6:00:00", "STBB,6:00:00", 'feed/frequencies.txt:2: trip_id: "STBB" is not in trips.txt'),
    ("stop_times.txt", "AB2,12:05:00,12:05:00", "AB2,25:61:00,25:61:00",
     'feed/stop_times.txt:16: departure_time: "25:61:00" is not a GTFS time'),
    ("routes.txt", "route_id,agency_id", "id,agency_id", "feed/routes.txt:1: route_id: required column is missing"),
    ("routes.txt", "AB,DTA,10", "AB,XTA,10", 'feed/routes.txt:2: agency_id: "XTA" is not in agency.txt'),
    ("routes.txt", "BFC,DTA", "AB,DTA", 'feed/routes.txt:3: route_id: "AB" is used twice (first on line 2)'),
    ("calendar.txt", "WE,0,0,0,0,0,1,1", "WE,0,0,0,0,0,1,x", "feed/calendar.txt:3: monday…sunday: weekday flags"),
    ("calendar_dates.txt", "FULLW,20070604,2", "FULLW,20070631,2",
     'calendar_dates.txt:2: date: "20070631" is not a real date'),
])
def test_broken_feed_is_reported_and_nothing_is_written(tmp_path, capsys, file, old, new, expected):
    feed = broken_feed(tmp_path, file, old, new)
    out = tmp_path / "routes"
    assert import_feed(feed, out) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "nothing written" in err
    assert not out.exists()


def test_feed_without_any_calendar_file(tmp_path):
    feed = broken_feed(tmp_path, "calendar.txt", None)
    (feed / "calendar_dates.txt").unlink()
    with pytest.raises(ContentError) as info:
        load_feed(feed)
    assert [p.field for p in info.value.problems] == ["file"]
    assert "calendar.txt or calendar_dates.txt: file: required GTFS file is missing" in str(info.value)


def test_every_problem_of_a_feed_at_once(tmp_path):
    feed = broken_feed(tmp_path, "trips.txt", "AB,FULLW,AB1", "XX,FULLW,AB1")
    edit(feed / "stop_times.txt", "BFC1,9:20:00,9:20:00,FUR_CREEK_RES", "BFC1,9:20:00,9:20:00,FROG")
    with pytest.raises(ContentError) as info:
        load_feed(feed)
    # the stop times of the rejected trip AB1 are not reported again as dangling
    assert [p.field for p in info.value.problems] == ["route_id", "stop_id"]


def test_missing_feed_path(tmp_path, capsys):
    assert import_feed(tmp_path / "nope", tmp_path / "out") == 1
    assert "nope: feed: does not exist" in capsys.readouterr().err


def test_times_past_midnight_become_next_day(tmp_path):
    feed = broken_feed(tmp_path, "stop_times.txt", "AAMV3,13:00:00,13:00:00", "AAMV3,24:30:00,24:30:00")
    edit(feed / "stop_times.txt", "AAMV3,14:00:00,14:00:00", "AAMV3,25:30:00,25:30:00")
    routes = {r.gtfs.route: r for _, r, _ in plan(feed, tmp_path / "out")}
    table = routes["AAMV"].timetables[0]
    assert [str(d) for d in table.departures] == ["8:00", "次日0:30"]
    hours = routes["AAMV"].hours[0]
    assert (str(hours.first), hours.last_label, hours.overnight) == ("8:00", "次日0:30", True)


def test_calendar_dates_only_service(tmp_path):
    feed = broken_feed(tmp_path, "calendar.txt", None)
    (feed / "calendar_dates.txt").write_text(
        "service_id,date,exception_type\n" + "".join(f"FULLW,2025090{d},1\n" for d in range(1, 8))
        + "WE,20250906,1\nWE,20250907,1\nWE,20250913,1\n", encoding="utf-8")
    routes = {r.gtfs.route: r for _, r, _ in plan(feed, tmp_path / "out")}
    assert routes["AB"].timetables[0].days_label == "每日"
    weekend = routes["AAMV"].timetables[0]
    assert weekend.days_label == "周末"
    assert (weekend.valid_from, weekend.valid_until) == (date(2025, 9, 6), date(2025, 9, 13))


D = date


@pytest.mark.parametrize(("dates", "start", "end", "label", "except_dates", "extra"), [
    # every weekday of September 2025, one holiday removed, one Saturday added
    ({D(2025, 9, d) for d in range(1, 31) if D(2025, 9, d).weekday() < 5} - {D(2025, 9, 15)} | {D(2025, 9, 27)},
     D(2025, 9, 1), D(2025, 9, 30), "工作日", (D(2025, 9, 15),), (D(2025, 9, 27),)),
    # flags for every day, but removed on every day except Saturdays (Caltrain's Saturday service)
    ({D(2025, 9, d) for d in range(1, 31) if D(2025, 9, d).weekday() == 5},
     D(2025, 9, 1), D(2025, 9, 30), "周六", (), ()),
    # a one-off service on a single date
    ({D(2025, 10, 1)}, None, None, "周三", (), ()),
    # added dates outside the calendar range are extras
    ({D(2025, 9, 6), D(2025, 9, 7), D(2025, 12, 25)}, D(2025, 9, 6), D(2025, 9, 7), "周末", (), (D(2025, 12, 25),)),
])
def test_service_pattern(dates, start, end, label, except_dates, extra):
    pattern = service_pattern(Service(frozenset(dates), start, end))
    assert (days_label(pattern.days), pattern.except_dates, pattern.extra_dates) == (label, except_dates, extra)


def test_service_without_dates_has_no_pattern():
    assert service_pattern(Service(frozenset())) is None


@pytest.mark.parametrize(("text", "slug"), [("10", "10"), ("Baby Bullet", "baby-bullet"), ("S228路", "s228-lu"),
                                            ("旅游1号线", "lvyou-1-haoxian"), ("caltrain-ca-us", "caltrain-ca-us")])
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(("route_type", "kind"), [("3", "常规公交"), ("2", "铁路"), ("1", "铁路"), ("0", "其他"),
                                                  ("700", "常规公交"), ("109", "铁路"), ("4", "其他"), ("x", "其他")])
def test_route_kind(route_type, kind):
    assert route_kind(route_type) == kind


@pytest.mark.parametrize(("short", "long", "name"), [
    ("10", "Airport - Bullfrog", "10 Airport - Bullfrog"), ("Local", "Local", "Local"),
    ("Baby Bullet", "Bullet", "Baby Bullet"), ("", "City", "City"), ("S1", "", "S1")])
def test_route_name(short, long, name):
    assert route_name(short, long) == name


@pytest.mark.skipif(not CALTRAIN.is_dir(), reason="../shared/gtfs-caltrain not beside the clone")
def test_caltrain_imports_quickly_with_sensible_output(tmp_path):
    started = time.perf_counter()
    assert import_feed(CALTRAIN, tmp_path) == 0
    elapsed = time.perf_counter() - started
    assert elapsed < 10
    files = sorted(tmp_path.glob("*.md"))
    assert [f.name for f in files] == ["caltrain-ca-us-baby-bullet.md", "caltrain-ca-us-limited.md",
                                       "caltrain-ca-us-local.md", "caltrain-ca-us-tasj-shuttle.md"]
    assert sum(f.stat().st_size for f in files) < 40_000
    routes = {r.gtfs.route: r for r in load_routes(files)}
    trips = defaultdict(int)
    for r in rows(CALTRAIN, "trips.txt"):
        trips[r["route_id"]] += 1
    for route_id, route in routes.items():
        assert len(route.directions) == 2
        assert sum(len(t.departures) for t in route.timetables) == trips[route_id]
        assert {t.days_label for t in route.timetables} <= {"工作日", "周六", "周日", "周末"}
    local = routes["Lo-129"]
    assert local.kind == "铁路"
    assert local.directions[1].stops[0] == "San Francisco Caltrain"
    # hundreds of calendar exceptions reduce to a handful of holidays
    assert all(len(t.except_dates) + len(t.extra_dates) < 20 for t in local.timetables)
