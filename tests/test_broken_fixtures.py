"""Acceptance: a folder of broken content gives exactly the expected messages, and nothing is published."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from hub_content.source import MAX_BYTES
from hubtools.build import BuildError
from hubtools.check import main as check_main
from hubtools.check import run_checks

FIXTURE = Path(__file__).parent / "fixtures" / "broken"
EXPECTED = [line for line in (FIXTURE / "expected.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
LOCATION = re.compile(r"^(?P<path>[^:\s]+)(?::(?P<line>\d+))?: (?P<field>[^:]+): ")


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    (target / "expected.txt").unlink()
    line = "一段很长的正文。\n"  # 25 bytes in UTF-8
    huge = "---\ntitle: 很长\n---\n" + line * (MAX_BYTES // len(line.encode()) + 1)
    (target / "articles/2025/2025-09-01_huge.md").write_text(huge, encoding="utf-8")
    assert (target / "articles/2025/2025-09-01_huge.md").stat().st_size > MAX_BYTES
    return target


def messages(content: Path) -> list[str]:
    problems, _ = run_checks(content)
    return [str(p).replace(f"{content}/", "") for p in problems]


def test_fixture_has_at_least_forty_broken_files():
    files = [p for p in FIXTURE.rglob("*") if p.suffix in (".md", ".txt", ".html") and p.name != "README.md"]
    assert len(files) >= 40
    assert len(EXPECTED) >= 45


def test_every_expected_message_and_nothing_else(content):
    found = messages(content)
    missing = [e for e in EXPECTED if not any(m.startswith(e) for m in found)]
    unexpected = [m for m in found if not any(m.startswith(e) for e in EXPECTED)]
    assert (missing, unexpected) == ([], [])


def test_every_message_names_file_field_and_fix(content):
    for message in messages(content):
        m = LOCATION.match(message)
        assert m, message
        assert (content / m["path"]).is_file(), message
        assert " — " in message, message


def test_every_broken_file_is_reported(content):
    named = {LOCATION.match(m)["path"] for m in messages(content)}
    files = {p.relative_to(content).as_posix() for p in content.rglob("*")
             if p.suffix in (".md", ".txt", ".html") and p.name != "README.md"}
    # Of two files sharing a slug the later one is reported; homophone tags are a taxonomy.yml problem.
    assert files - named == {"articles/2024/2024-09-01_same-slug.md", "pages/about-a.md",
                             "articles/2025/2025-09-01_homophones.md"}


def test_check_exits_non_zero_listing_every_problem(content, capsys):
    assert check_main([str(content)]) == 1
    err = capsys.readouterr().err
    assert err.count(str(content)) >= len(EXPECTED)
    assert f"{len(EXPECTED)} 个问题" in err


def test_previous_output_is_untouched(content, tmp_path):
    good = tmp_path / "good"
    shutil.copytree(ROOT / "content", good)
    output = build_site(tmp_path / "output", good).root
    before = {p: p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    # `invoke build` runs the check first and stops there; forced past it, the build fails on its own.
    assert check_main([str(content)]) == 1
    shutil.copytree(content / "articles", good / "articles", dirs_exist_ok=True)
    with pytest.raises(BuildError):
        build_site(output, good)
    assert {p: p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()} == before
