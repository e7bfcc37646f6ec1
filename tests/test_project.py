"""The project's own plumbing: workflow, settings layering, no build output in git."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_publish_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint is installed from requirements.txt"
    proc = subprocess.run([actionlint, "-no-color", str(ROOT / ".github/workflows/publish.yml")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_uses_official_pages_actions_with_least_privilege():
    text = (ROOT / ".github/workflows/publish.yml").read_text()
    assert "actions/upload-pages-artifact@" in text and "actions/deploy-pages@" in text
    assert "permissions:\n  contents: read" in text
    assert "secrets." not in text


def test_publishconf_takes_siteurl_from_environment():
    code = "import publishconf as p; print(p.SITEURL, p.HUB_SITEURL, p.FEED_DOMAIN, p.RELATIVE_URLS)"
    env = {"SITEURL": "https://news.example.org/hub/", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd="/", env={**env, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["https://news.example.org/hub"] * 3 + ["True"]


def test_settings_do_not_depend_on_working_directory(tmp_path):
    code = "import pelicanconf as p; print(p.PATH); print(p.THEME)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(ROOT / "content"), str(ROOT / "theme")]


def test_no_build_output_or_caches_tracked():
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True).stdout
    for bad in ("output/", ".venv/", "node_modules/", "__pycache__/", ".stamps/"):
        assert not any(line.startswith(bad) or f"/{bad}" in line for line in files.splitlines()), bad


def test_editor_guide_matches_the_schemas():
    from hubtools.docs import render

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render(readme) == readme, "run `python -m hubtools.docs` to regenerate the field tables"
    assert "| `title` | 是 |" in readme
