"""Route pages, /routes/, auto-linked stories and a site with the GTFS sample imported."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from hub_routes.gtfs import main as import_gtfs
from hub_routes.model import load_routes
from hubtools.build import BuildError
from hubtools.check import run_checks

S228 = "/routes/s228/"
STORY = "/articles/2025/s228-shuttle-opens/"
ROADS = ["鹏程大道", "禄达东路", "前程大道", "启航路", "金柳南路", "经开第二大街", "航海东路"]
PLACES = ["锦程花园", "河南通途产业园", "绿都东澜岸", "刘庄安置区", "瑞秀小区"]
SAMPLE = Path(__file__).parent / "fixtures" / "gtfs-sample"


def resolve(page_url: str, href: str) -> str:
    """A relative href on page_url as a site path (links are relative: RELATIVE_URLS)."""
    parts = [p for p in page_url.strip("/").split("/") if p]
    path = href.partition("#")[0]
    for piece in path.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/" + "/".join(parts) + ("/" if path.endswith("/") else "")


def test_s228_page_shows_hours_roads_places_and_story(site):
    soup = site.soup(S228)
    assert soup.h1.get_text() == "S228路社区接驳巴士"
    hours = soup.select_one(".hours-box")
    assert [t.get_text() for t in hours.select("time")] == ["6:15", "20:30"]
    assert [t["datetime"] for t in hours.select("time")] == ["06:15", "20:30"]
    assert [li.get_text() for li in soup.select(".route-line ol.line-list li")] == ROADS
    assert [a.get_text() for a in soup.select(".chips a")] == PLACES
    facts = soup.select_one(".facts").get_text()
    assert "郑州公交第四运营公司" in facts and "前程办事处、锦程花园社区" in facts
    opened = soup.select_one(".facts time")
    assert (opened["datetime"], opened.get_text()) == ("2025-08-20", "2025年8月20日")
    story_links = {resolve(S228, a["href"]) for a in soup.select(".route-footer a, #news-heading ~ ol a")}
    assert STORY in story_links
    assert "最后更新" in soup.select_one(".route-footer").get_text()


def test_s228_diagram_is_an_svg_with_title_and_the_same_roads(site):
    svg = site.soup(S228).select_one("svg.line-diagram")
    assert svg["role"] == "img"
    title = svg.find("title")
    assert svg["aria-labelledby"] == title["id"]
    assert title.get_text().endswith(" → ".join(ROADS))
    assert [t.get_text() for t in svg.find_all("text")] == ROADS


def test_served_places_link_to_their_anchor_in_the_index(site):
    index = site.soup("/routes/")
    for a in site.soup(S228).select(".chips a"):
        target = index.find(id=a["href"].partition("#")[2])
        assert target is not None and target.dt.get_text() == a.get_text()
        assert resolve("/routes/", target.a["href"]) == S228


def test_routes_index_groups_by_kind_and_reverse_indexes(site):
    soup = site.soup("/routes/")
    assert soup.h1.get_text() == "公交线路"
    assert "社区接驳巴士" in [h.get_text() for h in soup.select("h2")]
    places = {div.dt.get_text(): [a.get_text() for a in div.select("dd a")] for div in soup.select("#by-place ~ dl div")}
    assert places["锦程花园"] == ["S228"]
    assert set(PLACES) <= set(places)
    roads = soup.select("#by-road ~ dl div")
    assert {d.dt.get_text() for d in roads} == set(ROADS)
    assert all(re.fullmatch(r"(place|road)-[a-z0-9-]+", d["id"]) for d in soup.select(".reverse-index div"))


def test_seed_story_links_s228_and_lists_it(site):
    soup = site.soup(STORY)
    links = soup.select(".story-body a.route-link")
    assert len(links) == 1
    assert links[0].get_text().startswith("S228路")
    assert resolve(STORY, links[0]["href"]) == S228
    assert not soup.select("h1 a")
    heading = soup.find("h2", string="本文提到的线路")
    assert [resolve(STORY, a["href"]) for a in heading.find_next_sibling("ul").select("a")] == [S228]


def test_feed_links_the_route_absolutely(site):
    feed = site.text("/feeds/all.atom.xml")
    assert '&lt;a class="route-link" href="http://127.0.0.1:8000/routes/s228/"&gt;S228路' in feed


def test_home_page_lists_the_route(site):
    block = site.soup("/").select_one(".home-routes")
    assert block is not None
    assert [resolve("/", a["href"]) for a in block.select(".route-name")] == [S228]
    assert "6:15" in block.get_text() and "20:30" in block.get_text()


def test_route_page_is_small(site):
    html = site.path(S228).read_bytes()
    css = next(site.root.glob("theme/css/site.*.css")).read_bytes()
    size = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    assert size < 14 * 1024, size


def test_sitemap_lists_route_pages(site):
    sitemap = site.text("/sitemap.xml")
    assert "/routes/s228/</loc><lastmod>2025-08-20" in sitemap
    assert "/routes/</loc>" in sitemap


# --- a site with the GTFS sample imported --------------------------------------------------

@pytest.fixture(scope="module")
def gtfs_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("gtfs") / "content"
    shutil.copytree(ROOT / "content", content)
    assert import_gtfs([str(SAMPLE), "--out", str(content / "routes")]) == 0
    routes = {r.slug: r for r in load_routes((content / "routes").glob("dta-*.md"))}
    return build_site(content.parent / "output", content), routes


def test_gtfs_sample_gives_five_route_pages_matching_the_feed(gtfs_site):
    site, routes = gtfs_site
    assert sorted(routes) == ["dta-10", "dta-20", "dta-30", "dta-40", "dta-50"]
    for slug, route in routes.items():
        soup = site.soup(f"/routes/{slug}/")
        assert soup.h1.get_text() == route.name
        first = route.directions[0]
        assert [li.get_text() for li in soup.select(".route-line > ol.line-list")[0].select("li")] == list(first.stops)
        tables = soup.select(".timetable")
        assert len(tables) == len(route.timetables)
        for html, table in zip(tables, route.timetables, strict=True):
            assert [t.get_text() for t in html.select(".departures time")] == [str(d.time) for d in table.all_departures()]
            assert html.h4.get_text().startswith(table.days_label)


def test_gtfs_frequency_service_reads_as_headway(gtfs_site):
    site, _ = gtfs_site
    soup = site.soup("/routes/dta-30/")
    assert [p.get_text() for p in soup.select(".frequency")] == ["每30分钟一班 6:00–22:00"]
    assert soup.select_one(".timetable details summary").get_text() == "全部 32 班发车时刻"
    assert "2007年6月4日" in soup.select_one(".timetable .note").get_text()


def test_gtfs_weekend_route_says_weekend(gtfs_site):
    site, _ = gtfs_site
    assert {h.get_text()[:2] for h in site.soup("/routes/dta-50/").select(".timetable h4")} == {"周末"}


def test_gtfs_routes_are_in_the_index(gtfs_site):
    site, _ = gtfs_site
    names = [a.get_text() for a in site.soup("/routes/").select(".route-name")]
    assert names[:1] == ["S228路社区接驳巴士"] or "S228路社区接驳巴士" in names
    assert sum(n.startswith(("10 ", "20 ", "30 ", "40 ", "50 ")) for n in names) == 5


# --- bad route files stop check and build -------------------------------------------------

@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


GOOD = (ROOT / "content/routes/s228.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('last: "20:30"', 'last: "25:61"', 'routes/s228.md:12: hours.0.last: "25:61" is not a clock time'),
    ("status: 运营", "status: 运营\ncolour: red", "routes/s228.md:9: colour: unknown field"),
    ("articles/2025/2025-08-20_s228-shuttle-opens.md", "articles/2025/nope.md",
     'routes/s228.md:16: sources.0: "articles/2025/nope.md" is not'),
])
def test_bad_route_is_reported_by_check_and_build(content, tmp_path, old, new, expected):
    (content / "routes/s228.md").write_text(GOOD.replace(old, new), encoding="utf-8")
    problems, _ = run_checks(content)
    assert any(expected in str(p) for p in problems), problems
    with pytest.raises(BuildError) as err:
        build_site(tmp_path / "output", content)
    assert expected in str(err.value)


def test_duplicate_route_number_stops_the_build(content, tmp_path):
    (content / "routes/s228-copy.md").write_text(GOOD.replace("name: S228路社区接驳巴士", "name: 另一条"),
                                                 encoding="utf-8")
    problems, _ = run_checks(content)
    assert [p.field for p in problems] == ["number"]
    with pytest.raises(BuildError) as err:
        build_site(tmp_path / "output", content)
    assert 'number: route number "S228" is already used by' in str(err.value)
