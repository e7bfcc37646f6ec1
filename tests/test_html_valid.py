"""Every built page is valid HTML (the Nu Html Checker, npm vnu-jar pinned in package.json)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu Html Checker needs Java")
def test_every_page_is_valid_html(site):
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(site.root)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-4000:]
