"""Page -> stories: the headline, byline and paragraph rules, errors, and the no-drop property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub_content.errors import ContentError
from newsimport.decode import decode_page
from newsimport.parse import parse_page
from newsimport.textfix import width_key

FIXTURES = Path(__file__).parent / "fixtures" / "newspaper"
SEED = FIXTURES / "000_1207179334281816.txt"


def stories(text: str):
    return parse_page(text, "page.txt").stories


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_page(text, "page.txt")
    return [str(p) for p in caught.value.problems]


def test_seed_page() -> None:
    page = parse_page(decode_page(SEED.read_bytes(), "seed").text, "seed")
    s1, s2, s3 = page.stories
    assert (s1.kicker, s1.title) == ("“乘”心如意", "S228路社区接驳巴士开通")
    assert (s2.kicker, s2.title) == ("党建引领网格化治理", "明湖办事处打造互嵌式基层服务“新样板”")
    assert (s3.kicker, s3.title) == ("社校育才“双向奔赴”", "“红衣”青年实践服务基层两不误")
    assert [s.byline.authors for s in page.stories] == [("王赛华", "谢鹏飞"), ("鲁慧",), ("鲁慧",)]
    assert s3.byline.photographers == ("鲁慧",)
    assert [(s.first_line, s.last_line) for s in page.stories] == [(3, 17), (21, 45), (47, 85)]
    # Mid-word splits joined across blank lines; nothing kept or lost that should not be.
    assert "在瑞秀社区站牌处，郑州公交志愿服务队" in s1.blocks[2].text
    assert "一支不可忽视的力量。" in s3.text
    assert "记者" not in s1.blocks[-1].text
    assert all(s.kept_chars == s.source_chars for s in page.stories)
    assert [b.kind for b in s1.blocks] == ["lead", "text", "text"]
    assert s1.blocks[0].text.startswith("本报讯 “新公交线路一开通，咱们社区居民")


@pytest.mark.parametrize(
    ("headline", "kicker", "title", "subtitle"),
    [
        ("S228路社区接驳巴士开通", None, "S228路社区接驳巴士开通", None),
        ("“乘”心如意 S228路社区接驳巴士开通", "“乘”心如意", "S228路社区接驳巴士开通", None),
        (
            "社校育才“双向奔赴”\u3000“红衣”青年实践服务基层两不误",
            "社校育才“双向奔赴”",
            "“红衣”青年实践服务基层两不误",
            None,
        ),
        (
            "党建引领网格化治理\n\n明湖办事处打造互嵌式基层服务“新样板”",
            "党建引领网格化治理",
            "明湖办事处打造互嵌式基层服务“新样板”",
            None,
        ),
        ("智慧停车\n新增泊位1200个\n——老旧小区有了新解法", "智慧停车", "新增泊位1200个", "——老旧小区有了新解法"),
        ("新增泊位1200个 ——老旧小区有了新解法", None, "新增泊位1200个", "——老旧小区有了新解法"),
        ("引题 主题 副题", "引题", "主题", "副题"),
        ("iPhone 16 来了", "iPhone 16", "来了", None),
        ("真是太好了!", None, "真是太好了！", None),
    ],
)
def test_headline_rule(headline: str, kicker: str | None, title: str, subtitle: str | None) -> None:
    (story,) = stories(f"{headline}\n\n本报讯 正文第一句。\n\n记者 鲁慧\n")
    assert (story.kicker, story.title, story.subtitle) == (kicker, title, subtitle)


@pytest.mark.parametrize(
    ("page", "authors", "correspondents", "photographers", "lead"),
    [
        (
            "标题\n本报讯(记者 王赛华 谢鹏飞 通讯员 丁晓广 文/图)9月2日上午，活动开始。\n",
            ["王赛华", "谢鹏飞"],
            ["丁晓广"],
            ["王赛华", "谢鹏飞", "丁晓广"],
            "本报讯 9月2日上午，活动开始。",
        ),
        ("标题\n本报讯　（记者　王赛华）记者获悉，活动开始。\n", ["王赛华"], [], [], "本报讯 记者获悉，活动开始。"),
        ("标题\n本报讯 活动开始。（记者 鲁慧）\n", ["鲁慧"], [], [], "本报讯 活动开始。"),
        ("标题\n本报讯 活动开始。\n记者 鲁慧 通讯员 刘赢\n", ["鲁慧"], ["刘赢"], [], "本报讯 活动开始。"),
        (
            "标题\n本报讯 活动开始。\n大象新闻·东方今报首席记者 王赛华 谢鹏飞\n",
            ["王赛华", "谢鹏飞"],
            [],
            [],
            "本报讯 活动开始。",
        ),
        ("标题\n本报8月20日讯 活动开始。\n记者 鲁 慧\n", ["鲁慧"], [], [], "本报8月20日讯 活动开始。"),
        ("标题\n本报讯(通讯员报道)活动开始。\n记者 鲁慧\n", ["鲁慧"], [], [], "本报讯 （通讯员报道）活动开始。"),
    ],
)
def test_byline_positions(page: str, authors, correspondents, photographers, lead: str) -> None:
    (story,) = stories(page)
    assert list(story.byline.authors) == authors
    assert list(story.byline.correspondents) == correspondents
    assert list(story.byline.photographers) == photographers
    assert story.blocks[0].text == lead


def test_caption_credit_adds_photographer_not_author() -> None:
    (story,) = stories("标题\n本报讯 第一段，说到一半\n图为居民在试乘。（记者 王赛华 摄）\n继续说完。\n记者 鲁慧\n")
    assert story.byline.authors == ("鲁慧",)
    assert story.byline.photographers == ("王赛华",)
    # The caption sat in the middle of a sentence: the sentence is joined, the caption follows it.
    assert [(b.kind, b.text) for b in story.blocks] == [
        ("lead", "本报讯 第一段，说到一半继续说完。"),
        ("caption", "图为居民在试乘。"),
    ]


def test_crossheads_and_indents() -> None:
    page = "标题\n本报讯 导语。\n一、补齐短板\n\u3000\u3000咨询电话：0371-12345678\n\u3000\u3000新段落。\n记者 鲁慧\n"
    (story,) = stories(page)
    assert [b.kind for b in story.blocks] == ["lead", "crosshead", "text", "text"]
    assert story.blocks[2].text == "咨询电话：0371-12345678"
    assert any("ends without" in w for w in story.warnings)


def test_header_and_footer_are_furniture() -> None:
    page = parse_page("经开新闻　2025年9月1日　星期一　第3版\n标题\n本报讯 导语。\n记者 鲁慧\n责任编辑:李明\n", "p.txt")
    assert page.date == "2025-09-01"
    assert [ln.no for ln in page.furniture] == [1, 5]
    assert "李明" not in page.stories[0].text


def test_leading_byline_stories_back_to_back() -> None:
    page = (
        "第一条标题\n本报讯(记者 王赛华)第一条导语。\n第一条正文，说到一半\n接着说完。\n"
        "第二条引题\n第二条标题\n本报讯(记者 鲁慧)第二条导语。\n"
    )
    first, second = stories(page)
    assert first.title == "第一条标题"
    assert first.text.endswith("第一条正文，说到一半接着说完。")
    assert (second.kicker, second.title, second.first_line) == ("第二条引题", "第二条标题", 5)


def test_story_without_benbaoxun_after_a_byline() -> None:
    page = (
        "标题一\n本报讯 导语。\n记者 鲁慧\n"
        "重阳节前话敬老\n为百岁老人送祝福\n10月9日，走访慰问百岁老人。\n记者 谢鹏飞 文/图\n"
    )
    first, second = stories(page)
    assert first.title == "标题一"
    assert (second.kicker, second.title) == ("重阳节前话敬老", "为百岁老人送祝福")
    assert second.lead is None
    assert second.paragraphs[0].text == "10月9日，走访慰问百岁老人。"
    assert second.byline.photographers == ("谢鹏飞",)


def test_prose_is_not_a_byline() -> None:
    (story,) = stories("标题\n本报讯 导语，\n记者了解到\n此事已办结。\n记者 鲁慧\n")
    assert story.byline.authors == ("鲁慧",)
    assert story.blocks[0].text == "本报讯 导语，记者了解到此事已办结。"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("只有一段没有标题也没有署名的文字，说了很多话。\n", "page.txt:1: stories: no story found on the page"),
        (
            "只有一段没有标题也没有署名的文字，说了很多话。\n",
            "page.txt:1: headline: text “只有一段没有标题也没有署名的文字…” belongs",
        ),
        ("标题\n\n本报讯\n\n记者 鲁慧\n", "page.txt:1: body: the story “标题” has a headline but no body"),
        ("标题\n\n记者 鲁慧\n", "page.txt:1: body: the story “标题” has a headline but no body"),
        ("本报讯 没有标题的导语。\n记者 鲁慧\n", "page.txt:1: headline:"),
        ("记者 鲁慧\n", "page.txt:1: byline: byline “记者 鲁慧” follows no story"),
        ("标题\n正文第一段，没有本报讯。\n", "page.txt:1: story: “标题” has neither a 本报讯 lead nor a byline"),
        ("一\n二\n三\n四\n本报讯 导语。\n记者 鲁慧\n", "page.txt:5: headline:"),
        ("标题\n本报讯 导语。\n\n记者 王赛华谢鹏飞\n", None),
    ],
)
def test_bad_pages(page: str, expected: str | None) -> None:
    if expected is None:  # a malformed byline stays text: the editor sees it in the warnings
        (story,) = stories(page)
        assert any("ends without" in w for w in story.warnings)
        return
    found = problems(page)
    assert any(p.startswith(expected) for p in found), found
    assert all(" — " in p for p in found)


def test_empty_page_of_furniture() -> None:
    assert problems("2025年9月1日 星期一\n")[0].startswith("page.txt:1: stories: no story found on the page")


# --- property: nothing is ever dropped -------------------------------------------------

# Characters that cannot, alone or together, spell a structural word (本报讯, 记者, 通讯员,
# 实习生, 采写, 图为, 摄, 文/图, 责任编辑, 星期, 第N版, 年月日, 一、…): generated text is prose.
HAN = "的是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发动同工也能下过子说产种面而方后多定行学法所民得经之进着等部度家电力里如水化高自理起小物现加量都两体制机当使点从业去把性好应开它合还因由其些然前外天政那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气向道命此变条只没结解问意建公无系军很情最立代想已并提直题党程展果料象革位入常总次品式活设及管特件长求老头基资边流路级少山统接知较将组见计别她手角根论运农指几西被干做必战先回则任取据处队南给色光门即保治北造百规热领海口东导器压志世金增争济阶油思术极交受联什认共权收证改清己美再转更单风切打白教速花带安场身车例真务具万每目至达走积示议声斗完类离华名确才科张信马节话米整空元况今集温传土许步群广石需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"  # noqa: E501
NAMES = ["王赛华", "谢鹏飞", "鲁慧", "丁晓广", "刘赢", "张伟", "李明", "赵康", "范晓静", "孙丽"]

han = st.text(alphabet=HAN, min_size=1, max_size=8)
inner = st.sampled_from(
    ["，", ",", "、", "；", ";", "：", ":", " ", "\u3000", "6:15~20:30", "2/3", "S228", "LED", "（网格员）", "(网格员)"]
)
clause = st.builds(lambda a, b, c: a + b + c, han, inner, han)
sentence = st.builds(
    lambda parts, end, quoted: "“" + "".join(parts) + end + "”" if quoted else "".join(parts) + end,
    st.lists(clause, min_size=1, max_size=3),
    st.sampled_from(["。", "！", "？", "!", "?"]),
    st.booleans(),
)
paragraph = st.lists(sentence, min_size=1, max_size=3).map("".join)
headline_part = st.text(alphabet=HAN, min_size=2, max_size=12)


@st.composite
def page_strategy(draw):
    """A page and, for each story, what the parser must find."""
    n = draw(st.integers(1, 4))
    lines: list[str] = []
    expected = []
    previous_trailing = True
    for _ in range(n):
        style = draw(st.sampled_from(["trailing", "leading", "closing", "no-lead"]))
        if style == "no-lead" and not previous_trailing:
            style = "trailing"
        parts = draw(st.lists(headline_part, min_size=1, max_size=2))
        heads = draw(st.sampled_from([[" ".join(parts)], parts]))
        reporters = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True))
        helpers = [draw(st.sampled_from([n for n in NAMES if n not in reporters]))] if draw(st.booleans()) else []
        byline = "记者 " + " ".join(reporters) + (" 通讯员 " + " ".join(helpers) if helpers else "")
        paragraphs = draw(st.lists(paragraph, min_size=1, max_size=3))
        if style == "no-lead":
            paragraphs[0] = "近日，" + paragraphs[0]  # real first paragraphs open with a clause
        # Extraction breaks lines anywhere in the prose, but not inside the 本报讯 marker or a
        # byline (a marker split in two is not a marker any more).
        prefix = {"leading": f"本报讯({byline})", "no-lead": ""}.get(style, "本报讯 ")
        lines += heads
        for k, text in enumerate(paragraphs):
            # A story without 本报讯 is told from its headline by its first line's comma
            # (parse.py rule 1), so that first line is not cut before "近日，".
            low = 3 if style == "no-lead" and k == 0 else 1
            cuts = sorted(draw(st.lists(st.integers(low, max(low, len(text) - 1)), max_size=3, unique=True)))
            pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
            if k == 0:
                pieces[0] = prefix + pieces[0]
            if k == len(paragraphs) - 1 and style == "closing":
                pieces[-1] += f"（{byline}）"
            for piece in pieces:
                lines.append(piece)
                lines += [""] * draw(st.integers(0, 3))
        if style in ("trailing", "no-lead"):
            lines.append(byline)
        previous_trailing = style in ("trailing", "no-lead")
        story_text = "".join(parts) + "".join(
            ("本报讯" if style != "no-lead" and k == 0 else "") + p for k, p in enumerate(paragraphs)
        )
        expected.append((story_text, reporters, helpers, parts))
    return "\n".join(lines) + "\n", expected


@given(page_strategy())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_nothing_is_dropped(case) -> None:
    page_text, expected = case
    found = parse_page(page_text, "page.txt").stories
    assert len(found) == len(expected)
    for story, (text, reporters, helpers, parts) in zip(found, expected, strict=True):
        assert width_key(story.text) == width_key(text)
        assert list(story.byline.authors) == reporters
        assert list(story.byline.correspondents) == helpers
        assert story.title == parts[-1]
        assert story.kicker == (parts[0] if len(parts) == 2 else None)
        assert story.kept_chars == story.source_chars
