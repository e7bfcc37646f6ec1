"""Publishing is atomic: a killed, failed or unverifiable build leaves the previous output byte-identical."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUILD_ENV, ROOT, build_site
from hubtools.build import BuildError, build

GOOD = (ROOT / "content/articles/2025/2025-08-20_s228-shuttle-opens.md").read_text(encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def add_stories(content: Path, count: int) -> None:
    """Enough stories that Pelican spends a few seconds writing, so it can be killed mid-write."""
    for n in range(count):
        text = GOOD.replace("slug: s228-shuttle-opens", f"slug: filler-{n:03d}").replace("date: 2025-08-20", "date: 2025-07-01")
        (content / f"articles/2025/2025-07-01_filler-{n:03d}.md").write_text(text, encoding="utf-8")


def test_killed_build_leaves_previous_output_byte_identical(content, tmp_path):
    output = tmp_path / "output"
    build_site(output, content)
    before = snapshot(output)
    add_stories(content, 120)
    cmd = [sys.executable, "-m", "hubtools.build", "--output", str(output), "--content", str(content)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **BUILD_ENV}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    written = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            staged = list(tmp_path.glob(".build-output-*/site/articles/2025/*/index.html"))
            written = len(staged)
            if written >= 5:  # Pelican is in the middle of writing the new site
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"the build was not killed mid-run (exit {proc.returncode}, {written} pages)"
    assert snapshot(output) == before
    # The dead build's leftovers do not disturb the next one: the same content builds the same bytes.
    for filler in content.glob("articles/2025/2025-07-01_filler-*.md"):
        filler.unlink()
    build_site(output, content)
    assert snapshot(output) == before
    assert list(tmp_path.glob(".build-*")) == []


def test_unverifiable_site_is_not_published(content, tmp_path):
    output = tmp_path / "output"
    build_site(output, content)
    before = snapshot(output)
    story = content / "articles/2025/2025-08-20_s228-shuttle-opens.md"
    story.write_text(story.read_text(encoding="utf-8") + '\n<a href="../no-such-story/">旧链接</a>\n', encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build_site(output, content)
    assert "broken internal links" in str(err.value) and "../no-such-story/" in str(err.value)
    assert snapshot(output) == before


def test_swap_interrupted_between_renames_is_recovered(content, tmp_path):
    output = tmp_path / "output"
    build_site(output, content)
    before = snapshot(output)
    output.rename(tmp_path / "output.old")  # as if killed right after the first rename of the swap
    story = content / "articles/2025/2025-08-20_s228-shuttle-opens.md"
    story.write_text(story.read_text(encoding="utf-8").replace("date: 2025-08-20", "date: 2025-02-30"), encoding="utf-8")
    with pytest.raises(BuildError):
        build(ROOT / "pelicanconf.py", output, content, BUILD_ENV)
    assert snapshot(output) == before
    assert not (tmp_path / "output.old").exists()
