"""The same commit builds byte-identical output, in another folder, at another time, in another time zone."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time

import pytest

from conftest import ROOT, build_site
from hub_content.clock import FALLBACK, build_date

# SOURCE_DATE_EPOCH instead of HUB_BUILD_DATE: the reproducible-builds.org convention CI systems set.
EPOCH_ENV = {"HUB_BUILD_DATE": "", "SOURCE_DATE_EPOCH": "1755648000"}  # 2025-08-20 00:00 UTC


def digest(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(site, tmp_path):
    again = build_site(tmp_path / "elsewhere" / "out", env={"TZ": "America/New_York"})
    assert digest(again.root) == digest(site.root)


def test_builds_with_source_date_epoch_agree_across_folders_times_and_zones(tmp_path):
    first = build_site(tmp_path / "a" / "output", env={**EPOCH_ENV, "TZ": "UTC"})
    time.sleep(1.1)  # a different wall-clock second: nothing may record it
    second = build_site(tmp_path / "b" / "deeper" / "site", env={**EPOCH_ENV, "TZ": "Pacific/Kiritimati", "LANG": "C"})
    one, two = digest(first.root), digest(second.root)
    assert len(one) >= 20
    assert one == two


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"HUB_BUILD_DATE": "2025-09-01", "SOURCE_DATE_EPOCH": "1755648000"}, "2025-09-01"),  # explicit date wins
        ({"SOURCE_DATE_EPOCH": "1755648000"}, "2025-08-20"),  # 00:00 UTC is 08:00 in Shanghai
        ({"SOURCE_DATE_EPOCH": "1755705600"}, "2025-08-21"),  # 16:00 UTC is already the next day in Shanghai
    ],
)
def test_build_date_sources(env, expected, tmp_path):
    assert build_date(env, tmp_path) == expected


def test_build_date_without_git_or_variables_is_fixed(tmp_path):
    assert build_date({}, tmp_path) == FALLBACK


def test_settings_take_source_date_epoch(tmp_path):
    code = "import pelicanconf as p; print(p.HUB_BUILD_DATE)"
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1755705600", "TZ": "America/New_York"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2025-08-21"
