"""Golden pages: ``tests/fixtures/newspaper/*.txt`` -> ``*.expected.md``, and the round trip.

Each ``*.expected.md`` holds every file the importer writes for that page, each after a
``==> path under content/ <==`` line. After a deliberate change of the rules, regenerate
them with ``NEWSIMPORT_UPDATE_GOLDEN=1 pytest tests/test_newsimport_golden.py`` and read
the diff before committing it.

Page shapes: the seed page (three stories, kicker lines, mid-word splits, half-width
punctuation), a leading byline with correspondents and 文/图 and a page-header date
(leading_byline), trailing reporter + correspondent with a three-line headline
(trailing_correspondent), outlet prefix and spread-out names (outlet_prefix), GB18030 with
CRLF (gb18030), full-width text with U+3000 indents and full-width digits (fullwidth),
several stories with leading and closing bylines, a caption and page furniture
(multi_story), three route announcements in one story (three_routes), stories without
本报讯 dated by their first paragraph (no_benbaoxun), captions and crossheads and a URL
(captions_crossheads).
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from hub_content.article import ARTICLE_FIELDS
from hub_content.frontmatter import parse_document
from newsimport.cli import prepare
from newsimport.textfix import visible

FIXTURES = Path(__file__).parent / "fixtures" / "newspaper"
PAGES = sorted(FIXTURES.glob("*.txt"))
# The date for pages that do not print one; None: the page (header or lead) says it.
DATES = {
    "000_1207179334281816": "2025-08-20",
    "trailing_correspondent": "2025-09-05",
    "outlet_prefix": "2025-09-06",
    "gb18030": "2025-09-07",
    "fullwidth": "2025-09-08",
    "three_routes": "2025-09-09",
    "captions_crossheads": "2025-09-12",
}
ROUTE_KEYS = {
    "number",
    "name",
    "kind",
    "operator",
    "partners",
    "opened",
    "status",
    "hours",
    "termini",
    "roads",
    "serves",
    "sources",
    "draft",
}
ARTICLE_KEYS = set(ARTICLE_FIELDS)  # the site's own schema: the importer writes nothing else


def import_page(page: Path, content: Path):
    return prepare(page, page.name, DATES.get(page.stem), content)


def golden_text(outputs) -> str:
    return "\n".join(f"==> {o.rel} <==\n{o.text}" for o in outputs)


def test_there_are_enough_shapes() -> None:
    assert len(PAGES) >= 9
    assert all(p.with_suffix(".expected.md").exists() or os.environ.get("NEWSIMPORT_UPDATE_GOLDEN") for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_golden(page: Path, tmp_path: Path) -> None:
    _, outputs, _ = import_page(page, tmp_path / "content")
    expected_file = page.with_suffix(".expected.md")
    actual = golden_text(outputs)
    if os.environ.get("NEWSIMPORT_UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_gb18030_page_says_so(tmp_path: Path) -> None:
    _, _, header = import_page(FIXTURES / "gb18030.txt", tmp_path)
    assert "(GB18030, CRLF line ends" in header


def rendered_text(body: str) -> str:
    html = markdown.markdown(body, extensions=["markdown.extensions.extra"], output_format="html5")
    return visible(BeautifulSoup(html, "html.parser").get_text())


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_round_trip(page: Path, tmp_path: Path) -> None:
    """Every written file reads back, through the project's parser, as what was meant."""
    articles, outputs, _ = import_page(page, tmp_path / "content")
    by_path = {o.rel: o for o in outputs}
    for article in articles:
        doc = parse_document(by_path[article.path].text, article.path)
        assert set(doc.meta) <= ARTICLE_KEYS
        assert doc.meta["title"] == article.title
        assert doc.meta["date"] == article.date
        assert doc.meta["slug"] == article.slug
        assert doc.meta["authors"] == list(article.authors)
        assert doc.meta.get("kicker") == article.kicker
        assert doc.meta["category"] in ("交通出行", "社区治理", "志愿服务", "文化活动", "民生服务", "教育就业")
        assert doc.meta["source"].startswith(page.name + ":")
        # The rendered page shows every character of the story, in order.
        assert rendered_text(doc.body) == visible("".join(b.text for b in article.blocks))
    for output in outputs:
        if output.kind == "route":
            doc = parse_document(output.text, output.rel)
            assert set(doc.meta) <= ROUTE_KEYS
            assert output.rel == f"routes/{doc.meta['number'].lower()}.md"
            assert all(src in by_path for src in doc.meta["sources"])


def test_seed_posts_match_the_hand_conversion(tmp_path: Path) -> None:
    articles, outputs, _ = import_page(FIXTURES / "000_1207179334281816.txt", tmp_path)
    metas = [parse_document(o.text, o.rel).meta for o in outputs if o.kind == "article"]
    assert [(m["slug"], m["category"], m["authors"], m.get("photographers")) for m in metas] == [
        ("s228-shuttle-opens", "交通出行", ["王赛华", "谢鹏飞"], None),
        ("shihe-grid-governance", "社区治理", ["鲁慧"], None),
        ("yatai-student-volunteers", "志愿服务", ["鲁慧"], ["鲁慧"]),
    ]
    assert [o.rel for o in outputs] == [
        "articles/2025/2025-08-20_s228-shuttle-opens.md",
        "articles/2025/2025-08-20_shihe-grid-governance.md",
        "articles/2025/2025-08-20_yatai-student-volunteers.md",
        "routes/s228.md",
    ]
    # Every Chinese character of each story in the seed, in order, is on its page.
    seed_lines = (FIXTURES / "000_1207179334281816.txt").read_text(encoding="utf-8").split("\n")
    for article in articles:
        first, last = map(int, article.source.rsplit(":", 1)[1].split("-"))
        source = "".join(seed_lines[first - 1 : last])
        byline = seed_lines[last - 1]
        han = [c for c in source.removesuffix(byline) if "\u4e00" <= c <= "\u9fff"]
        shown = [
            c
            for c in (article.kicker or "") + article.title + "".join(b.text for b in article.blocks)
            if "\u4e00" <= c <= "\u9fff"
        ]
        assert shown == han
