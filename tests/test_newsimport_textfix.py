"""Character repairs: tables for each rule, properties for the invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsimport.textfix import (
    ends_paragraph,
    fold,
    join_lines,
    repair,
    sentences,
    squeeze_spaces,
    visible,
    widen_punctuation,
    width_key,
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("开通,咱们", "开通，咱们"),
        ("真是太好了!”", "真是太好了！”"),
        ("能否相结合?赵康", "能否相结合？赵康"),
        ("微治理;整合", "微治理；整合"),
        ("首末班时间:6:30-20:00", "首末班时间：6:30-20:00"),
        ("时间为6:15~20:30,途经", "时间为6:15~20:30，途经"),
        ("村改居(网格员)成立", "村改居（网格员）成立"),
        ("经开区(ETDZ)位于", "经开区（ETDZ）位于"),
        ("3427户,12271人", "3427户，12271人"),
        ("占总人口的2/3,人员", "占总人口的2/3，人员"),
        ("共12,271人", "共12,271人"),
        ("周一~周五", "周一～周五"),
        ("Hello, world!", "Hello, world!"),
        ("Python (3.11) is", "Python (3.11) is"),
        ("Python (3.11) 版", "Python （3.11） 版"),  # the pair sits in a Chinese sentence
        ("访问http://a.cn/x?id=1,了解", "访问http://a.cn/x?id=1，了解"),
        ("网址:https://zz.gov.cn/a:b", "网址：https://zz.gov.cn/a:b"),
        ("好!!", "好！！"),
        ("a,!好", "a，！好"),
        ("“好”!", "“好”！"),
        ("(记者 鲁慧)", "（记者 鲁慧）"),
        ("高校资源+社区资源", "高校资源+社区资源"),
        ("LED节能路灯", "LED节能路灯"),
    ],
)
def test_widen_punctuation(source: str, expected: str) -> None:
    assert widen_punctuation(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("本报讯 “新公交", "本报讯“新公交"),
        ("记者　王赛华", "记者王赛华"),
        ("iPhone 16 发布", "iPhone 16发布"),
        ("Hello   world", "Hello world"),
        ("新开通 S228 路", "新开通S228路"),
        ("登录 http://a.cn/x 可查询", "登录 http://a.cn/x 可查询"),
        ("\u3000\u3000段首缩进", "段首缩进"),
        ("a\t\u00a0b", "a b"),
    ],
)
def test_squeeze_spaces(source: str, expected: str) -> None:
    assert squeeze_spaces(source) == expected


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("打通了服务群众的“最后一公里”。", True),
        ("“好一朵美丽的茉莉花。”", True),
        ("真是太好了！”", True),
        ("能修吗?", True),
        ("上门维修家电……", True),
        ("太好了.", True),
        ("在瑞秀社区站", False),
        ("该项目也得到了河南机电职业学院的支持,", False),
        ("互嵌式基层服务“新样板”", False),
        ("联合4个村改居(网格员)", False),
        ("version 3.", False),
        ("", False),
    ],
)
def test_ends_paragraph(line: str, ends: bool) -> None:
    assert ends_paragraph(line) is ends


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["在瑞秀社区站", "牌处，郑州"], "在瑞秀社区站牌处，郑州"),
        (["visit the", "website"], "visit the website"),
        (["  为锦程 ", "", " 花园"], "为锦程花园"),
        (["版本6", ":15"], "版本6:15"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“真是太好了！”李大爷说。后来呢？好。", ["“真是太好了！”李大爷说。", "后来呢？", "好。"]),
        ("上门维修家电……在亚太社区，大家很满意。", ["上门维修家电……在亚太社区，大家很满意。"]),
        ("没有句号的结尾", ["没有句号的结尾"]),
        ("他说：“好。”然后走了。", ["他说：“好。”然后走了。"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ｓ２２８路", "S228路"),
        ("６：１５～２０：３０", "6:15~20:30"),
        ("记者\u3000鲁慧", "记者 鲁慧"),
        ("，。", ",。"),
    ],
)
def test_fold_is_for_matching_only(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_repair_never_uses_nfkc() -> None:
    # NFKC would turn these into ASCII; our repair keeps them.
    text = "全角Ｋ１２路，６：３０～２１：００。"
    assert repair(text) == text


# Text made of what newspaper pages contain: Chinese, both widths of punctuation, digits,
# Latin words, spaces of every kind, quotes and URLs.
PAGE_ALPHABET = st.sampled_from(
    list("经开区社区公交线路居民服务开通明湖办事处的了是")
    + list(",?;:!()~，。？；：！（）～、“”‘’…—/+.-")
    + list("0123456789")
    + list("abcXYZ")
    + [" ", "\u3000", "\t", "\u00a0", "http://a.cn/x?y=1", "6:15~20:30", "2/3", "Ｓ２２８"]
)
page_text = st.lists(PAGE_ALPHABET, max_size=60).map("".join)


@given(page_text)
def test_repair_keeps_every_character(text: str) -> None:
    assert width_key(repair(text)) == width_key(text)


@given(page_text)
def test_repair_is_idempotent(text: str) -> None:
    assert repair(repair(text)) == repair(text)


@given(page_text)
@settings(max_examples=200)
def test_widen_changes_only_the_listed_marks(text: str) -> None:
    widened = widen_punctuation(text)
    assert len(widened) == len(text)
    for before, after in zip(text, widened, strict=True):
        assert before == after or (before, after) in {
            (",", "，"),
            ("?", "？"),
            (";", "；"),
            (":", "："),
            ("!", "！"),
            ("(", "（"),
            (")", "）"),
            ("~", "～"),
        }


@given(page_text)
def test_squeeze_only_removes_whitespace(text: str) -> None:
    assert visible(squeeze_spaces(text)) == visible(text)
