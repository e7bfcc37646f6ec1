"""Command line: ``python -m newsimport PATH [--date YYYY-MM-DD] [--dry-run] [--force] [--content-dir DIR]``.

Runs decode -> parse -> metadata -> render -> write and prints what it did, then one row
per story: title, authors, slug, file, characters kept (of the source's, byline excluded),
warnings.

Exit status: 0 everything written or already up to date; 1 the page has problems (each
printed as ``path:line: field: problem — fix`` on stderr, nothing written); 2 wrong
arguments; 3 some posts exist with other content and were not overwritten (use --force).

The content directory defaults to ``content/`` next to this package, not the working
directory, so the command does the same wherever it is started.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from hub_content.errors import ContentError, Problem, display_path

from .decode import decode_page
from .metadata import Article, build_articles
from .parse import parse_page
from .render import render_article, render_route
from .report import table
from .routes import merge_routes
from .sitetags import load_site_tags, with_site_tags
from .write import CONFLICT, CREATE, KEEP, OVERWRITE, UNCHANGED, Action, Output, apply, existing_posts, plan

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_CONFLICT = 0, 1, 2, 3
_VERBS = {CREATE: "created", OVERWRITE: "overwrote", UNCHANGED: "unchanged", CONFLICT: "NOT overwritten", KEEP: "kept"}
_DRY_VERBS = {
    CREATE: "would create",
    OVERWRITE: "would overwrite",
    UNCHANGED: "unchanged",
    CONFLICT: "would NOT overwrite",
    KEEP: "would keep",
}


def _iso_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> str:
    raise argparse.ArgumentTypeError(f"{value!r} is not a date — use YYYY-MM-DD, e.g. 2025-08-20")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsimport",
        description="Import one newspaper page (plain text, UTF-8 or GB18030) as Markdown posts.",
    )
    parser.add_argument("path", type=Path, help="the page's text file")
    parser.add_argument("--date", type=_iso_date, help="the issue's date, YYYY-MM-DD (else taken from the page)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    parser.add_argument(
        "--force", action="store_true", help="overwrite posts and route files that exist with other content"
    )
    parser.add_argument(
        "--content-dir", type=Path, default=DEFAULT_CONTENT, help="where content/ is (default: %(default)s)"
    )
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    shown = display_path(args.path)
    try:
        articles, outputs, header = prepare(args.path, shown, args.date, args.content_dir)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        print(f"newsimport: {len(exc.problems)} problem(s) in {shown}; nothing written", file=err)
        return EXIT_PROBLEMS
    print(header, file=out)
    actions = plan(outputs, args.content_dir, force=args.force)
    if not args.dry_run:
        apply(actions)
    _print_actions(actions, args.content_dir, args.dry_run, out)
    print(file=out)
    print(_summary(articles, actions, args.content_dir), file=out)
    print(file=out)
    return _conclude(actions, args.dry_run, out)


def prepare(path: Path, shown: str, date: str | None, content_dir: Path) -> tuple[list[Article], list[Output], str]:
    """Everything short of writing: decode, parse, build metadata, render."""
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "does not exist"
        raise ContentError(Problem(shown, None, "file", f"the page {what}", "pass the path of the page's .txt file"))
    decoded = decode_page(path.read_bytes(), shown)
    page = parse_page(decoded.text, shown)
    articles = build_articles(page, path.name, shown, date, existing_posts(content_dir))
    site, declared = load_site_tags(content_dir, frozenset(a.path for a in articles)), set()
    articles = [with_site_tags(a, site, declared) for a in articles]
    outputs = [Output(a.path, render_article(a), "article") for a in articles]
    routes = merge_routes([r for a in articles for r in a.routes])
    outputs += [Output(f"routes/{r.file_name}", render_route(r), "route") for r in routes]
    lines = decoded.text.count("\n") + (0 if decoded.text.endswith("\n") else 1)
    header = (
        f"newsimport: read {shown} ({decoded.encoding}, {decoded.line_ends} line ends, {lines} lines): "
        f"{len(articles)} {'story' if len(articles) == 1 else 'stories'}, {len(routes)} route announcement(s)"
    )
    return articles, outputs, header


def _rel(action: Action, content_dir: Path) -> str:
    return display_path(content_dir / action.output.rel)


def _print_actions(actions: list[Action], content_dir: Path, dry_run: bool, out: TextIO) -> None:
    verbs = _DRY_VERBS if dry_run else _VERBS
    width = max(len(v) for v in verbs.values())
    for action in actions:
        line = f"  {verbs[action.status]:<{width}}  {_rel(action, content_dir)}"
        if action.status == CONFLICT:
            line += "  (exists with other content; --force overwrites it)"
        elif action.status == KEEP:
            line += "  (route file exists; kept as it is, --force replaces it)"
        print(line, file=out)
        if dry_run and action.writes:
            print("    " + action.output.text.rstrip("\n").replace("\n", "\n    "), file=out)


def _summary(articles: list[Article], actions: list[Action], content_dir: Path) -> str:
    by_rel = {a.output.rel: a for a in actions}
    rows = []
    for n, article in enumerate(articles, 1):
        action = by_rel[article.path]
        rows.append(
            [
                str(n),
                article.title,
                "、".join(article.authors) or "—",
                article.slug,
                _rel(action, content_dir),
                f"{article.kept_chars}/{article.source_chars}",
                "; ".join(article.warnings) or "—",
            ]
        )
    return table(["#", "title", "authors", "slug", "file", "chars kept", "warnings"], rows)


def _conclude(actions: list[Action], dry_run: bool, out: TextIO) -> int:
    counts = {status: sum(1 for a in actions if a.status == status) for status in _VERBS}
    if counts[CONFLICT]:
        print(
            f"newsimport: {counts[CONFLICT]} post(s) exist with other content and were not overwritten; "
            "check them, then run again with --force to replace them",
            file=out,
        )
        return EXIT_CONFLICT
    if dry_run:
        print(
            f"newsimport: dry run, nothing written ({counts[CREATE]} to create, {counts[OVERWRITE]} to overwrite, "
            f"{counts[UNCHANGED]} unchanged)",
            file=out,
        )
    elif counts[CREATE] + counts[OVERWRITE] == 0:
        print(f"newsimport: nothing changed — all {counts[UNCHANGED]} file(s) were already up to date", file=out)
    else:
        print(
            f"newsimport: {counts[CREATE]} created, {counts[OVERWRITE]} overwritten, {counts[UNCHANGED]} unchanged"
            + (f", {counts[KEEP]} route file(s) kept" if counts[KEEP] else ""),
            file=out,
        )
    return EXIT_OK
