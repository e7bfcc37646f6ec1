"""The build's notion of "today", injected so output never depends on the wall clock."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from .dates import SHANGHAI

FALLBACK = "2025-08-20"  # a tarball with no git and no variables still builds the same bytes


def build_date(env: Mapping[str, str], repo: Path) -> str:
    """ISO date: HUB_BUILD_DATE, else SOURCE_DATE_EPOCH, else the last commit's date, in Asia/Shanghai."""
    if env.get("HUB_BUILD_DATE"):
        return date.fromisoformat(env["HUB_BUILD_DATE"]).isoformat()
    epoch = env.get("SOURCE_DATE_EPOCH") or _commit_epoch(repo)
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(SHANGHAI).date().isoformat()
    return FALLBACK


def _commit_epoch(repo: Path) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None
