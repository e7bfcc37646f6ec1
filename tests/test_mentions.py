"""The route auto-link transform: what it links, what it leaves alone, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub_html.mentions import find_mentions, link_mentions, mention_linker

HREFS = {
    "S228路": "/routes/s228/",
    "S228社区接驳巴士": "/routes/s228/",
    "S228路社区接驳巴士": "/routes/s228/",
    "10路": "/routes/10/",
}
S228 = '<a class="route-link" href="/routes/s228/">{}</a>'
TEN = '<a class="route-link" href="/routes/10/">10路</a>'


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>乘S228路上班</p>", f"<p>乘{S228.format('S228路')}上班</p>"),
    ("<p>试乘S228路社区接驳巴士首班车</p>", f"<p>试乘{S228.format('S228路社区接驳巴士')}首班车</p>"),
    ("<p>S228社区接驳巴士开通</p>", f"<p>{S228.format('S228社区接驳巴士')}开通</p>"),
    # only the first mention of a route in a fragment
    ("<p>S228路好。</p><p>S228路快。</p>", f"<p>{S228.format('S228路')}好。</p><p>S228路快。</p>"),
    # two routes in one text node
    ("<p>S228路换乘10路</p>", f"<p>{S228.format('S228路')}换乘{TEN}</p>"),
    # already linked (by hand, or by an earlier run) → left as is
    ('<p><a href="/routes/s228/">S228路</a>与S228路</p>', '<p><a href="/routes/s228/">S228路</a>与S228路</p>'),
    # inside another link, a heading, code: untouched; the next mention in the body is linked
    ('<p><a href="/x/">坐S228路</a></p><p>S228路</p>',
     f'<p><a href="/x/">坐S228路</a></p><p>{S228.format("S228路")}</p>'),
    ("<h2>S228路开通</h2>", "<h2>S228路开通</h2>"),
    ("<h3><span>S228路</span></h3><p>S228路</p>", f"<h3><span>S228路</span></h3><p>{S228.format('S228路')}</p>"),
    ("<p><code>S228路</code></p>", "<p><code>S228路</code></p>"),
    ("<!-- S228路 --><p>无</p>", "<!-- S228路 --><p>无</p>"),
    # word boundaries: no match after an ASCII letter or digit
    ("<p>110路和XS228路</p>", "<p>110路和XS228路</p>"),
    ("<p>乘10路</p>", f"<p>乘{TEN}</p>"),
    # markup around the mention survives
    ("<p><strong>新开通S228路</strong>，<em>真好</em></p>",
     f"<p><strong>新开通{S228.format('S228路')}</strong>，<em>真好</em></p>"),
    ("<p>没有线路</p>", "<p>没有线路</p>"),
    ("S228路  ", f"{S228.format('S228路')}  "),  # trailing spaces survive a second run (found by hypothesis)
    ("", ""),
])
def test_link_mentions(html, expected):
    assert link_mentions(html, HREFS, "route-link") == expected
    assert link_mentions(expected, HREFS, "route-link") == expected  # idempotent


def test_no_known_routes_leaves_html_as_is():
    assert link_mentions("<p>S228路</p>", {}, "route-link") == "<p>S228路</p>"


def test_bound_linker_is_a_str_to_str_transform():
    t = mention_linker(HREFS, "route-link")
    html = "<p>S228路</p>"
    assert t(t(html)) == t(html) == f"<p>{S228.format('S228路')}</p>"


@pytest.mark.parametrize(("text", "found"), [
    ("S228路社区接驳巴士开通，换乘10路", ["/routes/s228/", "/routes/10/"]),
    ("10路 S228路 S228社区接驳巴士", ["/routes/10/", "/routes/s228/"]),
    ("110路", []),
])
def test_find_mentions(text, found):
    assert find_mentions(text, HREFS) == found


fragments = st.lists(
    st.sampled_from(["<p>", "</p>", "<h2>", "</h2>", '<a href="/x/">', "</a>", "S228路", "10路", "社区",
                     "S228社区接驳巴士", "110路", "<em>", "</em>", "&amp;", " "]),
    max_size=25,
).map("".join)


@given(fragments)
def test_idempotent_on_any_mix_of_markup(html):
    once = link_mentions(html, HREFS, "route-link")
    assert link_mentions(once, HREFS, "route-link") == once
