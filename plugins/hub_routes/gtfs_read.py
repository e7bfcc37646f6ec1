"""Read a GTFS feed (folder or .zip) into plain Python structures, checking references.

Why the stdlib ``csv`` module and not gtfs-kit or partridge: both load every table
into pandas (pulling in pandas and numpy, ~100 MB) for what is here a handful of
small CSV files, and neither reports the file line of a bad row — which our error
format (``trips.txt:7: route_id: "XX" is not in routes.txt — …``) needs. The part of
GTFS we use (agency, routes, stops, trips, stop_times, frequencies, calendar,
calendar_dates, fares) is a few hundred lines of plain code with no dependencies.

Every problem of the feed is collected and raised together as one ContentError.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from hub_content.errors import ContentError, Problem, display_path

REQUIRED_FILES = ("agency.txt", "routes.txt", "trips.txt", "stop_times.txt", "stops.txt")
CALENDAR_FILES = ("calendar.txt", "calendar_dates.txt")  # at least one of the two
COLUMNS = {
    "agency.txt": ("agency_name",),
    "routes.txt": ("route_id", "route_type"),
    "stops.txt": ("stop_id",),
    "trips.txt": ("route_id", "service_id", "trip_id"),
    "stop_times.txt": ("trip_id", "stop_id", "stop_sequence"),
    "calendar.txt": ("service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                     "sunday", "start_date", "end_date"),
    "calendar_dates.txt": ("service_id", "date", "exception_type"),
    "frequencies.txt": ("trip_id", "start_time", "end_time", "headway_secs"),
    "fare_attributes.txt": ("fare_id", "price", "currency_type"),
    "fare_rules.txt": ("fare_id",),
}
WEEKDAY_COLUMNS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SPEC = "see https://gtfs.org/schedule/reference/"


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return (self.values.get(key) or "").strip()

    def problem(self, column: str, problem: str, fix: str) -> Problem:
        return Problem(self.file, self.line, column, problem, fix)


@dataclass(frozen=True)
class StopTime:
    sequence: int
    stop_id: str
    departure: int | None  # seconds since the start of the service day; may pass 24 h


@dataclass(frozen=True)
class FrequencyWindow:
    start: int
    end: int
    headway: int
    exact: bool


@dataclass(frozen=True)
class Service:
    """Dates a service_id runs, with the calendar.txt range it was declared for (if any)."""

    dates: frozenset[date]
    start: date | None = None
    end: date | None = None


@dataclass
class Feed:
    name: str
    agencies: dict[str, Row] = field(default_factory=dict)
    routes: dict[str, Row] = field(default_factory=dict)
    stops: dict[str, Row] = field(default_factory=dict)
    trips: dict[str, Row] = field(default_factory=dict)
    stop_times: dict[str, list[StopTime]] = field(default_factory=dict)
    frequencies: dict[str, list[FrequencyWindow]] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    fares: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # route_id -> [(price, currency)]

    def stop_name(self, stop_id: str) -> str:
        row = self.stops[stop_id]
        return row["stop_name"] or stop_id


def parse_time(text: str) -> int:
    """GTFS time ``H:MM:SS`` (hours may pass 24) → seconds; ValueError if malformed."""
    parts = text.strip().split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f'"{text}" is not a GTFS time')
    h, m, s = (int(p) for p in parts)
    if m > 59 or s > 59:
        raise ValueError(f'"{text}" is not a GTFS time')
    return h * 3600 + m * 60 + s


def parse_gtfs_date(text: str) -> date:
    text = text.strip()
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f'"{text}" is not a GTFS date')
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f'"{text}" is not a real date') from None


class _Source:
    """The feed's files, from a folder or a .zip (files may sit in one sub-folder of the zip)."""

    def __init__(self, path: Path):
        self.path = path
        self.shown = display_path(path)
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}
        if path.is_file():
            self.zip = zipfile.ZipFile(path)
            for member in self.zip.namelist():
                base = member.rsplit("/", 1)[-1]
                if base.endswith(".txt") and not member.startswith("__MACOSX"):
                    self.members.setdefault(base, member)
        else:
            self.members = {p.name: p.name for p in path.glob("*.txt")}

    def has(self, name: str) -> bool:
        return name in self.members

    def file_label(self, name: str) -> str:
        return f"{self.shown}/{self.members.get(name, name)}"

    def text(self, name: str) -> str:
        data = self.zip.read(self.members[name]) if self.zip else (self.path / name).read_bytes()
        return data.decode("utf-8-sig")


