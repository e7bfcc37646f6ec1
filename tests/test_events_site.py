"""Event pages, the events index, month calendars and feeds in real builds (HUB_BUILD_DATE 2025-08-15)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from dateutil.rrule import rrulestr

from conftest import ROOT, build_site
from hubtools.build import BuildError
from hubtools.check import run_checks

S228 = "/events/s228-opening-day/"
LIANGKU = "/events/liangku-centre-opening/"
CHORUS = "/events/yatai-chorus-rehearsals/"
CLINIC = "/events/monthly-clinic/"


def jsonld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


def times(soup, selector: str) -> list[str]:
    return [t["datetime"] for t in soup.select(f"{selector} time[datetime]")]


def ics_files(site) -> list[Path]:
    return sorted(site.root.rglob("*.ics"))


# --- event pages -----------------------------------------------------------------------------------
def test_s228_event_page(site):
    soup = site.soup(S228)
    assert soup.h1.get_text() == "S228路社区接驳巴士开通首日"
    when = soup.select_one(".event-facts time")
    assert (when["datetime"], when.get_text()) == ("2025-08-20T06:15:00+08:00", "2025年8月20日（周三）06:15—20:30")
    assert soup.select_one(".event-status").get_text(strip=True) == "活动状态：已安排"
    facts = soup.select_one(".event-facts").get_text()
    for text in ("S228路瑞秀社区站", "郑州公交第四运营公司、前程办事处、锦程花园社区",
                 "乘车票价报道未提及", "志愿者在站牌处服务的具体时段报道未提及"):
        assert text in facts
    (story,) = soup.select(".event-articles a")
    assert story.get_text() == "S228路社区接驳巴士开通"
    target = site.path("/events/s228-opening-day/" + story["href"]).resolve()
    assert target == site.path("/articles/2025/s228-shuttle-opens/").resolve()
    button = soup.select_one(".event-calendar a[download]")
    assert button.get_text() == "加入日历（.ics 文件）"
    assert (site.path(S228).parent / button["href"]).resolve().is_file()
    assert "本页生成于2025年8月15日" in soup.select_one(".build-note").get_text()


def test_a_day_without_a_published_time_says_so(site):
    soup = site.soup(LIANGKU)
    when = soup.select_one(".event-facts time")
    assert when["datetime"] == "2025-07-23"  # a date, no invented hour
    assert when.get_text() == "2025年7月23日（周三）（具体时间未公布）"
    assert "未写年份和具体时间" in soup.select_one(".event-note").get_text()
    (data,) = jsonld(soup)
    assert data["startDate"] == "2025-07-23"
    ics = icalendar.Calendar.from_ical(site.path(LIANGKU + "liangku-centre-opening.ics").read_bytes())
    assert str(ics.walk("VEVENT")[0]["DTSTART"].to_ical().decode()) == "20250723"


@pytest.mark.parametrize("url", [CHORUS, "/events/shihe-cleaning-day/"])
def test_an_event_without_a_date_says_so_and_has_no_calendar_entry(site, url):
    soup = site.soup(url)
    assert soup.select_one(".event-facts dd").get_text(strip=True).startswith("时间未公布")
    assert soup.select(".event-facts time") == []
    assert "暂时无法加入日历" in soup.select_one(".event-calendar").get_text()
    assert jsonld(soup) == []
    assert not list(site.path(url).parent.glob("*.ics"))


@pytest.mark.parametrize("url", [S228, LIANGKU])
def test_event_json_ld(site, url):
    (data,) = jsonld(site.soup(url))
    assert data["@type"] == "Event" and data["@context"] == "https://schema.org"
    assert data["name"] == site.soup(url).h1.get_text()
    assert data["location"]["@type"] == "Place" and data["location"]["name"]
    assert data["location"]["address"]["@type"] == "PostalAddress"
    assert data["location"]["address"]["addressCountry"] == "CN"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"] == "http://127.0.0.1:8000" + url


def test_timed_json_ld_has_offset(site):
    (data,) = jsonld(site.soup(S228))
    assert data["startDate"] == "2025-08-20T06:15:00+08:00"
    assert data["endDate"] == "2025-08-20T20:30:00+08:00"
    assert datetime.fromisoformat(data["startDate"]).utcoffset().total_seconds() == 8 * 3600


# --- index, communities, months, home -------------------------------------------------------------
def test_events_index_splits_upcoming_past_and_undated_by_build_date(site):
    soup = site.soup("/events/")
    assert soup.h1.get_text() == "社区活动"
    assert "本页生成于2025年8月15日" in soup.select_one(".build-note").get_text()

    def section(sid):
        return soup.find("h2", id=sid).find_parent("section")

    assert [h.get_text() for h in section("upcoming").select("h3")] == ["2025年8月"]
    assert [a.get_text() for a in section("upcoming").select(".event-item-title a")] == ["S228路社区接驳巴士开通首日"]
    assert [h.get_text() for h in section("past").select("h3")] == ["2025年7月"]
    assert [a.get_text() for a in section("past").select(".event-item-title a")] == ["经开区良酷志愿服务中心揭牌成立"]
    undated = sorted(a.get_text() for a in section("undated").select(".event-item-title a"))
    assert undated == ["世和社区环境清洁日", "亚太社区合唱团排练"]
    assert [a.get_text() for a in section("months").select("a")] == ["2025年7月", "2025年8月"]


def test_community_filter_is_a_page_each_without_javascript(site):
    nav = site.soup("/events/").select_one('nav[aria-label="按社区查看活动"]')
    links = {a.get_text(): a["href"] for a in nav.select("a")}
    assert links == {"全部社区": "../events/", "世和社区": "../events/community/shihe/",
                     "亚太社区": "../events/community/yatai/", "瑞秀社区": "../events/community/ruixiu/"}
    yatai = site.soup("/events/community/yatai/")
    assert yatai.h1.get_text() == "亚太社区活动"
    listed = sorted(a.get_text() for a in yatai.select(".event-item-title a"))
    assert listed == ["亚太社区合唱团排练", "经开区良酷志愿服务中心揭牌成立"]
    assert yatai.select_one('nav[aria-label="按社区查看活动"] a[aria-current="page"]').get_text() == "亚太社区"
    # no script of its own (the site-wide 长辈版 toggle aside): the filter is plain links
    scripts = [s["src"] for s in site.soup("/events/").find_all("script", src=True)]
    assert [src for src in scripts if "/elder." not in src] == []


def test_month_calendar_is_an_accessible_table(site):
    soup = site.soup("/events/2025/08/")
    table = soup.select_one("table.month-grid")
    assert table.caption.get_text() == "2025年8月活动月历"
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 7
    assert [th.abbr["title"] for th in table.select("thead th")][:2] == ["星期一", "星期二"]
    cells = {td.select_one(".day-number").get_text(): td for td in table.select("td") if td.select_one(".day-number")}
    assert len(cells) == 31
    assert [a.get_text() for a in cells["8月20日"].select("a")] == ["S228路社区接驳巴士开通首日"]
    assert cells["8月15日"].get("aria-current") == "date"
    assert len(table.select("tbody tr")) == 5  # 2025-08-01 is a Friday: 5 Monday-first weeks
    assert soup.select_one('a[rel="prev"]').get_text() == "上个月2025年7月"
    july = site.soup("/events/2025/07/")
    assert [a.get_text() for a in july.select("td a")] == ["经开区良酷志愿服务中心揭牌成立"]


def test_home_page_shows_upcoming_events(site):
    block = site.soup("/").select_one("section.home-events")
    assert block.h2.get_text() == "近期活动"
    assert [a.get_text() for a in block.select(".event-item-title a")] == ["S228路社区接驳巴士开通首日"]
    assert block.select_one("time")["datetime"] == "2025-08-20T06:15:00+08:00"
    assert block.select_one(".more a")["href"] == "./events/"


def test_nav_marks_events_current_and_sitemap_lists_event_pages(site):
    assert site.soup("/events/").select_one('.site-nav a[aria-current="page"]').get_text() == "活动"
    sitemap = site.text("/sitemap.xml")
    for url in ("/events/", S228, "/events/community/yatai/", "/events/2025/08/"):
        assert f"http://127.0.0.1:8000{url}</loc>" in sitemap


def test_relative_links_on_event_pages_resolve(site):
    for page in sorted((site.root / "events").rglob("index.html")):
        soup = site.soup("/" + str(page.relative_to(site.root)))
        for a in soup.select("main a[href]"):
            href = a["href"].split("#")[0]
            if not href or "://" in href:
                continue
            target = (page.parent / href).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (page, href)


# --- feeds -----------------------------------------------------------------------------------------
def test_subscription_links(site):
    soup = site.soup("/events/")
    links = [a["href"] for a in soup.find("h2", id="subscribe").find_parent("section").select("a")]
    assert "webcal://127.0.0.1:8000/events.ics" in links
    assert soup.select_one('link[rel="alternate"][type="text/calendar"]')["href"] == "../events.ics"


def test_every_ics_file_parses_with_two_parsers_and_matches_the_pages(series_site):
    site = series_site
    files = ics_files(site)
    assert {f.name for f in files} >= {"events.ics", "yatai.ics", "shihe.ics", "ruixiu.ics", "monthly-clinic.ics"}
    for path in files:
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))
        cal = icalendar.Calendar.from_ical(raw)
        vcal = vobject.readOne(raw.decode("utf-8"))
        a = {str(e["UID"]): e["DTSTART"].dt for e in cal.walk("VEVENT")}
        b = {e.uid.value: e.dtstart.value for e in vcal.vevent_list}
        assert a == b and a, path
        for uid, start in a.items():
            slug = uid.removeprefix("event-").split("@")[0]
            page = site.soup(f"/events/{slug}/")
            assert page.select_one(".event-facts time")["datetime"] == start.isoformat()
            assert uid == f"event-{slug}@127.0.0.1"


def test_community_feed_holds_only_its_dated_events(series_site):
    cal = icalendar.Calendar.from_ical(series_site.path("/events/community/shihe/shihe.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["世和社区暖心义诊（测试用）"]
    assert str(cal["X-WR-CALNAME"]) == "社区新闻汇·社区活动·世和社区"


def test_monthly_series_page_lists_what_the_feed_expands_to(series_site):
    soup = series_site.soup(CLINIC)
    listed = times(soup, ".occurrences")
    cal = icalendar.Calendar.from_ical(series_site.path(CLINIC + "monthly-clinic.ics").read_bytes())
    (ve,) = cal.walk("VEVENT")
    assert ve["RRULE"].to_ical() == b"FREQ=MONTHLY;COUNT=6;BYMONTHDAY=18"
    excluded = {d.dt for d in ve["EXDATE"].dts}
    expanded = [d.isoformat() for d in rrulestr(ve["RRULE"].to_ical().decode(), dtstart=ve["DTSTART"].dt)
                if d not in excluded]
    assert listed == expanded  # build date 2025-08-15: every meeting is still to come
    assert listed == ["2025-08-18T09:00:00+08:00", "2025-09-18T09:00:00+08:00", "2025-11-18T09:00:00+08:00",
                      "2025-12-18T09:00:00+08:00", "2026-01-18T09:00:00+08:00"]
    assert "停办日期：2025年10月18日" in soup.select_one(".event-series").get_text()
    vevent = vobject.readOne(series_site.path(CLINIC + "monthly-clinic.ics").read_text(encoding="utf-8")).vevent
    assert [d.isoformat() for d in vevent.getrruleset()] == listed
    (data,) = jsonld(soup)
    assert data["startDate"] == listed[0]
    assert data["eventSchedule"]["byMonthDay"] == [18] and data["eventSchedule"]["repeatFrequency"] == "P1M"


def test_upcoming_follows_the_injected_build_date(tmp_path, fixture_content):
    site = build_site(tmp_path / "output", fixture_content, {"HUB_BUILD_DATE": "2025-10-01"})
    soup = site.soup(CLINIC)
    assert times(soup, ".occurrences") == ["2025-11-18T09:00:00+08:00", "2025-12-18T09:00:00+08:00",
                                           "2026-01-18T09:00:00+08:00"]
    index = site.soup("/events/")
    upcoming = index.find("h2", id="upcoming").find_parent("section")
    assert [a.get_text() for a in upcoming.select(".event-item-title a")] == ["世和社区暖心义诊（测试用）"]
    assert "本页生成于2025年10月1日" in index.select_one(".build-note").get_text()
    assert (site.root / "events/2025/10/index.html").is_file()


# --- bad input -----------------------------------------------------------------------------------
GOOD = (ROOT / "content/events/2025-08-20_s228-opening-day.md").read_text(encoding="utf-8")


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


BAD_EVENTS = [
    ("end-before-start", GOOD.replace("end: 20:30", "end: 05:00"), 8, "end", "is not after the start"),
    ("unknown-timezone", GOOD.replace("cost:", "timezone: Asia/Beijing\ncost:"), 15, "timezone", "is not an IANA time zone"),
    ("rrule-outside-subset", GOOD.replace("cost:", "rrule: FREQ=YEARLY\ncost:"), 15, "rrule", "outside the supported"),
    ("all-day-with-time", GOOD.replace("start: 2025-08-20 06:15\nend: 20:30", "date: 2025-08-20 06:15"), 7, "date", "has a time"),
    ("place-without-name", GOOD.replace("  name: S228路瑞秀社区站\n", ""), 10, "place.name", "is missing"),
    ("dangling-article", GOOD.replace("2025-08-20_s228-shuttle-opens.md", "2025-08-20_gone.md"), 16, "articles.0",
     "is not a published article"),
]


@pytest.mark.parametrize(("name", "text", "line", "field", "problem"), BAD_EVENTS, ids=[c[0] for c in BAD_EVENTS])
def test_bad_event_stops_check_and_build(content, tmp_path, name, text, line, field, problem):
    path = content / "events/2025-08-20_s228-opening-day.md"
    path.write_text(text, encoding="utf-8")
    expected = f"{path}:{line}: {field}: "
    problems, _ = run_checks(content)
    assert any(str(p).startswith(expected) and problem in str(p) for p in problems), problems
    with pytest.raises(BuildError) as err:
        build_site(tmp_path / "output", content)
    assert expected in str(err.value) and problem in str(err.value)


def test_every_problem_of_every_event_at_once(content, tmp_path):
    (content / "events/2025-08-20_s228-opening-day.md").write_text(
        GOOD.replace("end: 20:30", "end: 05:00").replace("cost:", "timezone: Mars/Base\ncost:"), encoding="utf-8")
    liangku = content / "events/2025-07-23_liangku-centre-opening.md"
    liangku.write_text(liangku.read_text(encoding="utf-8").replace("time_known: no", "time_known: no\ncolour: red"),
                       encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build_site(tmp_path / "output", content)
    message = str(err.value)
    for fragment in (": end: ", ": timezone: ", ": colour: is not an event field"):
        assert fragment in message


def test_two_events_may_not_share_a_slug(content):
    (content / "events/2025-09-01_copy.md").write_text(GOOD.replace("title:", "slug: s228-opening-day\ntitle:"),
                                                      encoding="utf-8")
    problems, _ = run_checks(content)
    assert any(p.field == "slug" and "already the slug of" in str(p) for p in problems), problems


def test_cancelled_event_is_marked_everywhere(series_site):
    url = "/events/legal-aid-talk/"
    soup = series_site.soup(url)
    assert soup.select_one(".event-status.status-cancelled").get_text(strip=True) == "活动状态：已取消"
    (data,) = jsonld(soup)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"]["address"]["streetAddress"] == "经开区明湖办事处亚太社区, 2号楼; 一层"
    raw = series_site.path(url + "legal-aid-talk.ics").read_bytes()
    assert b"STATUS:CANCELLED\r\n" in raw
    assert "经开区明湖办事处亚太社区\\, 2号楼\\; 一层" in raw.replace(b"\r\n ", b"").decode()
    item = series_site.soup("/events/community/yatai/").find("a", string="零距离普法讲座（测试用）").find_parent("li")
    assert item.select_one(".event-status").get_text() == "已取消"
    month = series_site.soup("/events/2025/09/")
    assert "已取消" in month.find("h2", id="month-list").find_parent("section").get_text()


def test_story_lists_the_events_it_reports(site):
    links = site.soup("/articles/2025/s228-shuttle-opens/").select(".related-list a")
    assert [(a.get_text(), a["href"]) for a in links] == [("S228路社区接驳巴士开通首日", "../../../events/s228-opening-day/")]
