"""`invoke check`: validate all content before any build; exit 1 listing every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from hub_communities.loader import check_communities  # noqa: E402
from hub_content.check import check_articles, check_pages  # noqa: E402
from hub_content.errors import ContentError, Problem  # noqa: E402
from hub_content.taxonomy import load_taxonomy  # noqa: E402
from hub_events.loader import check_events, event_files  # noqa: E402
from hub_routes.check import check_routes  # noqa: E402


def run_checks(content: Path) -> tuple[list[Problem], int]:
    """All problems under ``content`` and the number of files checked."""
    try:
        taxonomy = load_taxonomy(content / "taxonomy.yml")
    except ContentError as exc:
        return exc.problems, 1
    problems, _articles = check_articles(content, taxonomy)
    problems += check_pages(content)
    route_problems, routes = check_routes(content)
    problems += route_problems
    event_problems, _events = check_events(content, taxonomy)
    problems += event_problems
    community_problems, communities = check_communities(content)
    problems += community_problems
    count = 1 + len(list((content / "articles").rglob("*.md"))) + len(list((content / "pages").rglob("*.md")))
    count += len(event_files(content / "events"))
    return problems, count + routes + communities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every content file.")
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    args = parser.parse_args(argv)
    problems, count = run_checks(Path(args.content))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"内容检查：{len(problems)} 个问题（共检查 {count} 个文件）。请按提示修改后再构建。", file=sys.stderr)
        return 1
    print(f"内容检查通过：{count} 个文件。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
