"""The sanitiser's string path (serialise_clean) gives what its parser path gives, or declines."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown import Markdown

from conftest import ROOT
from hub_content.frontmatter import parse_document
from hub_html.rawcheck import MARKDOWN_EXTENSIONS
from hub_html.sanitize import sanitize, sanitize_parsed, serialise_clean
from test_fuzz import HTML

MANY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>锦程花园</p>", "<p>锦程花园</p>"),
    ('<a href="/x/" class="b  a" title="t">x</a>', '<a class="b a" href="/x/" title="t">x</a>'),  # sorted, one space
    ('<img src="a.png" alt="图">', '<img alt="图" src="a.png"/>'),
    ("<p>一<br>二<br />三</p>", "<p>一<br/>二<br/>三</p>"),
    ("<details open><summary>更多</summary></details>", '<details open=""><summary>更多</summary></details>'),
    ("<p>a &amp; b &gt; c &quot; d &copy; &#106;</p>", '<p>a &amp; b &gt; c " d © j</p>'),
    ('<a href="?a=1&amp;b=2">x</a>', '<a href="?a=1&amp;b=2">x</a>'),
    ("<p>\n\n  </p>\n\n<pre><code>\n\n</code></pre>", "<p>\n</p>\n<pre><code>\n\n</code></pre>"),
    ('<td colspan="2">x</td>', '<td colspan="2">x</td>'),
    ("", ""),
])
def test_serialises_as_the_parser_does(html, expected):
    assert serialise_clean(html) == expected
    assert sanitize_parsed(html) == expected


@pytest.mark.parametrize("html", [
    "<p><b><i>x</b></i></p>",  # misnested: the tree builder repairs it
    "<p>unclosed",
    "</p>stray end tag",
    "<P>upper case</P>",
    '<a HREF="/x/">x</a>',
    '<a href="javascript:alert(1)">x</a>',  # refused URL
    '<p onclick="x()">x</p>',  # refused attribute
    "<video></video>",  # refused tag
    "<unknown>x</unknown>",
    '<img src="a.png">',  # the parser path adds alt=""
    '<img alt="x" src="">',  # the parser path drops it
    '<p title="a&quot;b">x</p>',  # BeautifulSoup switches to single quotes
    '<p id="a" id="b">x</p>',  # duplicate attribute
    "<span/>",  # self-closing non-void element
    "<br></br>",
    "<!-- comment --><p>x</p>",
    "<script>x</script>",
    "<p>1 < 2</p>",
])
def test_declines_what_the_parser_changes(html):
    assert serialise_clean(html) is None
    assert sanitize(html) == sanitize_parsed(html)


ATTRIBUTES = st.sampled_from([
    "", ' class="note"', ' class="a  b"', ' class=" a"', ' id="x"', " title", ' title="a &amp; b"', ' title="&quot;"',
    ' href="/x/"', ' href="https://example.org/?a=1&amp;b=2"', ' href="javascript:x"', ' onclick="x"', ' lang="zh"',
    ' colspan="2"', ' src="a.png"', ' alt=""', ' alt="图"', ' open', ' rel="a  b"', ' CLASS="x"', ' data-x="1"',
])
TEXT = st.text(alphabet=st.sampled_from("锦程花园，。 \n\t&;#<>ab1\"'"), max_size=8).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
TAGS = st.sampled_from(["p", "a", "em", "strong", "span", "div", "pre", "code", "table", "tr", "td", "li", "ul",
                        "h2", "abbr", "sup", "details", "summary", "img", "br", "hr", "video", "P", "rt"])


def _element(children, tags=TAGS, attributes=ATTRIBUTES):
    """<tag attrs>children</tag>; a tag may carry attributes of its own ('a href="/x/"')."""
    def write(tag, attrs, kids, slash):
        name = tag.split(" ")[0]
        start = f"<{tag}{''.join(attrs)}{'/' if slash and name in ('br', 'hr', 'img') else ''}>"
        return start if name in ("br", "hr", "img") else start + "".join(kids) + f"</{name}>"
    return st.tuples(tags, st.lists(attributes, max_size=3, unique_by=lambda a: a.split("=")[0]), children,
                     st.booleans()).map(lambda t: write(*t))


TREES = st.recursive(TEXT, lambda inner: _element(st.lists(inner, max_size=4)), max_leaves=12)
FRAGMENTS = st.lists(TREES, max_size=5).map("".join)
# Only what the allow-list accepts and the string path handles: it must take every one of these.
CLEAN_TAGS = st.sampled_from(["p", 'a href="/x/"', 'a href="https://example.org/?a=1&amp;b=2"', 'td colspan="2"',
                              'img src="a.png" alt="图"', "em", "strong", "span", "div", "pre", "code", "table", "tr", "td", "li",
                              "h2", "sup", "details", "summary", "br", "hr", "rt"])
CLEAN_ATTRIBUTES = st.sampled_from(["", ' class="note"', ' class="a  b"', ' id="x"', " title", ' lang="zh"',
                                    ' title="a &amp; b &lt;"'])
CLEAN = st.lists(st.recursive(TEXT, lambda inner: _element(st.lists(inner, max_size=4), CLEAN_TAGS, CLEAN_ATTRIBUTES),
                              max_leaves=12), max_size=5).map("".join)


@MANY
@given(FRAGMENTS)
def test_same_output_on_generated_trees(html):
    fast = serialise_clean(html)
    assert fast is None or fast == sanitize_parsed(html)


@MANY
@given(CLEAN)
def test_clean_trees_take_the_string_path(html):
    fast = serialise_clean(html)
    assert fast is not None
    assert fast == sanitize_parsed(html)


@MANY
@given(HTML)
@example("&A")  # html.parser alone read "A": the ampersand was lost
@example("x&Aa; <b>y</b>")  # and BeautifulSoup wrote "&Aa" back: the semicolon was lost
def test_same_output_on_any_markup(html):
    fast = serialise_clean(html)
    assert fast is None or fast == sanitize_parsed(html)


MARKDOWN_PIECES = st.sampled_from([
    "\n\n", "\n", "# 标题\n", "## 二级\n", "- 项目\n", "1. 第一\n", "> 引用\n", "**粗**", "*斜*", "`代码 <b> &`",
    "    缩进代码 < & >\n", "```\n围栏 <i>\n```\n", "[链接](/x/ \"标 \\\" 题\")", "![图](a.png)", "![](b.png)",
    "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n", "脚注[^1]\n\n[^1]: 注释\n", "*[HTML]: 超文本\n", "HTML", "术语\n: 定义\n",
    "&copy;", "&", "<", ">", '"', "<br>", "<span class=\"x\">", "</span>", "<!-- 注 -->", "{: #id .cls }",
    "锦程花园社区", "，", "6:15", "  ", "\t", "<https://example.org/?a=1&b=2>", "<div markdown=\"1\">\n*x*\n</div>\n",
])


@MANY
@given(st.lists(MARKDOWN_PIECES, max_size=25).map("".join))
def test_same_output_on_markdown(body):
    html = Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html").convert(body)
    fast = serialise_clean(html)
    assert fast is None or fast == sanitize_parsed(html)


@pytest.mark.parametrize("path", sorted((ROOT / "content").rglob("*.md")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_story_takes_the_string_path(path):
    """Real stories are what the string path is for: each takes it, with the parser path's output."""
    doc = parse_document(path.read_text(encoding="utf-8"), str(path))
    html = Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html").convert(doc.body)
    assert serialise_clean(html) is not None
    assert serialise_clean(html) == sanitize_parsed(html)


@pytest.mark.parametrize(("html", "expected"), [
    ("AT&T", "AT&amp;T"),
    ("<b>x</b>&A", "<b>x</b>&amp;A"),
    ("<b>x</b>&Aa;", "<b>x</b>&amp;Aa;"),
    ("<b>x</b>&AElig", "<b>x</b>Æ"),
    ("<b>x</b>&lt;i&gt;", "<b>x</b>&lt;i&gt;"),
    ('<a href="?a=1&b=2">x</a><script>y</script>', '<a href="?a=1&amp;b=2">x</a>'),
])
def test_parse_path_keeps_every_ampersand(html, expected):
    assert sanitize_parsed(html) == expected
