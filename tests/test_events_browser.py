"""Event pages in real Chromium: axe-core finds nothing, nothing scrolls sideways on a phone."""

from __future__ import annotations

import pytest

from browser import axe_violations, browser_page, served

pytestmark = pytest.mark.browser

PAGES = [
    "/events/monthly-clinic/",  # a series: next dates, exdates, 加入日历
    "/events/liangku-centre-opening/",  # a day without a published time
    "/events/yatai-chorus-rehearsals/",  # no date at all
    "/events/",  # the index
    "/events/community/shihe/",  # one community
    "/events/2025/08/",  # the month calendar grid
    "/",  # home page with its upcoming-events block
]


def test_event_pages_have_no_axe_violations_and_fit_a_phone(series_site):
    with served(series_site.root) as base, browser_page() as (page, traffic):
        for url in PAGES:
            page.goto(base + url)
            assert axe_violations(page) == [], url
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{url} scrolls sideways"
        assert traffic.console_errors == [] and traffic.page_errors == []
        assert traffic.hosts == {"127.0.0.1"}, traffic.hosts


def test_month_view_reads_as_a_table_and_links_to_the_event(series_site):
    with served(series_site.root) as base, browser_page(javascript=False) as (page, _):
        page.goto(base + "/events/2025/08/")
        table = page.get_by_role("table", name="2025年8月活动月历")
        assert table.get_by_role("columnheader").count() == 7
        table.get_by_role("link", name="S228路社区接驳巴士开通首日").click()
        page.wait_for_url("**/events/s228-opening-day/")
        assert page.get_by_role("heading", level=1).inner_text() == "S228路社区接驳巴士开通首日"


def test_community_filter_works_without_javascript(series_site):
    with served(series_site.root) as base, browser_page(javascript=False) as (page, _):
        page.goto(base + "/events/")
        page.get_by_role("navigation", name="按社区查看活动").get_by_role("link", name="世和社区").click()
        page.wait_for_url("**/events/community/shihe/")
        assert page.get_by_role("heading", level=1).inner_text() == "世和社区活动"
        assert page.get_by_role("link", name="世和社区暖心义诊（测试用）").count() == 1
