"""Rebuild on change and reload the browser (python-livereload), for editors previewing a post.

Builds go through a Pelican process kept warm between them (hubtools/warm.py): an edit in a
large archive then spends its time on the pages it changed, not on starting up.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from livereload import Server

from hubtools.build import BuildError, build
from hubtools.warm import WarmPelican

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"


def rebuild(warm: WarmPelican) -> None:
    try:
        build(ROOT / "pelicanconf.py", OUTPUT, cache=CACHE, warm=warm)
    except BuildError as exc:
        print(exc)  # the previous output keeps being served


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Live-reloading preview.")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    with WarmPelican(ROOT / "pelicanconf.py", CACHE) as warm:
        rebuild(warm)
        server = Server()
        for folder in ("content", "theme", "plugins"):
            server.watch(str(ROOT / folder / "**" / "*"), lambda: rebuild(warm))
        server.serve(host="127.0.0.1", port=args.port, root=str(OUTPUT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