class _Loader:
    def __init__(self, path: Path):
        self.problems: list[Problem] = []
        self.rejected_trips: set[str] = set()  # already reported; their stop times are not reported again
        self.source = _Source(path)
        self.feed = Feed(name=path.stem if path.is_file() else path.name)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def rows(self, name: str) -> Iterator[Row]:
        label = self.source.file_label(name)
        try:
            text = self.source.text(name)
        except UnicodeDecodeError as exc:
            self.add(Problem(label, None, "encoding", f"is not UTF-8 ({exc.reason} at byte {exc.start})",
                             "save the file as UTF-8"))
            return
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in COLUMNS.get(name, ()) if c not in header]
        if missing:
            self.add(Problem(label, 1, ", ".join(missing), "required column is missing",
                             f"add the column to the header line ({SPEC})"))
            return
        line = reader.line_num
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in record):
                continue
            yield Row(label, start, dict(zip(header, record, strict=False)))

    def table(self, name: str, key: str | None = None) -> dict[str, Row] | list[Row]:
        if not self.source.has(name):
            return {} if key else []
        if key is None:
            return list(self.rows(name))
        out: dict[str, Row] = {}
        for row in self.rows(name):
            value = row[key]
            if not value:
                self.add(row.problem(key, "is empty", "give every row an id"))
            elif value in out:
                self.add(row.problem(key, f'"{value}" is used twice (first on line {out[value].line})',
                                     "ids must be unique within the file"))
            else:
                out[value] = row
        return out

    def ref(self, row: Row, column: str, table: dict, file: str, *, optional: bool = False) -> bool:
        value = row[column]
        if not value and optional:
            return True
        if value not in table:
            shown = f'"{value}"' if value else "empty value"
            self.add(row.problem(column, f"{shown} is not in {file}",
                                 f"use a {column} defined in {file}, or remove the row"))
            return False
        return True

    def load(self) -> Feed:
        src, feed = self.source, self.feed
        missing = [n for n in REQUIRED_FILES if not src.has(n)]
        if not any(src.has(n) for n in CALENDAR_FILES):
            missing.append(" or ".join(CALENDAR_FILES))
        for name in missing:
            self.add(Problem(f"{src.shown}/{name}", None, "file", "required GTFS file is missing",
                             f"add it to the feed ({SPEC})"))
        if missing:
            raise ContentError(self.problems)

        feed.agencies = self.agencies()
        feed.routes = self.table("routes.txt", "route_id")
        for row in feed.routes.values():
            if len(feed.agencies) > 1 or row["agency_id"]:
                self.ref(row, "agency_id", feed.agencies, "agency.txt")
            if not (row["route_short_name"] or row["route_long_name"]):
                self.add(row.problem("route_short_name", "route has neither a short nor a long name",
                                     "give route_short_name or route_long_name"))
        feed.stops = self.table("stops.txt", "stop_id")
        feed.services = self.services()
        feed.trips = self.table("trips.txt", "trip_id")
        for row in list(feed.trips.values()):
            ok = self.ref(row, "route_id", feed.routes, "routes.txt")
            ok = self.ref(row, "service_id", feed.services, "calendar.txt or calendar_dates.txt") and ok
            if not ok:
                del feed.trips[row["trip_id"]]
                self.rejected_trips.add(row["trip_id"])
        feed.stop_times = self.stop_times()
        feed.frequencies = self.frequencies()
        feed.fares = self.fares()
        if self.problems:
            raise ContentError(self.problems)
        return feed

    def agencies(self) -> dict[str, Row]:
        rows = self.table("agency.txt")
        if not rows:
            self.add(Problem(self.source.file_label("agency.txt"), None, "agency", "has no agency",
                             "add one row per agency"))
        agencies: dict[str, Row] = {}
        for row in rows:
            key = row["agency_id"]
            if key in agencies:
                self.add(row.problem("agency_id", f'"{key}" is used twice', "give each agency its own agency_id"))
            agencies[key] = row
        return agencies

    def services(self) -> dict[str, Service]:
        services: dict[str, Service] = {}
        for row in self.table("calendar.txt"):
            sid = row["service_id"]
            try:
                start, end = parse_gtfs_date(row["start_date"]), parse_gtfs_date(row["end_date"])
            except ValueError as exc:
                self.add(row.problem("start_date/end_date", str(exc), "write dates as YYYYMMDD"))
                continue
            flags = [row[c] for c in WEEKDAY_COLUMNS]
            if any(f not in ("0", "1") for f in flags):
                self.add(row.problem("monday…sunday", "weekday flags must be 0 or 1", "write 1 or 0 per weekday"))
                continue
            if sid in services:
                self.add(row.problem("service_id", f'"{sid}" is used twice', "give each service one row"))
                continue
            days = {i for i, f in enumerate(flags) if f == "1"}
            dates = frozenset(d for d in _date_range(start, end) if d.weekday() in days)
            services[sid] = Service(dates, start, end)
        changes: dict[str, tuple[set[date], set[date]]] = defaultdict(lambda: (set(), set()))
        for row in self.table("calendar_dates.txt"):
            try:
                day = parse_gtfs_date(row["date"])
            except ValueError as exc:
                self.add(row.problem("date", str(exc), "write dates as YYYYMMDD"))
                continue
            kind = row["exception_type"]
            if kind not in ("1", "2"):
                self.add(row.problem("exception_type", f'"{kind}" is not 1 or 2',
                                     "1 adds the date to the service, 2 removes it"))
                continue
            changes[row["service_id"]][0 if kind == "1" else 1].add(day)
        for sid, (added, removed) in changes.items():
            base = services.get(sid, Service(frozenset()))
            services[sid] = Service(frozenset((base.dates | added) - removed), base.start, base.end)
        return services

    def stop_times(self) -> dict[str, list[StopTime]]:
        feed = self.feed
        by_trip: dict[str, list[StopTime]] = defaultdict(list)
        first_rows: dict[str, tuple[int, Row]] = {}
        for row in self.table("stop_times.txt"):
            if row["trip_id"] in self.rejected_trips:
                continue
            ok = self.ref(row, "trip_id", feed.trips, "trips.txt")
            ok = self.ref(row, "stop_id", feed.stops, "stops.txt") and ok
            try:
                seq = int(row["stop_sequence"])
            except ValueError:
                self.add(row.problem("stop_sequence", f'"{row["stop_sequence"]}" is not a whole number',
                                     "number the stops of a trip 1, 2, 3…"))
                continue
            departure = None
            for column in ("departure_time", "arrival_time"):
                if row[column]:
                    try:
                        departure = parse_time(row[column])
                    except ValueError as exc:
                        self.add(row.problem(column, str(exc), "write times as H:MM:SS (25:10:00 after midnight)"))
                        ok = False
                    break
            if not ok:
                continue
            trip = row["trip_id"]
            by_trip[trip].append(StopTime(seq, row["stop_id"], departure))
            if trip not in first_rows or seq < first_rows[trip][0]:
                first_rows[trip] = (seq, row)
        for trip, times in by_trip.items():
            times.sort(key=lambda st: st.sequence)
            if times[0].departure is None:
                self.add(first_rows[trip][1].problem("departure_time", "the first stop of a trip has no time",
                                                     "give the first stop of every trip a departure_time"))
            seqs = [st.sequence for st in times]
            if len(set(seqs)) != len(seqs):
                self.add(first_rows[trip][1].problem("stop_sequence", f'trip "{trip}" repeats a stop_sequence',
                                                     "number the stops of a trip without repeats"))
        return dict(by_trip)

    def frequencies(self) -> dict[str, list[FrequencyWindow]]:
        out: dict[str, list[FrequencyWindow]] = defaultdict(list)
        for row in self.table("frequencies.txt"):
            if row["trip_id"] in self.rejected_trips:
                continue
            if not self.ref(row, "trip_id", self.feed.trips, "trips.txt"):
                continue
            try:
                start, end = parse_time(row["start_time"]), parse_time(row["end_time"])
                headway = int(row["headway_secs"])
            except ValueError as exc:
                self.add(row.problem("start_time/end_time/headway_secs", str(exc),
                                     "times as H:MM:SS, headway_secs a whole number of seconds"))
                continue
            if headway <= 0 or end <= start:
                self.add(row.problem("headway_secs", "window is empty or headway is not positive",
                                     "end_time must be after start_time and headway_secs above 0"))
                continue
            out[row["trip_id"]].append(FrequencyWindow(start, end, headway, row["exact_times"] == "1"))
        return dict(out)

    def fares(self) -> dict[str, list[tuple[str, str]]]:
        attributes = self.table("fare_attributes.txt", "fare_id")
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in self.table("fare_rules.txt"):
            if not self.ref(row, "fare_id", attributes, "fare_attributes.txt"):
                continue
            if not row["route_id"]:
                continue
            if self.ref(row, "route_id", self.feed.routes, "routes.txt"):
                fare = attributes[row["fare_id"]]
                out[row["route_id"]].append((fare["price"], fare["currency_type"]))
        return dict(out)


def _date_range(start: date, end: date) -> Iterator[date]:
    for n in range((end - start).days + 1):
        yield start + timedelta(days=n)


def load_feed(path: str | Path) -> Feed:
    """Load and cross-check a feed; ContentError lists every problem as ``file:line: column: …``."""
    p = Path(path)
    if not p.exists():
        raise ContentError(Problem(display_path(p), None, "feed", "does not exist", "give a GTFS folder or .zip"))
    if p.is_file() and not zipfile.is_zipfile(p):
        raise ContentError(Problem(display_path(p), None, "feed", "is neither a folder nor a .zip file",
                                   "give a GTFS folder or .zip"))
    return _Loader(p).load()
