"""Keep the editor guide's field tables in README.md generated from the schemas themselves.

`python -m hubtools.docs` rewrites the blocks between the markers; a test fails
when README.md and the schemas disagree, so the guide cannot drift.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from hub_communities.model import COMMUNITY_FIELDS  # noqa: E402
from hub_content.article import ARTICLE_FIELDS, PAGE_FIELDS  # noqa: E402
from hub_events.model import EVENT_FIELDS  # noqa: E402
from hub_routes.model import ROUTE_FIELDS  # noqa: E402

SCHEMAS = {"article": ARTICLE_FIELDS, "page": PAGE_FIELDS, "route": ROUTE_FIELDS, "community": COMMUNITY_FIELDS,
           "event": EVENT_FIELDS}


def table(fields: dict[str, tuple[bool, str, str]]) -> str:
    rows = ["| 字段 | 必填 | 含义 | 示例 |", "| --- | --- | --- | --- |"]
    rows += [f"| `{k}` | {'是' if req else '否'} | {what} | `{ex}` |" for k, (req, what, ex) in fields.items()]
    return "\n".join(rows)


def render(readme: str) -> str:
    for name, fields in SCHEMAS.items():
        pattern = re.compile(rf"(<!-- fields:{name} -->\n)(?:.*?\n)?(<!-- /fields:{name} -->)", re.S)
        readme = pattern.sub(lambda m, f=fields: m.group(1) + table(f) + "\n" + m.group(2), readme)
    return readme


def main() -> int:
    path = ROOT / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
