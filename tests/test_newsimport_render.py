"""Rendering: YAML scalars every reader reads alike, Markdown that shows the paper's text."""

from __future__ import annotations

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from hub_content.frontmatter import parse_document
from newsimport.parse import Block
from newsimport.render import block_markdown, escape_markdown, flow_list, scalar


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("S228路社区接驳巴士开通", "S228路社区接驳巴士开通"),
        ("“乘”心如意", "“乘”心如意"),
        ("6:15", '"6:15"'),
        ("2025-08-20", '"2025-08-20"'),
        ("yes", '"yes"'),
        ("123", '"123"'),
        ("a: b", '"a: b"'),
        ("#标签", '"#标签"'),
        ("- 开头", '"- 开头"'),
        ("[方括号]", '"[方括号]"'),
        ('"引号"', '"\\"引号\\""'),
        ("", '""'),
        (" 前后空格 ", '" 前后空格 "'),
        ("000_1207179334281816.txt:3-17", "000_1207179334281816.txt:3-17"),
    ],
)
def test_scalar(value: str, written: str) -> None:
    assert scalar(value) == written


def test_flow_list_quotes_what_a_flow_list_would_split() -> None:
    assert flow_list(["王赛华", "谢鹏飞"]) == "[王赛华, 谢鹏飞]"
    assert flow_list(["a, b", "c"]) == '["a, b", c]'
    assert flow_list([]) == "[]"


YAML_TEXT = st.text(
    alphabet=st.sampled_from(
        [*"经开区“”‘’：:，, -#[]{}'\"!&*|>%@`?0123456789abc\\\t\u3000", *"\u2028\x07\x7f\x85\ufeff"]
    ),
    max_size=20,
)


@given(YAML_TEXT)
def test_scalars_round_trip_through_yaml(value: str) -> None:
    for text in (f"key: {scalar(value)}\n", f"key: {flow_list([value, 'x'])}\n"):
        loaded = yaml.load(text, Loader=yaml.BaseLoader)
        assert loaded["key"] in (value, [value, "x"])
        # Every reader agrees: the safe loader sees the same string, never a number or a date.
        assert yaml.safe_load(text) == loaded


@given(YAML_TEXT)
def test_scalars_round_trip_through_the_projects_parser(value: str) -> None:
    doc = parse_document(f"---\ntitle: {scalar(value)}\ntags: {flow_list([value])}\n---\nbody\n", "x.md")
    assert doc.meta == {"title": value, "tags": [value]}


def visible_html(md: str) -> str:
    # Pelican's Markdown reader uses the "extra" extensions; render as it will.
    html = markdown.markdown(md, extensions=["markdown.extensions.extra"], output_format="html5")
    return "".join(BeautifulSoup(html, "html.parser").get_text().split())


@pytest.mark.parametrize(
    "text",
    [
        "1. 加强党建引领。",
        "# 不是标题",
        "> 不是引用",
        "- 不是列表",
        "+ 不是列表",
        "* 不是列表",
        "高校资源+社区资源",
        "a*b*c_d_e",
        "[^1] 与 [链接](x)",
        "<b>不是标签</b> & &amp; 符号",
        "`代码`",
        "{: .class}",
        ": 不是定义",
        "---",
        "反斜杠\\",
    ],
)
def test_escaped_markdown_shows_the_text(text: str) -> None:
    assert visible_html(escape_markdown(text)) == "".join(text.split())


MARKDOWN_TEXT = st.text(
    alphabet=st.sampled_from(list("经开区“”，。 *_`[]{}()<>&#!+-.:|\\~^0123456789abc")), min_size=1, max_size=30
).filter(lambda t: t.strip())


@given(MARKDOWN_TEXT)
def test_escape_markdown_property(text: str) -> None:
    assert visible_html(escape_markdown(text)) == "".join(text.split())


@pytest.mark.parametrize(
    ("block", "md"),
    [
        (Block("text", "正文。", 1, 1), "正文。"),
        (Block("caption", "▲居民在公园内健身。", 1, 1), "*▲居民在公园内健身。*"),
        (Block("crosshead", "一、补齐服务短板", 1, 1), "## 一、补齐服务短板"),
        (Block("lead", "本报讯 导语。", 1, 1, "本报讯"), "本报讯 导语。"),
    ],
)
def test_block_markdown(block: Block, md: str) -> None:
    assert block_markdown(block) == md
