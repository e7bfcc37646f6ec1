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
import re
import sys
from pathlib import Path

# Per-run values: the staging folder, where caches live, and run state kept in settings.
VOLATILE = frozenset({"OUTPUT_PATH", "CACHE_PATH", "HUB_CACHE", "HUB_PREVIOUS_OUTPUT", "HUB_PROBLEMS",
                      "HUB_INCREMENTAL", "HUB_MEMO", "HUB_PROGRESS",
                      "HUB_PROGRESS_REPORTER", "HUB_READ_WORKERS", "HUB_ELDER", "HUB_ELDER_WORKERS",
                      "HUB_SCANS", "HUB_PRETRANSFORM", "HUB_HTML_DONE", "HUB_LEFTOVERS",
                      "HUB_LEFTOVERS_RUN"})
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


def tree_digest(h, folder: Path, skip=lambda p: False) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not skip(path):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())


def site_fingerprint(settings: dict, root: Path) -> str:
    h = hashlib.sha256()
    h.update(sys.version.encode())
    for dist in sorted(importlib.metadata.distributions(), key=lambda d: d.metadata["Name"].lower()):
        h.update(f"{dist.metadata['Name']}=={dist.version}\n".encode())
    h.update(stable_repr({k: v for k, v in settings.items() if k not in VOLATILE}).encode())
    for name in ("pelicanconf.py", "publishconf.py", "requirements.txt"):
        if (root / name).is_file():
            h.update((root / name).read_bytes())
    tree_digest(h, Path(settings["THEME"]))
    for folder in settings.get("PLUGIN_PATHS", []):
        tree_digest(h, Path(folder))
    content = Path(settings["PATH"])
    article_dirs = [content / p for p in settings["ARTICLE_PATHS"]]
    tree_digest(h, content, skip=lambda p: p.suffix == ".md" and any(d in p.parents for d in article_dirs))
    return h.hexdigest()[:16]
