"""Import a GTFS feed as route files: ``python -m hubtools.import_gtfs PATH [--out content/routes]``.

Design: the importer writes one route file per GTFS route, in the same YAML front
matter format editors write by hand (``content/routes/<agency>-<route>.md``), rather
than building pages straight from the feed at site-build time. So

* one generator and one template render prose routes and GTFS routes alike;
* editors can read, diff and amend an imported route (add ``serves``, ``aliases``,
  ``sources``, notes) like any other content, and the build needs no feed;
* the importer's output is validated by the same model as hand-written files
  before anything is written.

A forced re-import (``--force``) overwrites files that came from the same feed route
(they carry a ``gtfs:`` block), so amend imported files only for what the feed lacks,
or drop the ``gtfs:`` block to take the file over; files without a matching ``gtfs:``
block are never overwritten.

How the feed becomes a route (choices documented here because GTFS leaves them open):

* **Slug** ``<agency_id>-<route_short_name>`` in ASCII (pinyin for Chinese), falling
  back to the route_id, so GTFS routes never take a local route's URL and two feed
  routes never share one (a counter is added as the last resort).
* **Directions** follow ``direction_id`` (trips without one form one direction). The
  stop list of a direction is its **most common stop pattern** (by number of trips;
  ties go to the longer pattern, then to the pattern of the smallest trip_id), so the
  list shows what most trips do; trips that start or end elsewhere carry a note on
  their departure (``至Millbrae``, ``Tamien始发``). Consecutive stops with the same name
  (platforms of one station) are listed once. The direction is named ``往<last stop>``.
* **Timetables** list departures from the first stop of each trip, per direction and
  per service pattern. A ``frequencies.txt`` window is kept as a headway with its
  window (shown as ``每10分钟一班 6:00–22:00``; the model expands it to departures
  ``start, start+headway, …`` before ``end_time``); ``exact_times=1`` windows are expanded
  into departures here. Times past 24:00 become ``次日0:38``.
* **Service days**: each service_id's dates (calendar.txt ranges and weekdays, plus and
  minus calendar_dates.txt) are reduced to the weekdays on which it runs on most dates
  of its range, with the remaining differences listed as ``except``/``extra`` dates. A
  service with weekday flags for every day but removed on every weekday (common in
  real feeds) is thus shown as what it is, e.g. 周六. Services with the same days, range
  and exceptions share one timetable.
* **Hours** per direction are the first and last departure over all service days.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from hub_content.errors import ContentError, Problem, display_path
from hub_content.frontmatter import parse_document
from hub_content.taxonomy import pinyin_slug

from .gtfs_read import Feed, Service, StopTime, load_feed
from .model import DAY, Route, ServiceTime, cross_check, days_label, read_route

ROUTE_KINDS = {0: "其他", 1: "铁路", 2: "铁路", 3: "常规公交", 11: "常规公交", 12: "铁路"}
MAX_MINUTES = 2 * DAY - 1  # our timetables go to 次日23:59


@dataclass(frozen=True)
class ImportedRoute:
    slug: str
    route_id: str
    text: str


def slugify(text: str) -> str:
    """ASCII slug part: pinyin for Chinese (as everywhere on the site), other characters dropped."""
    return re.sub(r"[^a-z0-9]+", "-", pinyin_slug(text)).strip("-")


def route_kind(route_type: str) -> str:
    try:
        code = int(route_type)
    except ValueError:
        return "其他"
    if 100 <= code < 200 or 400 <= code < 500:
        return "铁路"
    if 700 <= code < 800 or code == 800:
        return "常规公交"
    return ROUTE_KINDS.get(code, "其他")


def route_name(short: str, long: str) -> str:
    if not short or not long:
        return short or long
    if short.casefold() in long.casefold():
        return long
    if long.casefold() in short.casefold():
        return short
    return f"{short} {long}"


def service_time(seconds: int) -> str:
    return str(ServiceTime(seconds // 60))


def fare_text(fares: list[tuple[str, str]]) -> str:
    prices: dict[str, set[Decimal]] = defaultdict(set)
    for price, currency in fares:
        try:
            prices[currency].add(Decimal(price))
        except InvalidOperation:
            continue
    parts = []
    for currency, values in sorted(prices.items()):
        low, high = min(values), max(values)
        shown = _decimal(low) if low == high else f"{_decimal(low)}–{_decimal(high)}"
        parts.append(f"{shown} {currency}".strip())
    return "；".join(parts)


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class _Pattern:
    """How a service_id's dates read as service days."""

    days: frozenset[int]
    start: date
    end: date
    except_dates: tuple[date, ...]
    extra_dates: tuple[date, ...]


