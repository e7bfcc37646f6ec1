"""The same commit builds byte-identical output, in another folder and at another time."""

from __future__ import annotations

import hashlib

from conftest import build_site


def digest(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(site, tmp_path):
    again = build_site(tmp_path / "elsewhere" / "out", env={"TZ": "America/New_York"})
    assert digest(again.root) == digest(site.root)
