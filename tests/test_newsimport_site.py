"""The importer against the real site: its posts pass the check, read back through Pelican's own
reader, and render as the hand-converted seed posts do."""

from __future__ import annotations

import io
import shutil

import pytest
from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import read_settings

from conftest import ROOT, build_site
from hubtools.check import run_checks
from newsimport.cli import main as import_paper

SEED = ROOT / "tests/fixtures/seed/000_1207179334281816.txt"
POSTS = {
    "2025-08-20_s228-shuttle-opens.md": ("S228路社区接驳巴士开通", ["王赛华", "谢鹏飞"]),
    "2025-08-20_shihe-grid-governance.md": ("明湖办事处打造互嵌式基层服务“新样板”", ["鲁慧"]),
    "2025-08-20_yatai-student-volunteers.md": ("“红衣”青年实践服务基层两不误", ["鲁慧"]),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A copy of the site whose stories and route come from the importer, not from hand."""
    content = tmp_path_factory.mktemp("imported") / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.rmtree(content / "articles")
    (content / "routes/s228.md").unlink()
    out = io.StringIO()
    assert import_paper([str(SEED), "--date", "2025-08-20", "--content-dir", str(content)], out=out) == 0, out.getvalue()
    return content


def test_imported_posts_pass_the_site_check(imported):
    problems, _ = run_checks(imported)
    assert problems == []


@pytest.mark.parametrize(("name", "expected"), POSTS.items())
def test_pelicans_own_reader_reads_the_intended_metadata(imported, name, expected):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(imported)})
    article = Readers(settings).read_file(str(imported), f"articles/2025/{name}", content_class=Article)
    title, authors = expected
    assert article.title == title
    assert article.date.isoformat() == "2025-08-20T00:00:00+08:00"
    assert article.slug == name.removeprefix("2025-08-20_").removesuffix(".md")
    assert [a.name for a in article.authors] == authors


def test_imported_pages_match_the_hand_converted_ones(imported, site, tmp_path):
    built = build_site(tmp_path / "output", imported)
    for url in ("/articles/2025/s228-shuttle-opens/", "/articles/2025/shihe-grid-governance/",
                "/articles/2025/yatai-student-volunteers/"):
        ours, theirs = site.soup(url), built.soup(url)
        for selector in (".story-header h1", ".story-header .kicker", ".byline", ".story-body"):
            assert theirs.select_one(selector).get_text() == ours.select_one(selector).get_text(), (url, selector)


def test_importing_twice_changes_nothing(imported):
    before = {p: p.read_bytes() for p in sorted(imported.rglob("*.md"))}
    out = io.StringIO()
    assert import_paper([str(SEED), "--date", "2025-08-20", "--content-dir", str(imported)], out=out) == 0
    assert "nothing changed" in out.getvalue()
    assert {p: p.read_bytes() for p in sorted(imported.rglob("*.md"))} == before
