"""Route model: parsing, validation messages, cross-file checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub_content.errors import ContentError
from hub_routes.model import (
    Headway,
    ServiceTime,
    cross_check,
    days_label,
    load_routes,
    parse_days,
    read_route,
)

ROOT = Path(__file__).resolve().parents[1]

BASE = """\
---
number: S228
name: S228路社区接驳巴士
kind: 社区接驳巴士
operator: 郑州公交第四运营公司
opened: 2025-08-20
status: 运营
hours:
  - direction: 全程
    first: "6:15"
    last: "20:30"
roads: [鹏程大道, 禄达东路, 前程大道]
stops: [锦程花园, 瑞秀社区]
serves: [锦程花园, 瑞秀小区]
sources: [articles/2025/2025-08-20_s228-shuttle-opens.md]
---
Notes.
"""


def route_text(old: str = "", new: str = "") -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


def read(text: str, name: str = "s228.md"):
    return read_route(f"content/routes/{name}", text)


def problems_of(text: str, name: str = "s228.md") -> list[str]:
    with pytest.raises(ContentError) as info:
        read(text, name)
    return [str(p) for p in info.value.problems]


def test_seed_route_file_reads_back_with_every_fact():
    route = read_route(ROOT / "content/routes/s228.md")
    assert route.slug == "s228"
    assert (route.number, route.kind, route.status) == ("S228", "社区接驳巴士", "运营")
    assert route.operator == "郑州公交第四运营公司"
    assert route.partners == ("前程办事处", "锦程花园社区")
    assert route.opened == date(2025, 8, 20)
    assert [(h.direction, str(h.first), str(h.last)) for h in route.hours] == [("全程", "6:15", "20:30")]
    assert route.roads == ("鹏程大道", "禄达东路", "前程大道", "启航路", "金柳南路", "经开第二大街", "航海东路")
    assert route.serves == ("锦程花园", "河南通途产业园", "绿都东澜岸", "刘庄安置区", "瑞秀小区")
    assert route.sources == ("articles/2025/2025-08-20_s228-shuttle-opens.md",)
    assert {"S228路", "S228社区接驳巴士", "S228路社区接驳巴士"} <= set(route.mentions)


def test_minimal_valid_route():
    route = read(BASE)
    assert route.stops == ("锦程花园", "瑞秀社区")
    assert route.notes == "Notes."
    assert route.draft is False


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("status: 运营", "status: 运营\ncolour: red",
         "content/routes/s228.md:8: colour: unknown field — allowed fields:"),
        ("status: 运营", "status: 运营\nopend: 2025-08-20",
         'opend: unknown field — did you mean "opened"?'),
        ('last: "20:30"', 'last: "25:61"',
         'content/routes/s228.md:11: hours.0.last: "25:61" is not a clock time — write H:MM'),
        ('first: "6:15"', 'first: "6.15"', 'hours.0.first: "6.15" is not a time'),
        ('last: "20:30"', 'last: "5:30"',
         "content/routes/s228.md:11: hours.0.last: last bus 5:30 is before first bus 6:15 — "
         "correct the time, or add 'overnight: true'"),
        ('last: "20:30"', 'last: "次日0:30"', "hours.0.last: \"次日0:30\": 次日 is not allowed here — "
         "write the clock time and set overnight: true"),
        ("stops: [锦程花园, 瑞秀社区]", "stops: [锦程花园, 瑞秀社区, 瑞秀社区]",
         'content/routes/s228.md:13: stops.2: "瑞秀社区" is listed twice in a row — delete the repeated entry'),
        ("roads: [鹏程大道, 禄达东路, 前程大道]", "roads: [鹏程大道, 鹏程大道]",
         'roads.1: "鹏程大道" is listed twice in a row'),
        ("serves: [锦程花园, 瑞秀小区]", "serves: [锦程花园, 瑞秀小区, 锦程花园]",
         'serves.2: "锦程花园" is listed twice'),
        ("status: 运营", "status: 停运",
         'content/routes/s228.md:7: status: "停运" is not allowed — use one of: 运营 暂停 调整'),
        ("kind: 社区接驳巴士", "kind: 公交", 'kind: "公交" is not allowed — use one of: 社区接驳巴士 常规公交'),
        ("opened: 2025-08-20", "opened: 2025-02-30",
         'content/routes/s228.md:6: opened: "2025-02-30" is not a real date — write the date as YYYY-MM-DD'),
        ("opened: 2025-08-20", "opened: 8月20日", 'opened: "8月20日" is not a date'),
        ("number: S228\n", "", "content/routes/s228.md:1: number: is missing — add 'number: …'"),
        ("name: S228路社区接驳巴士", "name: ''", "name: is empty"),
        ("status: 运营", "status: 运营\ndraft: yes", 'draft: "yes" is not true or false'),
        ("sources: [articles/2025/2025-08-20_s228-shuttle-opens.md]", "sources: [/etc/passwd]",
         'sources.0: "/etc/passwd" is not a content path'),
        ("status: 运营", "status: 运营\nheadway: often", 'headway: "often" is not a number of minutes'),
        ("status: 运营", "status: 运营\nheadway: 12-8", 'headway: "12-8" is not a number of minutes'),
        ("status: 运营", "status: 运营\ntermini: [a, b, c]", "termini: has 3 entries"),
        ("- direction: 全程", "- direction: 往东", 'hours.0.direction: "往东" is not one of the directions'),
        ("- direction: 全程", "- direction: 全程\n    nite: true", "hours.0.nite: unknown field"),
        ("stops: [锦程花园, 瑞秀社区]", "stops: [锦程花园]\ndirections: []",
         "directions: is given together with stops"),
    ],
)
def test_bad_route_fields_are_reported_with_line_field_and_fix(old, new, expected):
    messages = problems_of(route_text(old, new))
    assert any(expected in m for m in messages), messages


def test_file_name_must_be_an_ascii_slug():
    assert problems_of(BASE, "S228路.md") == [
        'content/routes/S228路.md: file name: "S228路" is not an ASCII slug — '
        "name the file with lower-case a-z, 0-9 and '-', e.g. s228.md"
    ]


def test_all_problems_of_a_file_are_reported_at_once():
    text = route_text("status: 运营", "status: 停运\ncolour: red").replace('"20:30"', '"25:61"')
    messages = problems_of(text)
    assert len(messages) == 3
    assert [m.split(": ")[1] for m in messages] == ["colour", "status", "hours.0.last"]


def test_overnight_flag_allows_a_last_bus_after_midnight():
    route = read(route_text('last: "20:30"', 'last: "0:30"\n    overnight: true'))
    assert route.hours[0].last_label == "次日0:30"
    assert route.hours[0].overnight


TIMETABLE = """\
directions:
  - direction: 往东
    stops: [A, B, C]
  - direction: 往西
    stops: [C, B, A]
