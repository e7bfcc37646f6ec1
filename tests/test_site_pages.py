"""The built site: pages, metadata for machines, Chinese text kept whole."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SEED = Path(__file__).parent / "fixtures" / "seed" / "000_1207179334281816.txt"
# (url, first and last line of the story in the seed, byline line excluded)
STORIES = [
    ("/articles/2025/s228-shuttle-opens/", 3, 15),
    ("/articles/2025/shihe-grid-governance/", 21, 43),
    ("/articles/2025/yatai-student-volunteers/", 47, 83),
]
HAN = re.compile(r"[\u3400-\u9fff]")
SENTENCE_END = tuple("。！？”…")


def han(text: str) -> list[str]:
    return HAN.findall(text)


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


@pytest.mark.parametrize(("url", "first", "last"), STORIES)
def test_story_keeps_every_chinese_character_in_order(site, url, first, last):
    source = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[first - 1 : last])
    page = site.soup(url).find("article")
    assert han(source), "the seed range is empty"
    assert is_subsequence(han(source), han(page.get_text())), url


@pytest.mark.parametrize(("url", "first", "last"), STORIES)
def test_story_paragraphs_end_a_sentence(site, url, first, last):
    paragraphs = site.soup(url).select(".story-body p")
    assert paragraphs
    for p in paragraphs:
        assert p.get_text().strip().endswith(SENTENCE_END), p.get_text()[-20:]


@pytest.mark.parametrize(("url", "first", "last"), STORIES)
def test_story_has_no_half_width_punctuation_in_chinese(site, url, first, last):
    body = site.soup(url).select_one(".story-body").get_text()
    assert not re.search(r"[\u3400-\u9fff][,;!?()]|[,;!?()][\u3400-\u9fff]", body)
    assert not re.search(r"[\u3400-\u9fff]:|:[\u3400-\u9fff]", body)


def test_times_and_fractions_keep_their_form(site):
    assert "6:15~20:30" in site.soup("/articles/2025/s228-shuttle-opens/").get_text()
    assert "2/3" in site.soup("/articles/2025/shihe-grid-governance/").get_text()


@pytest.mark.parametrize(
    ("url", "kicker", "title", "authors"),
    [
        ("/articles/2025/s228-shuttle-opens/", "“乘”心如意", "S228路社区接驳巴士开通", ["王赛华", "谢鹏飞"]),
        ("/articles/2025/shihe-grid-governance/", "党建引领网格化治理", "明湖办事处打造互嵌式基层服务“新样板”", ["鲁慧"]),
        ("/articles/2025/yatai-student-volunteers/", "社校育才“双向奔赴”", "“红衣”青年实践服务基层两不误", ["鲁慧"]),
    ],
)
def test_article_header(site, url, kicker, title, authors):
    soup = site.soup(url)
    assert soup.html["lang"] == "zh-CN"
    assert soup.select_one(".story-header .kicker").get_text() == kicker
    assert soup.select_one(".story-header h1").get_text() == title
    assert [a.get_text() for a in soup.select('.byline a[rel="author"]')] == authors
    time = soup.select_one(".byline time")
    assert time.get_text() == "2025年8月20日"
    assert time["datetime"] == "2025-08-20T00:00:00+08:00"


def test_photo_credit_is_shown(site):
    assert "摄影 鲁慧" in site.soup("/articles/2025/yatai-student-volunteers/").select_one(".byline").get_text(" ", strip=True)


@pytest.mark.parametrize(("url", "first", "last"), STORIES)
def test_json_ld_news_article(site, url, first, last):
    soup = site.soup(url)
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"].endswith("+08:00")
    authors = [a.get_text() for a in soup.select('.byline a[rel="author"]')]
    assert [p["name"] for p in data["author"]] == authors
    assert all(p["@type"] == "Person" for p in data["author"])
    assert data["mainEntityOfPage"] == soup.select_one('link[rel="canonical"]')["href"]


def test_open_graph_and_canonical(site):
    soup = site.soup("/articles/2025/s228-shuttle-opens/")
    assert soup.select_one('meta[property="og:type"]')["content"] == "article"
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://127.0.0.1:8000/articles/2025/s228-shuttle-opens/"
    assert "6:15" in soup.select_one('meta[name="description"]')["content"]


def test_home_lists_latest_news(site):
    soup = site.soup("/")
    titles = [a.get_text() for a in soup.select(".home-news .teaser-title a")]
    assert "S228路社区接驳巴士开通" in titles
    assert len(titles) == 3
    assert soup.select_one('a.skip-link[href="#main"]')


@pytest.mark.parametrize(
    ("url", "heading", "count"),
    [
        ("/category/transport/", "栏目：交通出行", 1),
        ("/tag/s228/", "标签：S228路", 1),
        ("/tag/minghu-office/", "标签：明湖办事处", 2),
        ("/author/lu-hui/", "记者：鲁慧", 2),
        ("/author/wang-saihua/", "记者：王赛华", 1),
        ("/archives/2025/08/", "2025年8月新闻", 3),
    ],
)
def test_listing_pages(site, url, heading, count):
    soup = site.soup(url)
    assert soup.h1.get_text() == heading
    items = soup.select(".teaser, .archive-list li")
    assert len(items) == count


def test_archives_group_by_year_and_month(site):
    soup = site.soup("/archives/")
    assert [h.get_text(strip=True) for h in soup.select("main h2")] == ["2025年"]
    assert soup.select_one("main h3").get_text(" ", strip=True).startswith("8月")


def test_about_and_404(site):
    assert site.soup("/about/").h1.get_text() == "关于本站"
    notfound = site.soup("/404.html")
    assert notfound.select_one('meta[name="robots"]')["content"] == "noindex"
    assert notfound.select_one('main a')["href"].startswith("http://127.0.0.1:8000/")


def test_feed_has_every_story(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site.root / "feeds/all.atom.xml").getroot()
    links = [e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)]
    assert sorted(links) == sorted(f"http://127.0.0.1:8000{u}" for u, _, _ in STORIES)
    cat = ET.parse(site.root / "feeds/category/transport.atom.xml").getroot()
    assert len(cat.findall("a:entry", ns)) == 1


def test_sitemap_lists_only_pages_that_exist(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [u.text for u in ET.parse(site.root / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert "http://127.0.0.1:8000/articles/2025/s228-shuttle-opens/" in urls
    assert not any("404" in u for u in urls)
    for u in urls:
        assert site.path(u.removeprefix("http://127.0.0.1:8000")).is_file(), u


def test_robots_points_to_sitemap(site):
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (site.root / "robots.txt").read_text()


def test_no_third_party_hosts(site):
    for page in site.html_pages():
        soup = site.soup("/" + page.relative_to(site.root).as_posix())
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for el in soup.find_all(tag):
                ref = el.get(attr, "")
                if tag == "link" and el.get("rel") in (["canonical"], ["alternate"]):
                    continue
                own = ref.startswith("http://127.0.0.1:8000/")  # the 404 page's absolute links
                assert own or not re.match(r"(https?:)?//", ref), f"{page}: {ref}"


def css_bytes(site, soup) -> bytes:
    href = soup.select_one('link[rel="stylesheet"]')["href"]
    return (site.root / "theme" / "css" / Path(href).name).read_bytes()


@pytest.mark.parametrize("url", ["/", *[u for u, _, _ in STORIES]])
def test_html_and_css_fit_one_round_trip(site, url):
    html = site.path(url).read_bytes()
    size = len(gzip.compress(html, 9)) + len(gzip.compress(css_bytes(site, site.soup(url)), 9))
    assert size < 14 * 1024, f"{url}: {size} bytes gzipped"
