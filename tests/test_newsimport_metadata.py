"""Metadata rules: category, tags, slug, summary, date, route facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub_content.errors import ContentError
from newsimport import category, gazetteer, slug
from newsimport.decode import decode_page
from newsimport.metadata import build_articles, summary
from newsimport.parse import parse_page
from newsimport.routes import Hours, find_routes, merge_routes

SEED = Path(__file__).parent / "fixtures" / "newspaper" / "000_1207179334281816.txt"


def seed_articles(date: str | None = "2025-08-20", existing=None):
    page = parse_page(decode_page(SEED.read_bytes(), "seed.txt").text, "seed.txt")
    return build_articles(page, SEED.name, "seed.txt", date, existing)


def test_seed_metadata_matches_the_hand_conversion() -> None:
    s1, s2, s3 = seed_articles()
    assert [a.slug for a in (s1, s2, s3)] == ["s228-shuttle-opens", "shihe-grid-governance", "yatai-student-volunteers"]
    assert [a.category for a in (s1, s2, s3)] == ["交通出行", "社区治理", "志愿服务"]
    assert [a.date for a in (s1, s2, s3)] == ["2025-08-20"] * 3
    assert s1.authors == ("王赛华", "谢鹏飞")
    assert s2.authors == s3.authors == ("鲁慧",)
    assert s3.photographers == ("鲁慧",)
    assert not s1.photographers and not s2.photographers
    assert s1.kicker == "“乘”心如意"
    assert s1.path == "articles/2025/2025-08-20_s228-shuttle-opens.md"
    assert s1.source == "000_1207179334281816.txt:3-17"
    assert s1.summary.startswith("“新公交线路一开通，咱们社区居民的出行就更方便了，真是太好了！”试乘S228路")
    assert "本报讯" not in s1.summary
    assert s1.tags[:3] == ("S228路", "锦程花园社区", "前程办事处")
    assert "世和社区" in s2.tags and "亚太社区" in s3.tags
    (route,) = s1.routes
    assert route.number == "S228"
    assert route.hours == (Hours("全程", "6:15", "20:30"),)
    assert route.roads == ("鹏程大道", "禄达东路", "前程大道", "启航路", "金柳南路", "经开第二大街", "航海东路")
    assert route.serves == ("锦程花园", "河南通途产业园", "绿都东澜岸", "刘庄安置区", "瑞秀小区")
    assert route.operator == "郑州公交第四运营公司"
    assert route.partners == ("前程办事处", "锦程花园社区")
    assert (route.kind, route.name, route.opened, route.status) == (
        "社区接驳巴士",
        "S228路社区接驳巴士",
        "2025-08-20",
        "运营",
    )
    assert not route.draft
    assert route.sources == ("articles/2025/2025-08-20_s228-shuttle-opens.md",)
    assert not s2.routes and not s3.routes


def test_seed_without_date_names_every_story() -> None:
    with pytest.raises(ContentError) as caught:
        seed_articles(date=None)
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "date"), (23, "date"), (47, "date")]
    assert "--date YYYY-MM-DD" in str(caught.value)


def test_slug_does_not_take_an_older_posts_url() -> None:
    s1, *_ = seed_articles(existing={"2025/s228-shuttle-opens": "2025-03-01"})
    assert s1.slug == "s228-shuttle-opens-2"
    assert any("taken" in w for w in s1.warnings)
    again, *_ = seed_articles(existing={"2025/s228-shuttle-opens": "2025-08-20"})
    assert again.slug == "s228-shuttle-opens"  # the same story imported again keeps its file


@pytest.mark.parametrize(
    ("headline", "lead", "body", "expected", "guessed"),
    [
        ("“乘”心如意 S228路社区接驳巴士开通", "", "", "交通出行", False),
        ("党建引领网格化治理", "", "", "社区治理", False),
        (
            "“红衣”青年实践服务基层两不误",
            "一群在校大学生身披志愿者“红衣”",
            "社区治理社区治理社区治理",
            "志愿服务",
            False,
        ),
        ("社区合唱团迎新演出", "", "", "文化活动", False),
        ("老旧小区加装电梯", "", "", "民生服务", False),
        ("招聘会提供岗位500个", "", "", "教育就业", False),
        ("无关标题", "", "公交", "交通出行", False),  # the body only breaks ties
        ("无关标题", "", "", "民生服务", True),
    ],
)
def test_category_rule(headline: str, lead: str, body: str, expected: str, guessed: bool) -> None:
    assert category.choose(headline, lead, body) == (expected, guessed)


def test_category_tie_follows_the_table_order() -> None:
    assert category.choose("公交志愿", "", "") == ("交通出行", False)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("经开区锦程花园社区居民", ["锦程花园社区"]),
        ("明湖办事处世和社区为以党建引领", ["世和社区", "明湖办事处"]),
        ("京航办事处祥和社区的课堂", ["祥和社区", "京航办事处"]),
        ("经开区首届社区运动会", []),
        ("经开区各办事处联合", []),
        ("试乘S228路社区接驳巴士，换乘Ｋ１２路", ["S228路", "K12路"]),
        ("在2路口和3路段", []),
        ("途经浔江东路、经开第十五大街等多条道路", ["浔江东路", "经开第十五大街"]),
        ("携手河南机电职业学院，搭建平台", ["河南机电职业学院"]),
        ("在明湖办事处亚太社区日间照料中心", ["亚太社区", "明湖办事处"]),
    ],
)
def test_tags(text: str, tags: list[str]) -> None:
    assert gazetteer.tags(text) == tags


@pytest.mark.parametrize(
    ("title", "headline", "lead", "text", "routes", "expected"),
    [
        ("S228路社区接驳巴士开通", "“乘”心如意\nS228路社区接驳巴士开通", "", "", [], "s228-shuttle-opens"),
        ("明湖办事处打造", "党建引领网格化治理", "", "明湖办事处世和社区，世和社区", [], "shihe-grid-governance"),
        ("两不误", "两不误", "大学生志愿者", "明湖办事处亚太社区", [], "yatai-student-volunteers"),
        (
            "经开区新开通3条社区公交线路",
            "经开区新开通3条社区公交线路",
            "",
            "",
            ["S301", "S302", "S303", "S304"],
            "s301-s302-s303-bus-opens",
        ),
        ("瑞秀社区开展义诊", "瑞秀社区开展义诊", "", "办事处瑞秀社区", [], "ruixiu-free-clinic"),
        ("明湖办事处打造互嵌式基层服务", "明湖办事处打造互嵌式基层服务", "", "", [], "minghu-dazao-huqian"),
        ("航海东路路灯改造", "航海东路路灯改造", "", "", [], "hanghaidonglu-streetlights-upgraded"),
        ("Hello", "Hello", "", "", [], "story"),
    ],
)
def test_slug_rule(*, title: str, headline: str, lead: str, text: str, routes: list[str], expected: str) -> None:
    assert slug.make_slug(title, headline, lead, headline + "\n" + text, routes) == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("S228--Shuttle Opens!", "s228-shuttle-opens"), ("a" * 60, "a" * 48), ("abc-" * 15, "abc-" * 11 + "abc")],
)
def test_slug_clean(raw: str, clean: str) -> None:
    assert slug.clean(raw) == clean
    assert len(slug.clean(raw)) <= slug.MAX_LENGTH


def test_slug_unique() -> None:
    assert slug.unique("a", set()) == "a"
    assert slug.unique("a", {"a", "a-2"}) == "a-3"


def _story(lead: str):
    (story,) = parse_page(f"标题\n本报讯 {lead}\n记者 鲁慧\n", "p.txt").stories
    return story


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "“真是太好了！”李大爷说。后来又说了很多话，这里不算。",
            "“真是太好了！”李大爷说。后来又说了很多话，这里不算。",
        ),
        (
            "短句。第二句也短。第三句要够五十个字才停下来，所以这里要写得长一点再长一点，再长一点，再长一点才行啊。第四句不要。",
            "短句。第二句也短。第三句要够五十个字才停下来，所以这里要写得长一点再长一点，再长一点，再长一点才行啊。",
        ),
    ],
)
def test_summary(lead: str, expected: str) -> None:
    assert summary(_story(lead)) == expected


@pytest.mark.parametrize(
    ("page", "date", "expected", "warns"),
    [
        ("标题\n本报讯 导语。\n记者 鲁慧\n", "2025-08-20", "2025-08-20", False),
        ("2025年9月1日 星期一\n标题\n本报讯 导语。\n记者 鲁慧\n", None, "2025-09-01", False),
        ("2025年9月1日 星期一\n标题\n本报讯 导语。\n记者 鲁慧\n", "2025-09-02", "2025-09-02", True),
        ("标题\n本报讯 2025年10月8日，活动开始。\n记者 鲁慧\n", None, "2025-10-08", False),
        ("标题\n本报讯 2025年2月30日，活动开始，2025年3月1日结束。\n记者 鲁慧\n", None, "2025-03-01", False),
    ],
)
def test_dates(page: str, date: str | None, expected: str, warns: bool) -> None:
    (article,) = build_articles(parse_page(page, "p.txt"), "p.txt", "p.txt", date)
    assert article.date == expected
    assert any("--date" in w for w in article.warnings) is warns


@pytest.mark.parametrize(
    "page",
    [
        "标题\n本报讯 7月23日，活动开始。\n记者 鲁慧\n",
        "标题\n本报讯 2023年6月，平台入驻。\n记者 鲁慧\n",
        "2025年13月1日 星期一\n标题\n本报讯 导语。\n记者 鲁慧\n",
    ],
)
def test_partial_dates_are_never_completed(page: str) -> None:
    with pytest.raises(ContentError, match=r"p\.txt:\d: date: the page gives no date"):
        build_articles(parse_page(page, "p.txt"), "p.txt", "p.txt", None)


THREE = (
    "记者从郑州公交第四运营公司获悉，9月10日起，S301路、S302路、S303路3条社区公交线路正式开通。\n"
    "S301路首末站为滨河花园—经开区政务服务中心，首末班时间为6:30-20:00，发车间隔15分钟，途经道路：浔江东路、航海东路。\n"
    "S302路首末站为祥和社区和河南机电职业学院，首班车6:00，末班车21:30，途经道路：经南五路、前程大道，"
    "为康平社区、祥和社区等社区提供服务。\n"
    "S303路起点站为绿都东澜岸，终点站为锦程花园，途经鹏程大道、禄达东路，首末班时间另行公布。三条线路票价均为1元。"
)


def test_three_routes_in_one_story() -> None:
    s301, s302, s303 = find_routes(THREE, "2025-09-09", "articles/x.md")
    assert (s301.number, s302.number, s303.number) == ("S301", "S302", "S303")
    assert s301.termini == ("滨河花园", "经开区政务服务中心")
    assert s302.termini == ("祥和社区", "河南机电职业学院")
    assert s303.termini == ("绿都东澜岸", "锦程花园")
    assert s301.hours == (Hours("全程", "6:30", "20:00"),)
    assert s302.hours == (Hours("全程", "6:00", "21:30"),)
    assert s303.hours == ()
    assert s301.roads == ("浔江东路", "航海东路")
    assert s303.roads == ("鹏程大道", "禄达东路")
    assert s302.serves == ("康平社区", "祥和社区")
    assert s301.headway == "15分钟" and s302.headway is None
    assert s301.fare == s302.fare == s303.fare == "1元"
    assert {r.opened for r in (s301, s302, s303)} == {"2025-09-10"}
    assert {r.operator for r in (s301, s302, s303)} == {"郑州公交第四运营公司"}
    assert {r.kind for r in (s301, s302, s303)} == {"常规公交"}
    assert (s301.draft, s302.draft, s303.draft) == (False, False, True)
    assert s303.missing == ("hours",)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("乘坐S228路到锦程花园。", []),  # a mention is not an announcement
        ("Ｋ１２路首末班时间为６：３０～２１：００。", ["K12"]),
        ("S228路途经鹏程大道、禄达东路。", ["S228"]),
    ],
)
def test_what_counts_as_an_announcement(text: str, numbers: list[str]) -> None:
    assert [r.number for r in find_routes(text, "2025-09-08", "x.md")] == numbers


def test_full_width_times_are_folded() -> None:
    (k12,) = find_routes("Ｋ１２路公交延伸，首末班时间为６：３０～２１：００，途经经南八路。", "2025-09-08", "x.md")
    assert k12.hours == (Hours("全程", "6:30", "21:00"),)
    assert (k12.kind, k12.status, k12.opened) == ("常规公交", "调整", None)


def test_merge_routes_keeps_one_file_per_number() -> None:
    a = find_routes("S228路首末班时间为6:15~20:30。", "2025-08-20", "articles/a.md")
    b = find_routes("S228路途经鹏程大道、禄达东路。", "2025-08-21", "articles/b.md")
    (merged,) = merge_routes(a + b)
    assert merged.hours and merged.roads == ("鹏程大道", "禄达东路")
    assert merged.sources == ("articles/a.md", "articles/b.md")
