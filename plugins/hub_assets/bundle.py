"""Concatenate and fingerprint the theme's CSS (and small JS files).

Why our own and not pelican-webassets: one ordered concatenation plus a content
hash is all we need; webassets brings a filter framework and a cache folder.
The hash in the file name lets hosts cache assets for a year (see README).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([{};,>])\s*")


def minify_css(css: str) -> str:
    """Remove comments and layout whitespace; safe for the plain CSS we write (no strings with '/*')."""
    css = _COMMENT.sub("", css)
    css = _SPACE.sub(" ", css)
    css = _AROUND.sub(r"\1", css)
    css = css.replace(": ", ":")
    return css.replace(";}", "}").strip() + "\n"


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def bundle_css(folder: Path, names: list[str]) -> str:
    return minify_css("\n".join((folder / n).read_text(encoding="utf-8") for n in names))
