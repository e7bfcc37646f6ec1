"""The Pagefind search index, in shards, refreshed shard by shard after the pages go live.

Why shards: Pagefind holds a whole index in memory while it builds: about 600 MB per 1,000
stories (1.6.0, measured), 5.6 GB for ten years of news, far over the 1 GiB budget, and it
cannot update an index it wrote. So the index is split into bundles: one per year of stories
(split further past SHARD_PAGES pages) and one, ``site``, for everything else that is searchable
(routes, events, communities, pages). Each is built by its own Pagefind run over exactly its
pages, so memory is bounded by the shards indexed at once (WORKERS); the search page loads
``site`` and merges the others with Pagefind's ``mergeIndex``. A build re-indexes only the
shards whose pages' bytes changed: correcting one story re-indexes its year (or its half).

Layout::

    pagefind/shards.json        {"bundles": ["site", "2025", …], "digests": {…}}
    pagefind/<shard>/pagefind.js, pagefind-entry.json, index/, fragment/, filter/ …

Pagefind's extended build (npm ``pagefind``, pinned in package.json) segments Chinese text into
words; ``--force-language zh-cn`` keeps every page in one language index whatever its lang says.
Only pages that mark ``data-pagefind-body`` are searchable (see README, "Search indexing"); each
shard's page count is checked against Pagefind's own count.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
BUNDLE = "pagefind"
MANIFEST = "shards.json"
LANGUAGE = "zh-cn"
SITE_SHARD = "site"
# Pagefind 1.6.0 on these pages (measured with /usr/bin/time): ~155 MB plus ~0.43 MB a page; a
# 1,000-page shard peaks at ~590 MB and takes 3.6 s, a 500-page one ~370 MB and 2.1 s. It runs on
# about one core, so WORKERS shards are indexed at once; SHARD_PAGES keeps WORKERS of them under
# the 1 GiB budget together (2 × ~500 pages ≈ 740 MB), and makes the one-shard refresh after an
# edit faster. Smaller shards cost more CPU in all (~0.5 s of start-up each) but less time.
SHARD_PAGES = 800
WORKERS = 2
NOT_INDEXED = ("elder", BUNDLE)  # the 长辈版 mirror repeats the standard pages; the bundle itself
# Pagefind always writes its stock UIs; search.js uses the JS API alone, so they are never served.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)
BODY_MARK = b"data-pagefind-body"


class SearchIndexError(RuntimeError):
    pass


@dataclass(frozen=True)
class SearchReport:
    built: tuple[str, ...]  # shards indexed by this run
    kept: tuple[str, ...]  # shards carried over unchanged
    pages: int  # pages in the whole index


def command(site: Path, output: Path, binary: Path = PAGEFIND) -> list[str]:
    return [str(binary), "--site", str(site), "--output-path", str(output), "--force-language", LANGUAGE, "--quiet"]


def shard_of(rel: str) -> str:
    """Stories by the year in their address (articles/2025/…); everything else in ``site``."""
    parts = rel.split("/")
    if len(parts) > 2 and parts[0] == "articles" and parts[1].isdigit():
        return parts[1]
    return SITE_SHARD


def plan_shards(pages: list[str], limit: int = SHARD_PAGES) -> dict[str, list[str]]:
    """Shard name -> its pages, sorted; a shard over ``limit`` pages becomes name-1, name-2, …

    Names are ordered ``site`` first (the primary bundle, whose WebAssembly serves all), then
    years newest first. The split keeps sorted order, so only the big year itself changes
    shape when a story is added to it.
    """
    groups: dict[str, list[str]] = {}
    for rel in sorted(pages):
        groups.setdefault(shard_of(rel), []).append(rel)
    shards: dict[str, list[str]] = {}
    for name in sorted(groups, key=lambda n: (n != SITE_SHARD, [-ord(c) for c in n])):
        rels = groups[name]
        if len(rels) <= limit:
            shards[name] = rels
            continue
        count = -(-len(rels) // limit)
        size = -(-len(rels) // count)
        for i in range(count):
            shards[f"{name}-{i + 1}"] = rels[i * size:(i + 1) * size]
    return shards


def indexable_pages(site: Path) -> dict[str, bytes]:
    """Site-relative page -> digest of its bytes, for the pages that mark a search body."""
    found: dict[str, bytes] = {}
    for folder, dirs, names in os.walk(site):
        rel_folder = os.path.relpath(folder, site)
        if rel_folder == ".":
            dirs[:] = [d for d in dirs if d not in NOT_INDEXED]
        for name in names:
            if name.endswith(".html"):
                data = Path(folder, name).read_bytes()
                if BODY_MARK in data:
                    rel = name if rel_folder == "." else f"{rel_folder}/{name}"
                    found[rel] = hashlib.blake2b(data, digest_size=16).digest()
    return found


def tool_version() -> bytes:
    """What else decides a shard's bytes: this module and the installed Pagefind."""
    package = ROOT / "node_modules" / "pagefind" / "package.json"
    return Path(__file__).read_bytes() + (package.read_bytes() if package.is_file() else b"")


