"""`invoke import-gtfs PATH`: write one route file per route of a GTFS feed (see hub_routes.gtfs).

    python -m hubtools.import_gtfs PATH [--out content/routes] [--dry-run] [--force]

Exit 0 when written (or checked, with --dry-run), 1 listing every problem with nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from hub_routes.gtfs import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(prog="python -m hubtools.import_gtfs", default_out=ROOT / "content" / "routes"))
