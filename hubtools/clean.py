"""Remove what builds and tests leave behind; never anything tracked by git."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("output", "output-publish", "output.old", ".output-spare", "cache", ".pytest_cache", ".ruff_cache", ".hypothesis")


def main() -> int:
    for name in GENERATED:
        shutil.rmtree(ROOT / name, ignore_errors=True)
    for staging in ROOT.glob(".build-*"):
        shutil.rmtree(staging, ignore_errors=True)
    print("已清理构建输出和缓存。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
