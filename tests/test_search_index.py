"""The Pagefind index: in shards, refreshed shard by shard, searchable pages only, without the stock UIs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hubtools.build import SearchRefreshError, index_search
from hubtools.search_index import (
    BUNDLE,
    MANIFEST,
    PAGEFIND,
    SITE_SHARD,
    UNUSED_FILES,
    SearchIndexError,
    build_bundle,
    command,
    exchange,
    indexed_count,
    plan_shards,
    refresh,
    shard_of,
)

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>导航 首页 公交</nav><main>{main}</main><footer>页脚</footer></body></html>"""


def write(root: Path, rel: str, title: str, main: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, main=main), encoding="utf-8")


def test_command_forces_one_chinese_index():
    cmd = command(Path("/site"), Path("/out"), Path("/bin/pagefind"))
    assert cmd[cmd.index("--force-language") + 1] == "zh-cn"
    assert cmd[cmd.index("--output-path") + 1] == "/out"


@pytest.mark.parametrize(("rel", "shard"), [
    ("articles/2025/s228-shuttle-opens/index.html", "2025"),
    ("articles/2016/a/index.html", "2016"),
    ("routes/s228/index.html", SITE_SHARD),
    ("events/x/index.html", SITE_SHARD),
    ("about/index.html", SITE_SHARD),
    ("articles/index.html", SITE_SHARD),
    ("articles/drafts/x/index.html", SITE_SHARD),
])
def test_stories_shard_by_year_and_the_rest_goes_to_site(rel, shard):
    assert shard_of(rel) == shard


def test_shards_order_site_first_then_newest_year_and_split_big_years():
    pages = [f"articles/2024/{i:02d}/index.html" for i in range(5)] + ["articles/2025/a/index.html",
                                                                       "routes/s1/index.html"]
    shards = plan_shards(pages, limit=2)
    assert list(shards) == ["site", "2025", "2024-1", "2024-2", "2024-3"]
    assert shards["2024-1"] == ["articles/2024/00/index.html", "articles/2024/01/index.html"]
    assert sum(len(v) for v in shards.values()) == len(pages)
    assert list(plan_shards(pages, limit=5)) == ["site", "2025", "2024"]


def body(kind: str, text: str) -> str:
    return f'<article data-pagefind-body data-pagefind-filter="type:{kind}">{text}</article>'


def marked(tmp_path: Path) -> Path:
    write(tmp_path, "articles/2025/a/index.html", "甲", body("新闻", "锦程花园"))
    write(tmp_path, "articles/2024/b/index.html", "丙", body("新闻", "世和社区"))
    write(tmp_path, "routes/b/index.html", "乙", body("公交", "S228路"))
    write(tmp_path, "index.html", "首页", "<p>列表页不进索引</p>")
    write(tmp_path, "elder/routes/b/index.html", "乙", '<article data-pagefind-body>S228路</article>')
    return tmp_path


def test_indexes_marked_bodies_in_shards_without_the_stock_ui(tmp_path):
    site = marked(tmp_path / "site")
    report = refresh(site)
    assert report.built == ("site", "2025", "2024") and report.kept == () and report.pages == 3
    bundle = site / BUNDLE
    manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["bundles"] == ["site", "2025", "2024"]
    for name, count in (("site", 1), ("2025", 1), ("2024", 1)):
        assert (bundle / name / "pagefind.js").is_file() and indexed_count(bundle / name) == count
        assert not [f for f in UNUSED_FILES if (bundle / name / f).exists()]
    assert any((bundle / "site" / "filter").iterdir()), "the type filter was not written"
    assert not list(site.parent.glob(".search-*")), "the working folder is cleaned up"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_refresh_reindexes_only_the_shard_whose_page_changed(tmp_path):
    site = marked(tmp_path / "site")
    refresh(site)
    before = _files(site / BUNDLE / "2024")
    write(site, "articles/2025/a/index.html", "甲", '<article data-pagefind-body>锦程花园 更正</article>')
    report = refresh(site)
    assert report.built == ("2025",) and set(report.kept) == {"site", "2024"}
    after = _files(site / BUNDLE / "2024")
    assert after == before
    assert refresh(site).built == ()


