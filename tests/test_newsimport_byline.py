"""Bylines: every shape the paper prints, and lines that only look like one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsimport.byline import Byline, close_up, looks_like_byline, parse_byline


@pytest.mark.parametrize(
    ("text", "authors", "correspondents", "photographers"),
    [
        ("记者 王赛华 谢鹏飞", ["王赛华", "谢鹏飞"], [], []),
        ("记者 鲁慧", ["鲁慧"], [], []),
        ("记者 鲁慧 文/图", ["鲁慧"], [], ["鲁慧"]),
        ("记者 鲁慧 通讯员 刘赢", ["鲁慧"], ["刘赢"], []),
        ("(记者 王赛华 谢鹏飞 通讯员 丁晓广 文/图)", ["王赛华", "谢鹏飞"], ["丁晓广"], ["王赛华", "谢鹏飞", "丁晓广"]),
        ("（记者 鲁慧）", ["鲁慧"], [], []),
        ("大象新闻·东方今报首席记者 王赛华 谢鹏飞", ["王赛华", "谢鹏飞"], [], []),
        ("大象新闻·东方今报 首席记者 王赛华", ["王赛华"], [], []),
        ("本报记者 李四", ["李四"], [], []),
        ("记　者　鲁　慧", ["鲁慧"], [], []),
        ("记　者　鲁　慧　　通 讯 员　张　伟", ["鲁慧"], ["张伟"], []),
        ("记者王赛华", ["王赛华"], [], []),
        ("记者  王赛华   谢鹏飞", ["王赛华", "谢鹏飞"], [], []),
        ("记者 王赛华 文 通讯员 丁晓广 图", ["王赛华"], ["丁晓广"], ["丁晓广"]),
        ("文/图 记者 鲁慧", ["鲁慧"], [], ["鲁慧"]),
        ("记者 鲁慧 摄", ["鲁慧"], [], ["鲁慧"]),
        ("记者 张三 摄影", ["张三"], [], ["张三"]),
        ("摄影 张三", [], [], ["张三"]),
        ("记者 鲁慧 通讯员 刘赢 摄影记者 王赛华", ["鲁慧"], ["刘赢"], ["王赛华"]),
        ("鲁慧文/图", ["鲁慧"], [], ["鲁慧"]),
        ("通讯员 买买提·艾力", [], ["买买提·艾力"], []),
        ("记者 鲁慧 实习生 王小明", ["鲁慧", "王小明"], [], []),
    ],
)
def test_parse_byline(text: str, authors: list[str], correspondents: list[str], photographers: list[str]) -> None:
    assert parse_byline(text) == Byline(
        tuple(authors), tuple(correspondents), tuple(photographers), parse_byline(text).outlets
    )


@pytest.mark.parametrize(
    ("text", "outlets"),
    [("大象新闻·东方今报首席记者 王赛华", ("大象新闻·东方今报",)), ("本报记者 李四", ()), ("首席记者 王五", ())],
)
def test_outlet_prefix_is_not_a_name(text: str, outlets: tuple[str, ...]) -> None:
    assert parse_byline(text).outlets == outlets


@pytest.mark.parametrize(
    "text",
    [
        "王赛华 谢鹏飞",  # names without a role: could be anything
        "记者了解到，",
        "记者从经开区获悉，该项目已完工。",
        "本报讯 自党建引领网格化基层治理工作开展以来",
        "党建引领网格化治理",
        "记者 王赛华谢鹏飞",  # six characters: not one name, and we do not guess the split
        "",
        "（网格员）",
    ],
)
def test_not_a_byline(text: str) -> None:
    assert parse_byline(text) is None


@pytest.mark.parametrize(
    ("text", "looks"),
    [("记者 王赛华谢鹏飞", True), ("记者了解到，该项目", False), ("通讯员 刘赢", True), ("党建引领", False)],
)
def test_looks_like_byline(text: str, looks: bool) -> None:
    assert looks_like_byline(text) is looks


def test_close_up_spread_roles() -> None:
    assert close_up("记 者 鲁慧 通　讯　员 刘赢 文 / 图") == "记者 鲁慧 通讯员 刘赢 文/图"


NAME_CHARS = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文慧华鹏飞广赢伟静晶"
)
names = st.lists(st.text(alphabet=NAME_CHARS, min_size=2, max_size=3), min_size=1, max_size=3, unique=True)


@given(names, names, st.sampled_from(["", "文/图", "摄"]), st.sampled_from([" ", "  ", "\u3000"]))
def test_generated_bylines_parse_back(reporters: list[str], helpers: list[str], credit: str, gap: str) -> None:
    helpers = [h for h in helpers if h not in reporters] or ["丁晓广"]
    text = gap.join(["记者", *reporters, "通讯员", *helpers] + ([credit] if credit else []))
    found = parse_byline(text)
    assert found is not None
    assert list(found.authors) == reporters
    assert list(found.correspondents) == helpers
    assert list(found.photographers) == ((reporters + helpers) if credit else [])
