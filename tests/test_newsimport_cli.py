"""The command: exit codes, nothing written on error, idempotence, --dry-run, --force."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from newsimport.cli import EXIT_CONFLICT, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "newspaper" / "000_1207179334281816.txt"
SEED_FILES = [
    "articles/2025/2025-08-20_s228-shuttle-opens.md",
    "articles/2025/2025-08-20_shihe-grid-governance.md",
    "articles/2025/2025-08-20_yatai-student-volunteers.md",
    "routes/s228.md",
]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main([str(a) for a in args], out=out, err=err)
    except SystemExit as exc:  # argparse
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def test_import_then_import_again_changes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    code, out, err = run(SEED, "--date", "2025-08-20", "--content-dir", content)
    assert (code, err) == (EXIT_OK, "")
    assert sorted(snapshot(content)) == sorted(SEED_FILES)
    assert "UTF-8, LF line ends, 85 lines): 3 stories, 1 route announcement(s)" in out
    assert out.count("created") >= 4
    for slug in ("s228-shuttle-opens", "shihe-grid-governance", "yatai-student-volunteers"):
        assert slug in out
    assert "王赛华、谢鹏飞" in out and "395/395" in out
    before = snapshot(content)

    code, out, err = run(SEED, "--date", "2025-08-20", "--content-dir", content)
    assert (code, err) == (EXIT_OK, "")
    assert "nothing changed — all 4 file(s) were already up to date" in out
    assert out.count("unchanged") >= 4
    assert snapshot(content) == before


def test_dry_run_prints_and_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    code, out, _ = run(SEED, "--date", "2025-08-20", "--content-dir", content, "--dry-run")
    assert code == EXIT_OK
    assert not content.exists()
    assert out.count("would create") == 4
    assert "    title: S228路社区接驳巴士开通" in out
    assert "dry run, nothing written (4 to create" in out


def test_existing_post_is_never_overwritten_without_force(tmp_path: Path) -> None:
    content = tmp_path / "content"
    run(SEED, "--date", "2025-08-20", "--content-dir", content)
    post = content / SEED_FILES[0]
    original = post.read_text(encoding="utf-8")
    post.write_text(original.replace("王赛华", "王赛花"), encoding="utf-8")  # an editor's hand fix

    code, out, _ = run(SEED, "--date", "2025-08-20", "--content-dir", content)
    assert code == EXIT_CONFLICT
    assert "NOT overwritten" in out and "--force" in out
    assert "王赛花" in post.read_text(encoding="utf-8")

    code, out, _ = run(SEED, "--date", "2025-08-20", "--content-dir", content, "--force")
    assert code == EXIT_OK
    assert "overwrote" in out
    assert post.read_text(encoding="utf-8") == original


def test_hand_completed_route_file_is_kept(tmp_path: Path) -> None:
    content = tmp_path / "content"
    run(SEED, "--date", "2025-08-20", "--content-dir", content)
    route = content / "routes" / "s228.md"
    route.write_text(route.read_text(encoding="utf-8") + "站点已由编辑补全。\n", encoding="utf-8")
    code, out, _ = run(SEED, "--date", "2025-08-20", "--content-dir", content)
    assert code == EXIT_OK
    assert "kept" in out and "站点已由编辑补全" in route.read_text(encoding="utf-8")
    code, _, _ = run(SEED, "--date", "2025-08-20", "--content-dir", content, "--force")
    assert code == EXIT_OK
    assert "站点已由编辑补全" not in route.read_text(encoding="utf-8")


def test_a_new_story_does_not_take_an_older_posts_url(tmp_path: Path) -> None:
    content = tmp_path / "content"
    older = content / "articles" / "2025" / "2025-03-01_s228-shuttle-opens.md"
    older.parent.mkdir(parents=True)
    older.write_text("---\ntitle: 旧文\n---\n", encoding="utf-8")
    code, out, _ = run(SEED, "--date", "2025-08-20", "--content-dir", content)
    assert code == EXIT_OK
    assert (content / "articles/2025/2025-08-20_s228-shuttle-opens-2.md").exists()
    assert "slug s228-shuttle-opens is taken in 2025" in out


PAGE = "标题\n本报讯 导语。\n记者 鲁慧\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "page.txt:1: file: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "page.txt:3: file: the file is binary"),
        (
            "标题\n本报讯 导语。\n".encode() + b"\xff\xff\n",
            "page.txt:3: encoding: byte 0xFF is neither UTF-8 nor GB18030",
        ),
        ("只有一段文字，没有标题，也没有署名。\n".encode(), "page.txt:1: stories: no story found on the page"),
        ("标题\n\n本报讯\n\n记者 鲁慧\n".encode(), "page.txt:1: body: the story “标题” has a headline but no body"),
        (PAGE.encode(), "page.txt:1: date: the page gives no date"),
    ],
)
def test_bad_input_exits_1_and_writes_nothing(tmp_path: Path, monkeypatch, data: bytes, message: str) -> None:
    monkeypatch.chdir(tmp_path)  # so the file is named as the editor typed it
    Path("page.txt").write_bytes(data)
    content = tmp_path / "content"
    code, out, err = run("page.txt", "--content-dir", content)
    assert code == EXIT_PROBLEMS
    assert message in err
    assert " — " in err
    assert "nothing written" in err
    assert out == ""
    assert not content.exists()


@pytest.mark.parametrize(("target", "words"), [("missing.txt", "does not exist"), (".", "is a directory")])
def test_missing_page(tmp_path: Path, monkeypatch, target: str, words: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(target, "--content-dir", tmp_path / "content")
    assert code == EXIT_PROBLEMS
    assert f"{target}: file: the page {words}" in err


@pytest.mark.parametrize("date", ["2025-13-01", "20250820", "2025-8-20", "yesterday"])
def test_bad_date_argument(tmp_path: Path, capsys, date: str) -> None:
    code, _, _ = run(SEED, "--date", date, "--content-dir", tmp_path)
    assert code == EXIT_USAGE
    assert "use YYYY-MM-DD" in capsys.readouterr().err


def test_python_dash_m(tmp_path: Path) -> None:
    """The real entry point, as ``invoke import-paper`` runs it from the repository root."""
    result = subprocess.run(
        [sys.executable, "-m", "newsimport", str(SEED), "--date", "2025-08-20", "--content-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert (tmp_path / "articles/2025/2025-08-20_s228-shuttle-opens.md").exists()
    assert "4 created" in result.stdout
