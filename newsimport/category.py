"""Choose the story's category from the site's six by a keyword rule.

The rule: each category has a short keyword list (``KEYWORDS``). A story's *score* for a
category is the number of keyword occurrences in its headline (kicker, title, subtitle)
times 4, plus those in its lead times 2 — the headline and the lead are where a news story
says what it is about. The highest score wins. Ties, and stories whose headline and lead
name no keyword, are decided by the occurrences in the rest of the body; if still tied,
by the order of ``CATEGORIES``. A story with no keyword anywhere gets ``民生服务`` (the
broadest category) and a warning, so the editor checks it.

Keywords are chosen to be specific: ``基层`` and ``服务`` are not keywords, because almost
every story of a community paper serves the 基层. ``实践`` counts for 志愿服务 because it is
how the paper names volunteering (新时代文明实践, 社会实践).
"""

from __future__ import annotations

FALLBACK = "民生服务"


def _words(text: str) -> tuple[str, ...]:
    # Space-separated, so each category's list stays one readable line.
    return tuple(text.split())


KEYWORDS: dict[str, tuple[str, ...]] = {
    "交通出行": _words("公交 巴士 线路 首末班 接驳 地铁 站点 换乘 通车 停车 出行 交通"),
    "社区治理": _words("治理 网格 党建 议事 物业 村改居 联建 共治 自治 诈骗 平安"),
    "志愿服务": _words("志愿 义诊 义务 公益 献血 学雷锋 帮扶 爱心 实践"),
    "文化活动": _words("文化 演出 文艺 合唱 舞蹈 展览 读书 非遗 晚会 艺术团 运动会"),
    "民生服务": _words("便民 养老 敬老 医疗 就医 供暖 燃气 饮水 社保 民生 适老 菜市场 电梯 路灯 公园"),
    "教育就业": _words("学校 教育 招生 就业 招聘 岗位 培训 创业 课堂 大学生 毕业 开学"),
}
# The site's six, in tie-break order; their slugs are chosen in content/taxonomy.yml.
CATEGORIES = tuple(KEYWORDS)


def score(text: str, category: str) -> int:
    return sum(text.count(word) for word in KEYWORDS[category])


def choose(headline: str, lead: str, body: str) -> tuple[str, bool]:
    """(category, guessed): guessed is True when no keyword was found anywhere."""

    def key(category: str) -> tuple[int, int, int]:
        front = 4 * score(headline, category) + 2 * score(lead, category)
        return front, score(body, category), -CATEGORIES.index(category)

    best = max(CATEGORIES, key=key)
    if key(best)[:2] == (0, 0):
        return FALLBACK, True
    return best, False
