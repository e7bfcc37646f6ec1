"""Readers in headless Debian Chromium: axe on every page type, search, 长辈版, 朗读, keyboard only.

One browser per module (starting Chromium is the slow part on a shared 2-core machine); every test
gets a fresh context, so localStorage never leaks from one test into another.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from browser import AXE, CHROMIUM, CHROMIUM_ARGS, PHONE
from page_types import page_types

pytestmark = pytest.mark.browser

ARTICLE = "/articles/2025/s228-shuttle-opens/"
STANDARD_ARTICLE = re.compile(r"^http://[^/]+" + re.escape(ARTICLE) + "$")  # not its /elder/ twin
VOLUNTEERS = "/articles/2025/yatai-student-volunteers/"
ROUTE = "/routes/s228/"
COMMUNITY = "/communities/jinchenghuayuan/"
VOLUNTEER_EVENT = "/events/liangku-centre-opening/"
VOLUNTEER_CENTRE = "/communities/liangku-center/"
# query → (the page that must come first or None, pages that must fill the top places when built)
QUERIES = {
    "公交": (ARTICLE, [ARTICLE]),
    # the volunteer centre's own page (志愿 in its name) and its opening; the story follows
    "志愿": (None, [VOLUNTEER_CENTRE, VOLUNTEER_EVENT]),
    "锦程花园": (COMMUNITY, [COMMUNITY, ARTICLE, ROUTE]),  # its own page first, then the story and the line
    "S228": (None, [ARTICLE, ROUTE]),
}
TARGET = 60  # px: the elder version's minimum for buttons and navigation links


@pytest.fixture(scope="module")
def site(live_site):
    return live_site[0]


@pytest.fixture(scope="module")
def base(live_site):
    return live_site[1]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_page(browser, javascript=True, speech=True, scheme="light"):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, locale="zh-CN", color_scheme=scheme,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    if not speech:
        page.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def axe(page, rules=None) -> list[dict]:
    # Through the DevTools protocol, not a <script> tag: the pages' CSP forbids inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
    result = page.evaluate("async (o) => (await axe.run(document, {runOnly: o})).violations", run_only)
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result]


def search(page, base, query, **params):
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    page.goto(f"{base}/search/?q={query}{extra}")
    expect(page.locator("[data-search-status]")).to_have_text(re.compile("结果|没有|无法"))
    return page.eval_on_selector_all(".search-results h2 a", "els => els.map(a => new URL(a.href).pathname)")


def test_axe_on_every_page_type(site, base, browser):
    types = page_types(site.root)
    assert {"home", "article", "search", "category", "tag", "author", "archives", "elder-article"} <= set(types)
    page, errors = new_page(browser)
    found = {}
    for name, url in types.items():
        page.goto(base + url)
        if name == "search":
            search(page, base, "锦程花园")  # with results on screen
        violations = axe(page)
        if violations:
            found[name] = violations
    assert found == {}
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_in_elder_mode_meets_enhanced_contrast(site, base, browser, scheme):
    """7:1 (WCAG AAA 1.4.6) on every page type in the elder mirror, in both colour schemes."""
    page, _ = new_page(browser, scheme=scheme)
    failures = {}
    for name, url in page_types(site.root).items():
        if name == "404":
            continue
        page.goto(base + "/elder" + url if not url.startswith("/elder/") else base + url)
        violations = axe(page, ["color-contrast-enhanced", "color-contrast", "target-size"])
        if violations:
            failures[name] = violations
    assert failures == {}


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_the_right_pages_first(site, base, browser, query):
    first, top = QUERIES[query]
    top = [u for u in top if (site.root / u.strip("/") / "index.html").exists()]  # routes/events once built
    page, errors = new_page(browser)
    urls = search(page, base, query)
    if first:
        assert urls and urls[0] == first, urls
    assert set(urls[:len(top)]) == set(top), urls
    assert page.locator(".search-results mark").count() > 0, "excerpts highlight the hit"
    assert errors == []


def test_search_in_elder_mode_stays_in_elder_mode(base, browser):
    page, _ = new_page(browser)
    page.goto(base + "/elder/search/?q=S228")
    expect(page.locator("[data-search-status]")).to_contain_text("结果")
    page.locator(".search-results a").first.click()
    page.wait_for_url("**/elder" + ARTICLE)


@pytest.mark.parametrize("query", ["志愿", "李大爷", "首末班"])
def test_chinese_words_inside_running_text_are_found(base, browser, query):
    """Proof that the index segments Chinese: each word occurs in the S228 story only mid-sentence
    (“郑州公交志愿服务队成员”, “社区居民李大爷开心地说”, “新线路首末班时间”), never space-delimited."""
    page, _ = new_page(browser)
    assert ARTICLE in search(page, base, query)


def test_search_filters_by_type_and_category(site, base, browser):
    page, _ = new_page(browser)
    assert search(page, base, "志愿", type="新闻", category="志愿服务") == [VOLUNTEERS]
    volunteering = set(search(page, base, "志愿", category="志愿服务"))
    assert volunteering == {VOLUNTEERS} | ({VOLUNTEER_EVENT} if (site.root / "events").exists() else set())
    assert all(u.startswith("/articles/") for u in search(page, base, "志愿", type="新闻"))
    for kind, prefix in (("公交", "/routes/"), ("活动", "/events/")):
        found = search(page, base, "公交", type=kind)
        assert all(u.startswith(prefix) for u in found), found
        assert bool(found) == (site.root / prefix.strip("/")).exists(), found
    if (site.root / "communities").exists():  # a community is found by its name, under its own type
        assert search(page, base, "锦程花园", type="社区") == [COMMUNITY]
    # the filters are a labelled radio group and a labelled select, and they rerun the search
    page.get_by_role("radio", name="新闻").check()
    expect(page.locator("[data-search-status]")).to_contain_text("结果")
    assert "type=%E6%96%B0%E9%97%BB" in page.url


def test_search_keyboard_only_end_to_end(base, browser):
    page, _ = new_page(browser)
    page.goto(base + "/search/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    for _ in range(3):  # from <main>: into the form
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("锦程花园")
    page.keyboard.press("Enter")
    expect(page.locator("[data-search-status]")).to_contain_text("结果")
    first = page.locator(".search-results a").first
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-results') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent") == first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + COMMUNITY)  # the first result for 锦程花园 is its own page
    assert page.get_by_role("heading", level=1).inner_text() == "锦程花园社区"


def test_search_without_javascript_says_how_to_browse(base, browser):
    page, _ = new_page(browser, javascript=False)
    page.goto(base + "/search/")
    assert "需要浏览器开启 JavaScript" in page.inner_text("main")
    for name in ("按栏目", "按标签", "按日期", "公交线路", "社区活动"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.get_by_role("link", name="按栏目").click()
    assert page.url.endswith("/category/")


def measure_targets(page) -> list[dict]:
    """Every visible button and navigation link (inline links in running text aside), measured."""
    return page.evaluate("""() => [...document.querySelectorAll('button, [role=button], nav a, .elder-toggle')]
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
        .map(el => { const r = el.getBoundingClientRect();
                     return {text: el.textContent.trim(), w: r.width, h: r.height}; })""")


def elder_measurements(page) -> dict:
    return page.evaluate("""() => { const p = document.querySelector('.story-body p') || document.querySelector('main p');
        const s = getComputedStyle(p);
        return {font: parseFloat(s.fontSize), line: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
                elder: document.documentElement.classList.contains('elder')}; }""")


def test_elder_toggle_one_tap_measured_and_remembered(site, base, browser):
    page, errors = new_page(browser)
    page.goto(base + ARTICLE)
    before = elder_measurements(page)
    assert not before["elder"] and before["font"] >= 18
    page.get_by_role("link", name="长辈版").tap()
    page.wait_for_url("**/elder" + ARTICLE)
    after = elder_measurements(page)
    assert after["elder"] and after["font"] >= 22 and after["line"] >= 1.8, after
    small = [t for t in measure_targets(page) if t["w"] < TARGET or t["h"] < TARGET]
    assert small == [], small
    assert page.locator(".secondary").count() > 0
    assert page.locator(".secondary").evaluate_all("els => els.every(e => !e.getClientRects().length)"), \
        "secondary blocks are hidden"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "single column, no sideways scroll"
    # the choice is remembered: standard addresses of every page type lead to elder pages
    for name, url in page_types(site.root).items():
        if url.startswith("/elder/"):
            continue
        page.goto(base + url)
        if name != "404":
            page.wait_for_url("**/elder" + url.removesuffix("index.html"))
        expect(page.locator("html.elder")).to_have_count(1)
        small = [t for t in measure_targets(page) if t["w"] < TARGET or t["h"] < TARGET]
        assert small == [], (name, small)
    page.goto(base + "/search/?q=S228")
    page.wait_for_url("**/elder/search/?q=S228")
    page.goto(base + "/elder" + ARTICLE)
    page.get_by_role("link", name="标准版").click()
    page.wait_for_url(STANDARD_ARTICLE)
    page.reload()
    assert "/elder/" not in page.url and not elder_measurements(page)["elder"]
    assert errors == []


def test_elder_mode_without_javascript(base, browser):
    page, _ = new_page(browser, javascript=False)
    page.goto(base + ARTICLE)
    page.get_by_role("link", name="长辈版").click()
    page.wait_for_url("**/elder" + ARTICLE)
    m = elder_measurements(page)
    assert m["elder"] and m["font"] >= 22 and m["line"] >= 1.8, m
    small = [t for t in measure_targets(page) if t["w"] < TARGET or t["h"] < TARGET]
    assert small == [], small
    # following links keeps elder mode: the mirror's relative links stay inside it
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="归档").click()
    page.wait_for_url("**/elder/archives/")
    page.get_by_role("link", name="S228路社区接驳巴士开通").click()
    page.wait_for_url("**/elder" + ARTICLE)
    assert elder_measurements(page)["elder"]
    page.get_by_role("link", name="标准版").click()
    page.wait_for_url(STANDARD_ARTICLE)
    assert "/elder/" not in page.url and not elder_measurements(page)["elder"]


def test_keyboard_through_header_and_elder_toggle_with_visible_focus(base, browser):
    page, _ = new_page(browser)
    page.goto(base + ARTICLE)
    seen = []
    for _ in range(10):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(r"""() => { const el = document.activeElement, s = getComputedStyle(el);
            return {text: el.textContent.replace(/\s+/g, ''),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""))
    names = [s["text"] for s in seen]
    assert names[:4] == ["跳到正文", "社区新闻汇经开区社区新闻、公交线路与活动", "长辈版", "新闻"], names
    assert all(s["outline"] for s in seen), [s for s in seen if not s["outline"]]
    # back to the toggle: Enter opens the elder page, where three Tabs reach 标准版 again
    while page.evaluate("document.activeElement.textContent") != "长辈版":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/elder" + ARTICLE)
    assert elder_measurements(page)["elder"]
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "标准版"
    page.keyboard.press("Enter")
    page.wait_for_url(STANDARD_ARTICLE)
    assert not elder_measurements(page)["elder"]