def test_shards_indexed_side_by_side_equal_shards_indexed_one_by_one(tmp_path):
    site = marked(tmp_path / "site")
    build_bundle(site, tmp_path / "serial", workers=1)
    build_bundle(site, tmp_path / "parallel", workers=2)
    assert _files(tmp_path / "parallel") == _files(tmp_path / "serial")


def test_one_failing_shard_fails_the_refresh_and_keeps_the_live_bundle(tmp_path):
    site = marked(tmp_path / "site")
    refresh(site)
    live = _files(site / BUNDLE)
    # A Pagefind that fails on the 2024 shard only, while the other shards are indexed beside it.
    fake = tmp_path / "pagefind"
    fake.write_text(f'#!/bin/sh\nif [ -d "$2/articles/2024" ]; then echo broken >&2; exit 3; fi\nexec {PAGEFIND} "$@"\n')
    fake.chmod(0o755)
    write(site, "articles/2025/a/index.html", "甲", '<article data-pagefind-body>锦程花园 更正</article>')
    write(site, "articles/2024/b/index.html", "丙", '<article data-pagefind-body>世和社区 更正</article>')
    with pytest.raises(SearchIndexError, match=r"pagefind failed \(3\): broken"):
        refresh(site, fake)
    assert _files(site / BUNDLE) == live
    assert not list(site.parent.glob(".search-*")), "the working folder is cleaned up"


def test_a_damaged_manifest_means_a_full_reindex(tmp_path):
    site = marked(tmp_path / "site")
    refresh(site)
    (site / BUNDLE / MANIFEST).write_text("{", encoding="utf-8")
    assert refresh(site).built == ("site", "2025", "2024")


def test_a_theme_that_forgets_the_body_mark_fails_the_build(tmp_path):
    # Pagefind would then index every whole page (menus and footers included): refuse that.
    write(tmp_path, "a/index.html", "甲", "<p>正文</p>")
    with pytest.raises(SearchIndexError, match="data-pagefind-body"):
        refresh(tmp_path)
    with pytest.raises(SearchRefreshError, match=r"search index was not refreshed.*data-pagefind-body"):
        index_search(tmp_path)


def test_missing_pagefind_says_how_to_install(tmp_path):
    with pytest.raises(SearchIndexError, match="npm ci"):
        refresh(marked(tmp_path / "site"), tmp_path / "no-pagefind")


def test_exchange_swaps_two_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x").write_text("b")
    exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "x").read_text() == "b" and (tmp_path / "b" / "x").read_text() == "a"


def test_built_site_indexes_exactly_the_stories(site):
    stories = list((site.root / "articles").glob("*/*/index.html"))
    routes = list((site.root / "routes").glob("*/index.html")) if (site.root / "routes").exists() else []
    events = list((site.root / "events").glob("*/index.html")) if (site.root / "events").exists() else []
    bundle = site.root / BUNDLE
    names = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))["bundles"]
    assert names[0] == SITE_SHARD and "2025" in names
    assert indexed_count(bundle / "2025") == len(stories)
    communities = list((site.root / "communities").glob("*/index.html"))
    assert communities and len(routes) + len(events) + len(communities) <= indexed_count(bundle / SITE_SHARD)
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


def test_community_page_is_searchable_by_its_own_text_only(site):
    soup = site.soup("/communities/jinchenghuayuan/")
    (body,) = soup.select("[data-pagefind-body]")
    assert body.get("data-pagefind-filter") == "type:社区" and "锦程花园" in body.find("h1").get_text()
    # Its lists of stories, routes and events name other pages: those pages are what a search finds.
    related = body.select("section[aria-labelledby]")
    assert related and all(section.has_attr("data-pagefind-ignore") for section in related)
