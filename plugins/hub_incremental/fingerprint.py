"""What a build's output depends on, besides the articles: one digest that keys every cache.

Pelican's own cache went wrong for years because its key left things out (a changed setting,
theme or plugin served stale pages). Here the key covers the settings (functions by their
code), the theme, our plugins, every content file that is not an article (pages, routes,
events, taxonomy, images), the settings files and the installed versions of every package.
Anything else changing between builds is a bug to add here, not a reason to trust the cache less.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

# Per-run values: the staging folder, where caches live, and run state kept in settings.
VOLATILE = frozenset({"OUTPUT_PATH", "CACHE_PATH", "HUB_CACHE", "HUB_PREVIOUS_OUTPUT", "HUB_PROBLEMS",
                      "HUB_INCREMENTAL", "HUB_MEMO", "HUB_PROGRESS",
                      "HUB_PROGRESS_REPORTER", "HUB_READ_WORKERS", "HUB_ELDER", "HUB_ELDER_WORKERS",
                      "HUB_SCANS", "HUB_PRETRANSFORM", "HUB_HTML_DONE", "HUB_LEFTOVERS",
                      "HUB_LEFTOVERS_RUN", "HUB_FORK_STATE", "HUB_SPLIT_MIN"})
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def stable_repr(value) -> str:
    """A repr that is the same in every process (no addresses, sets and dicts sorted)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(stable_repr(v) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    code = getattr(value, "__code__", None)
    if code is not None:  # a function (ARTICLE_ORDER_BY, Jinja filters): its identity and its bytecode
        return f"<fn {value.__module__}.{value.__qualname__} {code.co_code.hex()} {stable_repr(code.co_consts)}>"
    return _ADDRESS.sub("", repr(value))


def tree_files(folder: Path, skip_md_under: Iterable[tuple[str, ...]] = ()) -> list[str]:
    """Every file below ``folder`` as a sorted relative POSIX path, except ``.md`` files below
    one of the ``skip_md_under`` folders (given as relative parts) and ``__pycache__``.

    Walked with os.walk so skipped files cost a name check, not a stat: the article folders
    hold one file per story (Path.rglob with is_file() was most of a 10,000-story fingerprint).
    Symbolic links to folders are not followed, as rglob did not.
    """
    if not folder.is_dir():
        return []
    skip = {tuple(p) for p in skip_md_under}
    found = []
    for top, dirs, files in os.walk(folder):
        parts = Path(top).relative_to(folder).parts
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        under_skipped = any(parts[:len(s)] == s for s in skip)
        for name in files:
            if under_skipped and name.endswith(".md"):
                continue
            if os.path.isfile(os.path.join(top, name)):  # as Path.is_file: a link to a file counts
                found.append((*parts, name))
    return ["/".join(p) for p in sorted(found)]


def inside(folder: Path, paths: Iterable[str]) -> list[tuple[str, ...]]:
    """``paths`` (relative to ``folder``, or absolute) as parts relative to ``folder``; those
    outside it are left out, as nothing below them is walked."""
    found = []
    for p in paths:
        try:
            found.append((folder / p).relative_to(folder).parts)
        except ValueError:
            continue
    return found


def tree_digest(h, folder: Path, skip_md_under: Iterable[tuple[str, ...]] = ()) -> None:
    for rel in tree_files(folder, skip_md_under):
        h.update(rel.encode() + b"\0")
        h.update(hashlib.blake2b((folder / rel).read_bytes(), digest_size=20).digest())


def installed_packages() -> list[str]:
    """Each installed distribution's metadata file, sorted: it holds the name and version.

    Read as text rather than through ``dist.metadata``, whose e-mail parser cost ~0.3 ms a
    package, twice (sort key and loop), on every build.
    """
    texts = (d.read_text("METADATA") or d.read_text("PKG-INFO") or "" for d in importlib.metadata.distributions())
    return sorted(texts)


def site_fingerprint(settings: dict, root: Path) -> str:
    h = hashlib.sha256()
    h.update(sys.version.encode())
    for text in installed_packages():
        h.update(text.encode() + b"\0")
    h.update(stable_repr({k: v for k, v in settings.items() if k not in VOLATILE}).encode())
    for name in ("pelicanconf.py", "publishconf.py", "requirements.txt"):
        if (root / name).is_file():
            h.update((root / name).read_bytes())
    tree_digest(h, Path(settings["THEME"]))
    for folder in settings.get("PLUGIN_PATHS", []):
        tree_digest(h, Path(folder))
    # Articles are tracked one by one (hub_incremental.plan), so only their Markdown is left out.
    content = Path(settings["PATH"])
    tree_digest(h, content, inside(content, settings["ARTICLE_PATHS"]))
    return h.hexdigest()[:16]