timetables:
  - direction: 往东
    days: 工作日
    from: 2025-01-01
    until: 2025-12-31
    except: [2025-10-01]
    departures: ["6:00", "6:30 至B", "次日0:10"]
  - direction: 往西
    days: 周末
    frequencies:
      - {every: 10, from: "8:00", to: "9:00"}
"""


def timetable_route(text: str = TIMETABLE):
    return route_text("stops: [锦程花园, 瑞秀社区]\n", text)


def test_timetables_parse_with_departures_frequencies_and_dates():
    route = read(timetable_route())
    east, west = route.timetables
    assert east.days_label == "工作日"
    assert [str(d) for d in east.departures] == ["6:00", "6:30 至B", "次日0:10"]
    assert east.except_dates == (date(2025, 10, 1),)
    assert str(west.frequencies[0]) == "每10分钟一班 8:00–9:00"
    assert [str(d) for d in west.all_departures()] == ["8:00", "8:10", "8:20", "8:30", "8:40", "8:50"]
    assert route.timetables_for("往西") == (west,)
    assert route.stops == ("A", "B", "C")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"次日0:10"', '"5:00"', "timetables.0.departures: departures are not in time order"),
        ("days: 工作日", "days: 周八", 'timetables.0.days: "周八" is not a set of service days — use 每日'),
        ("direction: 往西\n    days", "direction: 往南\n    days", 'timetables.1.direction: "往南" is not one of'),
        ("{every: 10, from: \"8:00\", to: \"9:00\"}", "{every: 10, from: \"9:00\", to: \"8:00\"}",
         "timetables.1.frequencies.0.to: 8:00 is not after 9:00"),
        ("{every: 10, from: \"8:00\", to: \"9:00\"}", "{every: 10}", "timetables.1.frequencies.0.from: is missing"),
        ("until: 2025-12-31", "until: 2024-12-31", "timetables.0.until: ends before it starts"),
        ("    stops: [C, B, A]", "    stops: []", "directions.1.stops: has no stops"),
        ("  - direction: 往西\n    stops", "  - direction: 往东\n    stops",
         'directions.1.direction: direction "往东" is listed twice'),
    ],
)
def test_bad_timetables_are_reported(old, new, expected):
    assert old in TIMETABLE
    messages = problems_of(timetable_route(TIMETABLE.replace(old, new, 1)))
    assert any(expected in m for m in messages), messages


def test_problem_lines_point_into_nested_lists():
    messages = problems_of(timetable_route(TIMETABLE.replace('"6:30 至B"', '"6:61"')))
    assert messages[0].startswith("content/routes/s228.md:24: timetables.0.departures.1:")


@pytest.mark.parametrize(
    ("text", "minutes", "shown", "iso"),
    [("6:15", 375, "6:15", "06:15"), ("06:05", 365, "6:05", "06:05"), ("0:00", 0, "0:00", "00:00"),
     ("23:59", 1439, "23:59", "23:59"), ("次日0:38", 1478, "次日0:38", "00:38")],
)
def test_service_time_parses_and_shows(text, minutes, shown, iso):
    t = ServiceTime.parse(text, next_day_allowed=True)
    assert (t.minutes, str(t), t.iso) == (minutes, shown, iso)


@pytest.mark.parametrize("text", ["25:61", "24:00", "6:60", "6", "6:5", "-1:00", "次日", "6：15", ""])
def test_service_time_rejects(text):
    with pytest.raises(ValueError):  # the messages are checked in the route tests
        ServiceTime.parse(text, next_day_allowed=True)


@given(st.integers(min_value=0, max_value=2 * 24 * 60 - 1))
def test_service_time_text_round_trips(minutes):
    assert ServiceTime.parse(str(ServiceTime(minutes)), next_day_allowed=True) == ServiceTime(minutes)


@pytest.mark.parametrize(
    ("text", "days", "label"),
    [("每日", set(range(7)), "每日"), ("工作日", {0, 1, 2, 3, 4}, "工作日"), ("周末", {5, 6}, "周末"),
     ("周六", {5}, "周六"), ("周一、周三", {0, 2}, "周一、周三"), ("周三,周一", {0, 2}, "周一、周三"),
     ("周一、周二、周三、周四、周五", set(range(5)), "工作日")],
)
def test_days_parse_and_label(text, days, label):
    assert parse_days(text) == frozenset(days)
    assert days_label(parse_days(text)) == label


@pytest.mark.parametrize(
    ("headway", "shown", "departures"),
    [(Headway(10), "每10分钟一班", 0),
     (Headway(8, 12, label="高峰"), "高峰每8–12分钟一班", 0),
     (Headway(10, start=ServiceTime(360), end=ServiceTime(1320)), "每10分钟一班 6:00–22:00", 96),
     (Headway(30, start=ServiceTime(360), end=ServiceTime(375)), "每30分钟一班 6:00–6:15", 1)],
)
def test_headway_text_and_expansion(headway, shown, departures):
    assert str(headway) == shown
    assert len(headway.expand()) == departures


def write_route(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_duplicate_route_numbers_across_files(tmp_path):
    a = write_route(tmp_path, "a.md", BASE)
    b = write_route(tmp_path, "b.md", BASE.replace("name: S228路社区接驳巴士", "name: 另一条线"))
    with pytest.raises(ContentError) as info:
        load_routes([a, b])
    (message,) = [str(p) for p in info.value.problems]
    assert message.endswith(
        f'{b}:2: number: route number "S228" is already used by {a} — give each route its own number, '
        "or merge the two files"
    )


def test_two_routes_may_not_share_a_mention(tmp_path):
    a = write_route(tmp_path, "a.md", BASE.replace("S228路社区接驳巴士", "接驳巴士"))
    b = write_route(tmp_path, "b.md", BASE.replace("S228", "S229").replace("S229路社区接驳巴士", "接驳巴士"))
    problems = cross_check([read_route(a), read_route(b)])
    assert [p.field for p in problems] == ["aliases"]
    assert '"接驳巴士" also names the route in' in problems[0].problem


def test_load_routes_reports_every_file(tmp_path):
    a = write_route(tmp_path, "a.md", BASE.replace("status: 运营", "status: x"))
    b = write_route(tmp_path, "b.md", BASE.replace("kind: 社区接驳巴士", "kind: y"))
    with pytest.raises(ContentError) as info:
        load_routes([a, b])
    assert [p.field for p in info.value.problems] == ["status", "kind"]


def test_load_routes_sorts_numbers_naturally(tmp_path):
    paths = [write_route(tmp_path, f"s{n}.md", BASE.replace("S228", f"S{n}")) for n in (228, 10, 9)]
    assert [r.number for r in load_routes(paths)] == ["S9", "S10", "S228"]