def shard_digest(pages: dict[str, bytes], rels: list[str], version: bytes) -> str:
    h = hashlib.blake2b(version, digest_size=16)
    for rel in rels:
        h.update(rel.encode() + b"\0" + pages[rel])
    return h.hexdigest()


def read_manifest(bundle: Path) -> dict[str, str]:
    """Shard name -> digest of the bundle at ``bundle`` (empty when there is none or it is damaged)."""
    try:
        data = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
        digests = data["digests"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {name: digests[name] for name in data.get("bundles", []) if name in digests and (bundle / name).is_dir()}


def indexed_count(bundle: Path) -> int:
    entry = bundle / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError) as exc:
        raise SearchIndexError(f"Pagefind wrote no usable {entry}: {exc}") from exc
    return sum(lang.get("page_count", 0) for lang in languages.values())


def build_shard(site: Path, rels: list[str], output: Path, binary: Path = PAGEFIND) -> int:
    """Index exactly ``rels`` into the bundle folder ``output``; return the page count."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-pages-", dir=output.parent) as farm:
        # Pagefind indexes a folder: give it one holding only this shard's pages, as hard links
        # at their own paths (so the URLs it records are the site's).
        for rel in rels:
            link = Path(farm, rel)
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / rel, link)
            except OSError:
                shutil.copyfile(site / rel, link)
        proc = subprocess.run(command(Path(farm), output, binary), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({proc.returncode}): {(proc.stdout + proc.stderr).strip()}")
    for name in UNUSED_FILES:
        (output / name).unlink(missing_ok=True)
    count = indexed_count(output)
    if count != len(rels):
        raise SearchIndexError(f"Pagefind indexed {count} pages of {output.name} but {len(rels)} pages mark "
                               f"data-pagefind-body")
    return count


def build_bundle(site: Path, output: Path, previous: Path | None = None, binary: Path = PAGEFIND,
                 limit: int = SHARD_PAGES, workers: int = WORKERS) -> SearchReport:
    """Write a complete bundle for ``site`` into ``output`` (a new folder).

    Shards whose digest equals the one in ``previous`` (the live bundle) are hard-linked from
    it; the others are indexed. Raise SearchIndexError when the site marks no searchable page
    (a theme that forgot the mark would otherwise index every page's menus and footers).
    """
    if not binary.exists():
        raise SearchIndexError(f"{binary} is missing — run `npm ci` (./dev does it) to install Pagefind")
    pages = indexable_pages(site)
    if not pages:
        raise SearchIndexError("no page marks data-pagefind-body: the theme must mark each searchable page's body")
    version = tool_version()
    old = read_manifest(previous) if previous else {}
    shards = plan_shards(list(pages), limit)
    digests = {name: shard_digest(pages, rels, version) for name, rels in shards.items()}
    output.mkdir(parents=True)
    kept = [name for name in shards if old.get(name) == digests[name]]
    built = [name for name in shards if name not in kept]
    for name in kept:
        shutil.copytree(previous / name, output / name, copy_function=os.link)
    # Each Pagefind run is a child process, so threads are enough to keep WORKERS of them busy.
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(built)))) as pool:
        runs = [pool.submit(build_shard, site, shards[name], output / name, binary) for name in built]
    for run in runs:
        run.result()  # the first failure, in shard order, after every run has ended
    manifest = {"bundles": list(shards), "digests": digests}
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return SearchReport(tuple(built), tuple(kept), len(pages))


def refresh(site: Path, binary: Path = PAGEFIND, limit: int = SHARD_PAGES) -> SearchReport:
    """Bring ``site``'s bundle up to date with its pages, then put it in place in one step."""
    live = site / BUNDLE
    with tempfile.TemporaryDirectory(prefix=f".search-{site.name}-", dir=site.parent) as tmp:
        fresh = Path(tmp) / BUNDLE
        report = build_bundle(site, fresh, live if live.is_dir() else None, binary, limit)
        if live.is_dir():
            exchange(fresh, live)  # the old bundle is now in tmp, and goes with it
        else:
            fresh.rename(live)
    return report


_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux renameat2), so readers never meet a missing bundle.

    Elsewhere, two renames: a reader may meet the gap of a few microseconds between them.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
    aside = b.with_name(b.name + ".old")
    b.rename(aside)
    a.rename(b)
    aside.rename(a)
