"""Rebuild on change and reload the browser (python-livereload), for editors previewing a post."""

from __future__ import annotations

import argparse
from pathlib import Path

from livereload import Server

from hubtools.build import BuildError, build

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "output"


def rebuild() -> None:
    try:
        build(ROOT / "pelicanconf.py", OUTPUT, cache=ROOT / "cache")
    except BuildError as exc:
        print(exc)  # the previous output keeps being served


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Live-reloading preview.")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    rebuild()
    server = Server()
    for folder in ("content", "theme", "plugins"):
        server.watch(str(ROOT / folder / "**" / "*"), rebuild)
    server.serve(host="127.0.0.1", port=args.port, root=str(OUTPUT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
