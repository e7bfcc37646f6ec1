"""Community pages over the real build: news, figures with source, first-mention links, index."""

from __future__ import annotations

import pytest

from browser import axe_violations, browser_page, served

SHIHE_STORY = "/articles/2025/shihe-grid-governance/"


def test_first_mention_links_later_mentions_do_not(site):
    body = site.soup(SHIHE_STORY).select_one(".story-body")
    links = body.select('a.community-link[href="../../../communities/shihe/"]')
    assert len(links) == 1
    assert links[0]["href"] == "../../../communities/shihe/"
    first_paragraph_with_name = next(p for p in body.select("p") if "世和社区" in p.get_text())
    assert links[0] in first_paragraph_with_name.find_all("a")
    assert body.get_text().count("世和社区") > 1


def test_no_link_inside_another_link_anywhere(site):
    for page in site.html_pages():
        assert not site.soup("/" + page.relative_to(site.root).as_posix()).select("a a"), page


def test_shihe_figures_with_source(site):
    main = site.soup("/communities/shihe/").select_one("main")
    figures = main.select_one(".figures").get_text(" ", strip=True)
    assert "3427户" in figures and "12271人" in figures
    source = main.select_one(".figures + p")
    assert source.get_text().startswith("数据来源")
    assert source.a["href"] == f"../..{SHIHE_STORY}"


def test_jinchenghuayuan_lists_the_s228_story_route_and_opening_event(site):
    main = site.soup("/communities/jinchenghuayuan/").select_one("main")
    assert main.h1.get_text() == "锦程花园社区"
    assert "S228路社区接驳巴士开通" in [a.get_text() for a in main.select(".teaser-title a")]
    assert [a["href"] for a in main.select("#routes + ul a")] == ["../../routes/s228/"]
    assert "S228路社区接驳巴士开通首日" in [a.get_text() for a in main.select("#events ~ ol .event-item-title a")]


def test_community_calendar_parses(site):
    import icalendar

    cal = icalendar.Calendar.from_ical((site.root / "communities/jinchenghuayuan/events.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["S228路社区接驳巴士开通首日"]


def test_office_page_lists_its_communities(site):
    members = [a.get_text() for a in site.soup("/communities/minghu-office/").select("#members + ul a")]
    assert members == ["世和社区", "亚太社区"]


def test_index_groups_by_office_with_counts(site):
    soup = site.soup("/communities/")
    offices = [h.get_text() for h in soup.select("main h2")]
    assert offices == ["明湖办事处", "前程办事处", "其他地点"]
    row = next(tr for tr in soup.select("tbody tr") if tr.th.get_text(" ", strip=True).startswith("世和社区"))
    assert next(td.get_text() for td in row.select("td")) == "1"


def test_article_lists_the_communities_it_mentions(site):
    names = [a.get_text() for a in site.soup(SHIHE_STORY).select(".story-footer .tag-list a")]
    assert "世和社区" in names and "明湖办事处" in names


def test_community_feed_is_absolute(site):
    feed = (site.root / "communities/shihe/feed.atom.xml").read_text(encoding="utf-8")
    assert "http://127.0.0.1:8000/articles/2025/shihe-grid-governance/" in feed


@pytest.mark.browser
@pytest.mark.parametrize("url", ["/communities/", "/communities/shihe/", "/communities/minghu-office/"])
def test_community_pages_have_no_axe_violations(site, url):
    with served(site.root) as base, browser_page() as (page, _):
        page.goto(base + url)
        assert axe_violations(page) == []


def test_ambiguous_alias_is_a_check_error_naming_both_files(tmp_path):
    import shutil

    from conftest import ROOT
    from hubtools.check import run_checks

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "communities/jc2.md").write_text(
        "---\nname: 锦程花园二期\nslug: jc2\naliases: [锦程花园]\nkind: 小区\n---\n", encoding="utf-8")
    problems, _ = run_checks(content)
    messages = [str(p) for p in problems if p.field == "aliases"]
    assert len(messages) == 1
    assert "communities/jc2.md" in messages[0] and "communities/jinchenghuayuan.md" in messages[0], messages


def test_an_organisation_lists_the_event_named_for_it(site):
    main = site.soup("/communities/liangku-center/").select_one("main")
    assert "经开区良酷志愿服务中心揭牌成立" in [a.get_text() for a in main.select("#events ~ ol .event-item-title a")]
