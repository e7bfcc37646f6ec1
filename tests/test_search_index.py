"""The Pagefind index: built over the staged site, articles only, verified, without the stock UIs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubtools.build import BuildError, finish
from hubtools.search_index import BUNDLE, UNUSED_FILES, SearchIndexError, build_index, command, indexed_count

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>导航 首页 公交</nav><main>{main}</main><footer>页脚</footer></body></html>"""


def write(root: Path, rel: str, title: str, main: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, main=main), encoding="utf-8")


def test_command_forces_one_chinese_index():
    cmd = command(Path("/site"), Path("/bin/pagefind"))
    assert cmd[cmd.index("--force-language") + 1] == "zh-cn"
    assert cmd[cmd.index("--output-subdir") + 1] == BUNDLE


def test_indexes_only_marked_bodies_and_drops_the_stock_ui(tmp_path):
    write(tmp_path, "a/index.html", "甲", '<article data-pagefind-body data-pagefind-filter="type:新闻">锦程花园</article>')
    write(tmp_path, "b/index.html", "乙", '<article data-pagefind-body data-pagefind-filter="type:公交">S228路</article>')
    write(tmp_path, "index.html", "首页", "<p>列表页不进索引</p>")
    assert build_index(tmp_path) == 2
    bundle = tmp_path / BUNDLE
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert not [name for name in UNUSED_FILES if (bundle / name).exists()]
    assert any((bundle / "filter").iterdir()), "the type filter was not written"


def test_a_theme_that_forgets_the_body_mark_fails_the_build(tmp_path):
    # Pagefind would then index every whole page (menus and footers included): refuse that.
    write(tmp_path, "a/index.html", "甲", "<p>正文</p>")
    with pytest.raises(BuildError, match="data-pagefind-body"):
        finish(tmp_path)


def test_missing_pagefind_says_how_to_install(tmp_path):
    with pytest.raises(SearchIndexError, match="npm ci"):
        build_index(tmp_path, tmp_path / "no-pagefind")


def test_built_site_indexes_exactly_the_stories(site):
    stories = list((site.root / "articles").glob("*/*/index.html"))
    routes = list((site.root / "routes").glob("*/index.html")) if (site.root / "routes").exists() else []
    events = list((site.root / "events").glob("*/index.html")) if (site.root / "events").exists() else []
    count = indexed_count(site.root)
    assert len(stories) <= count <= len(stories) + len(routes) + len(events)
    assert not (site.root / "elder" / BUNDLE).exists(), "the elder mirror must not get its own index"


@pytest.mark.parametrize("url", ["/", "/category/transport/", "/tag/s228/", "/archives/", "/about/", "/search/"])
def test_lists_are_not_indexed(site, url):
    assert "data-pagefind-body" not in site.text(url)


def test_story_body_mark_holds_the_story_and_no_site_chrome(site):
    soup = site.soup("/articles/2025/s228-shuttle-opens/")
    (body,) = soup.select("[data-pagefind-body]")
    assert body.name == "article" and body.get("data-pagefind-filter") == "type:新闻"
    assert body.find("h1").get_text() == "S228路社区接驳巴士开通"
    assert not body.select("header.site-header, nav.site-nav, footer.site-footer")
    assert body.select_one('[data-pagefind-filter="category"]').get_text() == "交通出行"
    assert body.select_one("nav.prev-next").has_attr("data-pagefind-ignore")
