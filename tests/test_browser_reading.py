"""A reader on a phone: home page, tap a story, read it. Real Chromium, real axe-core."""

from __future__ import annotations

import pytest

from browser import axe_violations, browser_page, served

pytestmark = pytest.mark.browser


def test_phone_reader_home_to_article(site):
    with served(site.root) as base, browser_page() as (page, traffic):
        page.goto(base + "/")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "home page scrolls sideways"
        page.get_by_role("link", name="S228路社区接驳巴士开通", exact=True).click()
        page.wait_for_url("**/articles/2025/s228-shuttle-opens/")
        assert page.get_by_role("heading", level=1).inner_text() == "S228路社区接驳巴士开通"
        assert axe_violations(page) == []
        body_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.story-body p')).fontSize)")
        assert body_size >= 18
        assert traffic.console_errors == [] and traffic.page_errors == []
        assert traffic.hosts == {"127.0.0.1"}, traffic.hosts


def test_keyboard_skip_link_reaches_main(site):
    with served(site.root) as base, browser_page() as (page, _):
        page.goto(base + "/articles/2025/shihe-grid-governance/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0, "skip link stays hidden"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"


def test_readable_without_javascript(site):
    with served(site.root) as base, browser_page(javascript=False) as (page, _):
        page.goto(base + "/")
        page.get_by_role("link", name="明湖办事处打造互嵌式基层服务“新样板”").click()
        assert "3427户" in page.inner_text("main")


def test_content_security_policy_blocks_what_slipped_through(site, tmp_path):
    """Defence in depth: even markup injected after the build can neither run nor load from elsewhere."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    home = copy / "index.html"
    injected = ('<script>window.pwned = 1</script><img src="https://tracker.invalid/x.png" alt="x">'
                '<img src="x.png" alt="y" onerror="window.pwned = 2">')
    home.write_text(home.read_text(encoding="utf-8").replace("</main>", injected + "</main>"), encoding="utf-8")
    with served(copy) as base, browser_page() as (page, traffic):
        page.goto(base + "/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.pwned") is None  # neither the inline script nor the onerror= ran
        refused = [e for e in traffic.console_errors if "Content Security Policy" in e]
        assert any("inline script" in e for e in refused), traffic.console_errors
        # Chromium announces the request, then refuses it before it leaves the machine.
        assert any("tracker.invalid" in e and "img-src" in e for e in refused), traffic.console_errors
