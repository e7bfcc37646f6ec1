"""Route page and /routes/ in real Chromium: axe-core, no sideways scrolling on a phone."""

from __future__ import annotations

import pytest

from browser import axe_violations, browser_page, served

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", ["/routes/s228/", "/routes/"])
def test_route_pages_pass_axe_on_a_phone(site, url):
    with served(site.root) as base, browser_page() as (page, traffic):
        page.goto(base + url)
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways"
        assert traffic.console_errors == [] and traffic.page_errors == []


def test_served_place_jumps_to_the_reverse_index(site):
    with served(site.root) as base, browser_page() as (page, _):
        page.goto(base + "/routes/s228/")
        page.get_by_role("link", name="锦程花园", exact=True).click()
        page.wait_for_url("**/routes/#place-jinchenghuayuan")
        assert page.evaluate("document.querySelector(':target dt').textContent") == "锦程花园"