def test_read_aloud_controls(base, browser):
    page, errors = new_page(browser)
    page.goto(base + ARTICLE)
    group = page.get_by_role("group", name="朗读")
    play = group.get_by_role("button", name="朗读全文")
    expect(play).to_be_visible()
    expect(group.get_by_role("button", name="停止")).to_be_hidden()
    play.click()
    expect(group.get_by_role("button", name="暂停")).to_be_visible()
    group.get_by_role("button", name="暂停").click()
    expect(group.get_by_role("button", name="继续朗读")).to_be_visible()
    group.get_by_role("button", name="停止").click()
    expect(play).to_be_visible()
    assert page.evaluate("speechSynthesis.speaking") is False
    assert errors == []


def test_read_aloud_hidden_where_unsupported_and_only_on_stories(base, browser):
    page, _ = new_page(browser, speech=False)
    page.goto(base + ARTICLE)
    assert page.locator(".readaloud button").count() == 0
    page, _ = new_page(browser)
    page.goto(base + "/")
    assert page.locator(".readaloud button").count() == 0


@pytest.mark.parametrize(("voices", "shown"), [("[]", True), ("[{lang: 'zh-CN'}]", True), ("[{lang: 'cmn-Hans-CN'}]", True),
                                               ("[{lang: 'en-US'}, {lang: 'de-DE'}]", False)])
def test_read_aloud_needs_a_chinese_voice_when_the_system_lists_voices(base, browser, voices, shown):
    # Headless Chromium lists no voices; the system's list is set here, before the page's scripts run.
    page, _ = new_page(browser)
    page.add_init_script(f"speechSynthesis.getVoices = () => {voices};")
    page.goto(base + ARTICLE)
    button = page.get_by_role("button", name="朗读全文")
    if shown:
        expect(button).to_be_visible()
    else:
        expect(button).to_be_hidden()


def test_search_works_under_a_sub_path(site, browser, tmp_path):
    """Deployed at https://host/news-hub/: the bundle and the result links follow the sub-path."""
    from browser import served

    (tmp_path / "news-hub").symlink_to(site.root, target_is_directory=True)
    with served(tmp_path) as origin:
        page, errors = new_page(browser)
        page.goto(f"{origin}/news-hub/search/?q=S228")
        expect(page.locator("[data-search-status]")).to_contain_text("结果")
        hrefs = page.eval_on_selector_all(".search-results a", "els => els.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("/news-hub/") for h in hrefs), hrefs
        page.locator(".search-results a").first.click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("S228")
        assert errors == []
