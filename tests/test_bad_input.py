"""Bad content stops the build with file, line and field; the last good output survives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from hubtools.build import BuildError
from hubtools.check import run_checks

GOOD = (ROOT / "content/articles/2025/2025-08-20_s228-shuttle-opens.md").read_text(encoding="utf-8")

CASES = [
    ("missing-title", GOOD.replace("title: S228路社区接驳巴士开通\n", ""), 1, "title", "is missing"),
    ("bad-date", GOOD.replace("date: 2025-08-20", "date: 2025-13-01"), 4, "date", "'2025-13-01' is not a date"),
    ("unknown-key", GOOD.replace("slug:", "colour: red\nslug:"), 8, "colour", "is not a known field"),
    ("bad-category", GOOD.replace("category: 交通出行", "category: 体育"), 5, "category", "is not a category"),
    ("no-front-matter", "只有正文。\n", 1, "front matter", "does not start with '---'"),
    ("tab-indent", GOOD.replace("slug: s228", "slug:\n\t- s228"), 9, "front matter", "contains a tab character"),
]


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def broken(content: Path, text: str) -> Path:
    path = content / "articles/2025/2025-08-21_broken.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "text", "line", "field", "problem"), CASES, ids=[c[0] for c in CASES])
def test_check_names_file_line_and_field(content, name, text, line, field, problem):
    broken(content, text)
    problems, _ = run_checks(content)
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"{content}/articles/2025/2025-08-21_broken.md:{line}: {field}: ") and problem in m
               for m in messages), messages
    assert all(" — " in m for m in messages), "every message says how to fix it"


def test_failed_build_keeps_the_previous_output(content, tmp_path):
    site = build_site(tmp_path / "output", content)
    before = {p: p.read_bytes() for p in sorted(site.root.rglob("*")) if p.is_file()}
    broken(content, GOOD.replace("date: 2025-08-20", "date: 2025-02-30").replace("s228-shuttle-opens", "x"))
    with pytest.raises(BuildError) as err:
        build_site(tmp_path / "output", content)
    assert "2025-08-21_broken.md:4: date: '2025-02-30' is not a date" in str(err.value)
    after = {p: p.read_bytes() for p in sorted(site.root.rglob("*")) if p.is_file()}
    assert after == before


def test_homophone_tags_never_share_a_page(content):
    broken(content, GOOD.replace("slug: s228-shuttle-opens", "slug: homophones").replace(
        "tags: [", "tags: [李静, 李晶, "))
    problems, _ = run_checks(content)
    assert any("李晶" in str(p) and "李静" in str(p) and "'lijing'" in str(p) for p in problems), problems


def test_duplicate_slug_is_refused(content):
    broken(content, GOOD)
    problems, _ = run_checks(content)
    assert any("is already the slug of" in str(p) and p.field == "slug" and p.line == 8 for p in problems), problems


def test_invalid_utf8_names_the_line(content):
    path = content / "articles/2025/2025-08-21_gbk.md"
    path.write_bytes(GOOD.replace("slug: s228-shuttle-opens", "slug: gbk").encode("utf-8") + "尾巴".encode("gbk"))
    problems, _ = run_checks(content)
    assert any(str(p).startswith(f"{path}:") and "encoding" in str(p) for p in problems), problems