def service_pattern(service: Service) -> _Pattern | None:
    """Weekdays the service runs on most dates of its range; the rest as exceptions."""
    if not service.dates:
        return None
    start = service.start or min(service.dates)
    end = service.end or max(service.dates)
    span = [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    total: Counter[int] = Counter(d.weekday() for d in span)
    active: Counter[int] = Counter(d.weekday() for d in span if d in service.dates)
    days = frozenset(wd for wd in range(7) if active[wd] * 2 > total[wd])
    except_dates = tuple(d for d in span if d.weekday() in days and d not in service.dates)
    extra = tuple(sorted(d for d in service.dates if d.weekday() not in days or not start <= d <= end))
    return _Pattern(days, start, end, except_dates, extra)


def _pattern_order(key: tuple) -> tuple:
    days = key[0]
    return (min(days) if days else 9, -len(days), key[1], key[2])


def build_routes(feed: Feed) -> list[ImportedRoute]:
    """One route file text per feed route; ContentError if the feed cannot be expressed."""
    problems: list[Problem] = []
    trips_by_route: dict[str, list[str]] = defaultdict(list)
    for trip_id, row in feed.trips.items():
        if feed.stop_times.get(trip_id):
            trips_by_route[row["route_id"]].append(trip_id)
    patterns = {sid: service_pattern(s) for sid, s in feed.services.items()}
    used_slugs: set[str] = set()
    result = []
    for route_id, row in feed.routes.items():
        agency_id = row["agency_id"] or next(iter(feed.agencies))
        agency = feed.agencies.get(agency_id) or next(iter(feed.agencies.values()))
        slug = _unique_slug(agency["agency_id"] or agency["agency_name"], row, used_slugs)
        try:
            meta = _route_meta(feed, route_id, sorted(trips_by_route[route_id]), patterns, agency)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        text = _render(feed, meta, route_id, agency)
        result.append(ImportedRoute(slug, route_id, text))
    if problems:
        raise ContentError(problems)
    return result


def _unique_slug(agency: str, row: Any, used: set[str]) -> str:
    prefix = slugify(agency) or "gtfs"
    candidates = [slugify(row["route_short_name"]), slugify(row["route_id"])]
    for part in candidates:
        if part and f"{prefix}-{part}" not in used:
            used.add(f"{prefix}-{part}")
            return f"{prefix}-{part}"
    base = f"{prefix}-{candidates[1] or 'route'}"
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    used.add(f"{base}-{n}")
    return f"{base}-{n}"


def _choose_pattern(feed: Feed, trip_ids: list[str]) -> tuple[str, ...]:
    counts: Counter[tuple[str, ...]] = Counter()
    first_trip: dict[tuple[str, ...], str] = {}
    for trip_id in trip_ids:  # sorted, so first_trip is the smallest trip_id
        pattern = tuple(st.stop_id for st in feed.stop_times[trip_id])
        counts[pattern] += 1
        first_trip.setdefault(pattern, trip_id)
    # max() keeps the first of equal keys, so ties go to the pattern of the smallest trip_id
    return max(sorted(counts, key=first_trip.__getitem__), key=lambda p: (counts[p], len(p)))


def _names(feed: Feed, stop_ids: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    for stop_id in stop_ids:
        name = feed.stop_name(stop_id)
        if not names or names[-1] != name:
            names.append(name)
    return names


def _trip_note(feed: Feed, times: list[StopTime], pattern: tuple[str, ...]) -> str:
    notes = []
    first, last = feed.stop_name(times[0].stop_id), feed.stop_name(times[-1].stop_id)
    if first != feed.stop_name(pattern[0]):
        notes.append(f"{first}始发")
    if last != feed.stop_name(pattern[-1]):
        notes.append(f"至{last}")
    return " ".join(notes)


def _route_meta(feed: Feed, route_id: str, trip_ids: list[str], patterns: dict, agency: Any) -> dict[str, Any]:
    row = feed.routes[route_id]
    by_direction: dict[str, list[str]] = defaultdict(list)
    for trip_id in trip_ids:
        by_direction[feed.trips[trip_id]["direction_id"]].append(trip_id)
    directions, hours, timetables = [], [], []
    problems: list[Problem] = []
    names_used: set[str] = set()
    for direction_id in sorted(by_direction, key=lambda d: (d == "", d)):
        trips = by_direction[direction_id]
        pattern = _choose_pattern(feed, trips)
        stops = _names(feed, pattern)
        name = f"往{stops[-1]}"
        if name in names_used:
            name = f"{name}（方向{direction_id or '-'}）"
        names_used.add(name)
        directions.append({"direction": name, "stops": stops})
        tables: dict[tuple, dict[str, Any]] = {}
        all_minutes: list[int] = []
        for trip_id in trips:
            pat = patterns.get(feed.trips[trip_id]["service_id"])
            if pat is None:  # a service without any date never runs
                continue
            key = (pat.days, pat.start, pat.end, pat.except_dates, pat.extra_dates)
            table = tables.setdefault(key, {"departures": set(), "frequencies": set()})
            times = feed.stop_times[trip_id]
            note = _trip_note(feed, times, pattern)
            windows = feed.frequencies.get(trip_id)
            starts: list[int] = []
            if not windows:
                starts = [times[0].departure or 0]
            for w in windows or ():
                if w.exact:
                    starts.extend(range(w.start, w.end, w.headway))
                    continue
                every = max(1, round(w.headway / 60))
                start, end = w.start // 60, -(-w.end // 60)
                table["frequencies"].add((every, start, end))
                all_minutes.extend(range(start, end, every))
            for seconds in starts:
                table["departures"].add((seconds // 60, note))
                all_minutes.append(seconds // 60)
        too_late = [m for m in all_minutes if m > MAX_MINUTES]
        if too_late:
            problems.append(Problem(f"{feed.name}/trips.txt", feed.trips[trips[0]].line, "departure_time",
                                    f"route {route_id} departs at {too_late[0] // 60}:{too_late[0] % 60:02d}",
                                    "times past 47:59 are not supported; check the feed"))
            continue
        if all_minutes:
            first, last = min(all_minutes), max(all_minutes)
            if first >= DAY:
                first, last = first - DAY, last - DAY
            entry: dict[str, Any] = {"direction": name, "first": ServiceTime(first).clock,
                                     "last": ServiceTime(last).clock}
            if last >= DAY:
                entry["overnight"] = True
            hours.append(entry)
        for key in sorted(tables, key=_pattern_order):
            days, start, end, except_dates, extra = key
            table = tables[key]
            item: dict[str, Any] = {"direction": name, "days": days_label(days),
                                    "from": start.isoformat(), "until": end.isoformat()}
            if except_dates:
                item["except"] = [d.isoformat() for d in except_dates]
            if extra:
                item["extra"] = [d.isoformat() for d in extra]
            if table["departures"]:
                item["departures"] = [
                    f"{ServiceTime(m)} {note}".strip() for m, note in sorted(table["departures"])
                ]
            if table["frequencies"]:
                item["frequencies"] = [
                    {"every": every, "from": str(ServiceTime(s)), "to": str(ServiceTime(e))}
                    for every, s, e in sorted(table["frequencies"], key=lambda f: (f[1], f[2], f[0]))
                ]
            timetables.append(item)
    if problems:
        raise ContentError(problems)
    meta: dict[str, Any] = {
        "number": row["route_short_name"] or route_id,
        "name": route_name(row["route_short_name"], row["route_long_name"]),
        "kind": route_kind(row["route_type"]),
        "operator": agency["agency_name"],
        "status": "运营",
    }
    if directions:
        meta["termini"] = [directions[0]["stops"][0], directions[0]["stops"][-1]]
    fare = fare_text(feed.fares.get(route_id, []))
    if fare:
        meta["fare"] = fare
    if hours:
        meta["hours"] = hours
    if directions:
        meta["directions"] = directions
    if timetables:
        meta["timetables"] = timetables
    return meta


def _render(feed: Feed, meta: dict[str, Any], route_id: str, agency: Any) -> str:
    meta = {**meta, "gtfs": {"feed": feed.name, "agency": agency["agency_id"] or agency["agency_name"],
                             "route": route_id}}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    desc = feed.routes[route_id]["route_desc"]
    body = f"{desc}\n\n" if desc else ""
    body += f"本线路信息由 {agency['agency_name']} 发布的 GTFS 数据导入（线路 {route_id}）。\n"
    comment = (f"# 由 GTFS 数据（{feed.name}）导入。重新导入（--force）会覆盖本文件；"
               "要保留修改，请删除 gtfs 一节。\n")
    return f"---\n{comment}{head}---\n{body}"


# --- writing ------------------------------------------------------------------------------


def plan(feed_path: str | Path, out: str | Path, *, force: bool = False) -> list[tuple[Path, Route, str]]:
    """Load, convert and validate everything; return (target, route, text) without writing."""
    feed = load_feed(feed_path)
    out = Path(out)
    problems: list[Problem] = []
    planned = []
    for item in build_routes(feed):
        target = out / f"{item.slug}.md"
        try:
            route = read_route(target, item.text)
        except ContentError as exc:  # our own output must pass the model; say where it failed
            problems.extend(exc.problems)
            continue
        if target.exists():
            problem = _overwrite_problem(target, route, force=force)
            if problem:
                problems.append(problem)
                continue
        planned.append((target, route, item.text))
    if problems:
        raise ContentError(problems)
    targets = {t.resolve() for t, _, _ in planned}
    others = []
    for path in sorted(out.glob("*.md")) if out.is_dir() else []:
        if path.resolve() not in targets:
            try:
                others.append(read_route(path))
            except ContentError as exc:
                problems.extend(exc.problems)
    problems.extend(cross_check([*others, *(r for _, r, _ in planned)]))
    if problems:
        raise ContentError(problems)
    return planned


def _overwrite_problem(target: Path, new: Route, *, force: bool) -> Problem | None:
    shown = display_path(target)
    try:
        meta = parse_document(target.read_text(encoding="utf-8"), shown).meta
    except ContentError:
        meta = {}
    ref = meta.get("gtfs") if isinstance(meta.get("gtfs"), dict) else {}
    if not new.gtfs or ref.get("agency") != new.gtfs.agency or ref.get("route") != new.gtfs.route:
        return Problem(shown, None, "file", "exists and was not imported from this feed route",
                       "move or rename it; the importer never overwrites other route files")
    if not force:
        return Problem(shown, None, "file", "exists (imported earlier)",
                       "run again with --force to overwrite it with the feed's data")
    return None


def write(planned: list[tuple[Path, Route, str]], out: Path) -> None:
    """Write every file into a temporary folder first, then move them into place."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".gtfs-import-") as tmp:
        staged = []
        for target, _, text in planned:
            path = Path(tmp) / target.name
            path.write_text(text, encoding="utf-8")
            staged.append((path, target))
        for path, target in staged:
            os.replace(path, target)


def main(argv: list[str] | None = None, *, prog: str = "gtfs", default_out: str | Path = "content/routes") -> int:
    parser = argparse.ArgumentParser(prog=prog, description="Write one route file per route of a GTFS feed.")
    parser.add_argument("feed", help="GTFS folder or .zip")
    parser.add_argument("--out", default=str(default_out), help=f"route folder (default: {default_out})")
    parser.add_argument("--dry-run", action="store_true", help="check and list the files, write nothing")
    parser.add_argument("--force", action="store_true", help="overwrite files imported earlier from this feed")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        planned = plan(args.feed, args.out, force=args.force)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        print(f"GTFS import failed: {len(exc.problems)} problem(s); nothing written.", file=sys.stderr)
        return 1
    if not args.dry_run:
        write(planned, Path(args.out))
    for target, route, text in planned:
        trips = sum(len(t.all_departures()) for t in route.timetables)
        print(f"{display_path(target)}\t{route.number}\t{route.name}\t"
              f"{len(route.directions)} directions, {trips} departures, {len(text.encode())} bytes")
    verb = "would write" if args.dry_run else "wrote"
    print(f"{verb} {len(planned)} route files in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0
