"""Build the Pagefind search index over a rendered site, before the site is swapped into place.

Pagefind's extended build (npm ``pagefind``, pinned in package.json) segments Chinese text into
words; ``--force-language zh-cn`` keeps every page in one index whatever a page's lang says.
Only elements marked ``data-pagefind-body`` are indexed (see README, "Search indexing"), so the
index is verified against the pages that carry that mark.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
BUNDLE = "pagefind"
LANGUAGE = "zh-cn"
# Pagefind always writes its stock UIs; search.js uses the JS API alone, so they are never served.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)
BODY_MARK = b"data-pagefind-body"


class SearchIndexError(RuntimeError):
    pass


def command(site: Path, binary: Path = PAGEFIND) -> list[str]:
    return [str(binary), "--site", str(site), "--output-subdir", BUNDLE, "--force-language", LANGUAGE, "--quiet"]


def indexable_pages(site: Path) -> list[Path]:
    """HTML pages that mark a search body; Pagefind indexes exactly these when any page has one."""
    return sorted(p for p in site.rglob("*.html") if BODY_MARK in p.read_bytes() and BUNDLE not in p.parts)


def indexed_count(site: Path) -> int:
    entry = site / BUNDLE / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError) as exc:
        raise SearchIndexError(f"Pagefind wrote no usable {entry}: {exc}") from exc
    return sum(lang.get("page_count", 0) for lang in languages.values())


def build_index(site: Path, binary: Path = PAGEFIND) -> int:
    """Index ``site`` in place; return the number of pages indexed. Raise SearchIndexError on failure."""
    if not binary.exists():
        raise SearchIndexError(f"{binary} is missing — run `npm ci` (./dev does it) to install Pagefind")
    proc = subprocess.run(command(site, binary), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({proc.returncode}): {(proc.stdout + proc.stderr).strip()}")
    for name in UNUSED_FILES:
        (site / BUNDLE / name).unlink(missing_ok=True)
    expected = len(indexable_pages(site))
    count = indexed_count(site)
    if count != expected:
        raise SearchIndexError(f"Pagefind indexed {count} pages but {expected} pages mark data-pagefind-body")
    return count
