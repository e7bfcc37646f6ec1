"""The alias table and the entity linker: tables of cases, plus properties."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from hub_communities.aliases import AliasTable, Entity
from hub_html.mentions import link_mentions

JC = Entity("community:jinchenghuayuan", "锦程花园社区", "communities/jinchenghuayuan.md", "c/jc.md",
            ("锦程花园社区", "锦程花园", "锦程花园小区"))
SH = Entity("community:shihe", "世和社区", "communities/shihe.md", "c/sh.md", ("世和社区",))
MH = Entity("community:minghu-office", "明湖办事处", "communities/minghu-office.md", "c/mh.md", ("明湖办事处",))
S228 = Entity("route:s228", "S228", "routes/s228.md", "r/s228.md", ("S228路", "S228社区接驳巴士", "S228"))
TABLE, PROBLEMS = AliasTable.build([JC, SH, MH, S228])


def link_entities(html, table):
    """What the site does: routes first (hub_routes), then communities (hub_communities)."""
    return link_mentions(link_mentions(html, table.hrefs("route"), "route-link"), table.hrefs("community"),
                         "community-link")


def test_table_has_no_conflicts():
    assert PROBLEMS == []


def test_ambiguous_alias_names_both_files():
    other = Entity("community:jc2", "锦程花园二期", "communities/jc2.md", "c/jc2.md", ("锦程花园",))
    _, problems = AliasTable.build([JC, other])
    assert len(problems) == 1
    assert problems[0].path == "c/jc2.md" and "c/jc.md" in problems[0].problem and "'锦程花园'" in problems[0].problem


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("经开区锦程花园社区居民李大爷", ["锦程花园社区"]),  # longest alias wins
        ("为锦程花园、河南通途产业园", ["锦程花园"]),
        ("试乘S228路社区接驳巴士首班车", ["S228路"]),
        ("新开通S228社区接驳巴士。", ["S228社区接驳巴士"]),
        ("S2280路和AS228都不是", []),  # not inside a longer Latin/digit run
        ("明湖办事处世和社区", ["明湖办事处", "世和社区"]),
    ],
)
def test_mentions(text, found):
    assert [text[s:e] for s, e, _ in TABLE.mentions(text)] == found


def links(html):
    return [(a["href"], a.get_text()) for a in BeautifulSoup(html, "html.parser").select("a.route-link, a.community-link")]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # first mention only
        ("<p>世和社区是混合型社区。世和社区将继续。</p>", [("{filename}/communities/shihe.md", "世和社区")]),
        # never inside links, headings or the byline
        ('<h2>世和社区</h2><p><a href="x">世和社区</a></p><p class="byline">世和社区</p>', []),
        # the first linkable mention wins even when an earlier one sits in a heading
        ("<h2>世和社区</h2><p>走进世和社区。</p>", [("{filename}/communities/shihe.md", "世和社区")]),
        # several entities in one text node, order kept
        ("<p>明湖办事处世和社区、锦程花园</p>", [
            ("{filename}/communities/minghu-office.md", "明湖办事处"),
            ("{filename}/communities/shihe.md", "世和社区"),
            ("{filename}/communities/jinchenghuayuan.md", "锦程花园"),
        ]),
        ("<p>试乘S228路社区接驳巴士</p>", [("{filename}/routes/s228.md", "S228路")]),
    ],
)
def test_link_entities(html, expected):
    assert links(link_entities(html, TABLE)) == expected


def test_text_is_kept_exactly():
    html = "<p>经开区锦程花园社区居民<em>李大爷</em>说：“世和社区好！”</p><!-- 世和社区 -->"
    out = link_entities(html, TABLE)
    strip = lambda h: BeautifulSoup(h, "html.parser").get_text()  # noqa: E731
    assert strip(out) == strip(html)
    assert "<!-- 世和社区 -->" in out


WORDS = st.sampled_from(["锦程花园", "锦程花园社区", "世和社区", "明湖办事处", "S228路", "S2280", "，", "。", "居民",
                         "<a href='x'>世和社区</a>", "<h3>明湖办事处</h3>", "<em>S228</em>"])


@given(st.lists(WORDS, max_size=12).map(lambda ws: "<p>" + "".join(ws) + "</p>"))
def test_linking_is_idempotent_and_never_nests_links(html):
    once = link_entities(html, TABLE)
    assert link_entities(once, TABLE) == once
    soup = BeautifulSoup(once, "html.parser")
    assert not soup.select("a a")
    assert soup.get_text() == BeautifulSoup(html, "html.parser").get_text()
    hrefs = [a["href"] for a in soup.select("a.route-link, a.community-link")]
    assert len(hrefs) == len(set(hrefs))
    assert all(re.match(r"\{filename\}/", h) for h in hrefs)
