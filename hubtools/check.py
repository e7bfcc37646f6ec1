"""`invoke check`: validate all content before any build; exit 1 listing every problem.

Each content type registers a checker ``(content_dir) -> list[Problem]`` in
CHECKERS; the run calls every one, so a file's problems and the site's
(duplicate slugs, unknown tags, dangling links) are all listed together.
Plugins for new types add themselves here, e.g.
``CHECKERS["routes"] = hub_routes.check.check_routes``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from hub_communities.loader import check_communities  # noqa: E402
from hub_content.check import (  # noqa: E402
    body_tabs,
    check_articles,
    check_pages,
    check_sources,
    declared_tags,
    documents,
    stray_files,
)
from hub_content.errors import ContentError, Problem  # noqa: E402
from hub_content.references import reference_problems  # noqa: E402
from hub_content.taxonomy import load_taxonomy  # noqa: E402
from hub_events.loader import check_events  # noqa: E402
from hub_html.rawcheck import raw_html_problems  # noqa: E402
from hub_routes.check import check_routes  # noqa: E402

Checker = Callable[[Path], list[Problem]]


def _articles(content: Path) -> list[Problem]:
    return check_articles(content, load_taxonomy(content / "taxonomy.yml"))[0]


def _bodies(content: Path) -> list[Problem]:
    # Every type's Markdown body, whatever its folder: routes' and events' notes included.
    return check_sources(content, [body_tabs, lambda doc, _c, _s: raw_html_problems(doc), reference_problems])


CHECKERS: dict[str, Checker] = {
    "files": _bodies,
    "stray files": stray_files,
    "articles": _articles,
    "pages": check_pages,
    "routes": lambda c: check_routes(c)[0],
    "events": lambda c: check_events(c, load_taxonomy(c / "taxonomy.yml"))[0],
    "communities": lambda c: check_communities(c)[0],
}


def run_checks(content: Path, checkers: dict[str, Checker] | None = None) -> tuple[list[Problem], int]:
    """All problems under ``content`` (each once, in file and line order) and the number of files checked."""
    try:
        load_taxonomy(content / "taxonomy.yml")
    except ContentError as exc:
        return exc.problems, 1
    problems: list[Problem] = []
    for checker in (checkers or CHECKERS).values():
        try:
            problems += checker(content)
        except ContentError as exc:
            problems += exc.problems
    unique = sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0))
    return unique, 1 + sum(1 for _ in documents(content))


def _print_new_tags(content: Path) -> None:
    """Say which tags are new and which address each gets, so a declared tag is a visible choice."""
    try:
        taxonomy = load_taxonomy(content / "taxonomy.yml")
        new = declared_tags(check_articles(content, taxonomy)[1], taxonomy)
    except ContentError:
        return
    for tag, slug in sorted(new.items()):
        print(f"新标签：{tag} → tag/{slug}/（要换网址，请在 taxonomy.yml 的 tags 下写明）")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every content file.")
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    args = parser.parse_args(argv)
    content = Path(args.content)
    problems, count = run_checks(content)
    _print_new_tags(content)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"内容检查：{len(problems)} 个问题（共检查 {count} 个文件）。请按提示修改后再构建。", file=sys.stderr)
        return 1
    print(f"内容检查通过：{count} 个文件。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
