"""python -m hubtools.bench --articles N [--runs 3] [--work DIR]"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .runner import BenchError, bench, table
from .settle import can_drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time full, no-change and one-edit builds against plain Pelican.")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=None, help="keep corpus and outputs here (default: a temporary folder)")
    parser.add_argument("--no-verify", action="store_true", help="skip the incremental-vs-full identity check")
    parser.add_argument("--keep-caches", action="store_true",
                        help="do not drop the kernel's caches before each build (see hubtools/bench/settle.py)")
    args = parser.parse_args(argv)
    drop = can_drop() and not args.keep_caches
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        try:
            results = bench(args.articles, args.runs, work, verify=not args.no_verify,
                            log=lambda s: print(s, file=sys.stderr, flush=True), drop=drop)
        except BenchError as exc:
            print(exc, file=sys.stderr)
            return 1
    print(table(args.articles, args.runs, results, dropped=drop))
    return 0


if __name__ == "__main__":
    sys.exit(main())
