"""Read a content file's bytes into a Document, refusing what editors' tools can get wrong.

Every content type (articles, pages, routes, events) goes through ``read_source``
both in ``invoke check`` and in the build, so a file that is empty, huge, not
UTF-8 or tab-indented fails the same way, with the file and line, everywhere.

Accepted on purpose: a UTF-8 byte-order mark and CRLF line ends. Windows
Notepad writes both, editors cannot see them, and the parser strips them
without changing any line number.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError, Problem
from .frontmatter import FENCE, Document, parse_document

MAX_BYTES = 2 * 1024 * 1024  # a news story is ~5 KB; 2 MB is a pasted photo or a runaway export


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text; invalid bytes are an editor-facing problem with the line, not a traceback."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(shown, line, "encoding", f"byte {data[exc.start]:#04x} is not UTF-8",
                                   "save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)")) from None


def read_bytes(path: Path, shown: str) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ContentError(Problem(
            shown, None, "file", f"is {size / 1024 / 1024:.1f} MB, more than the {MAX_BYTES // 1024 // 1024} MB limit",
            "put photos in content/images/ and link them with {static}; split very long text into several files"))
    return path.read_bytes()


def front_matter_tabs(text: str, shown: str) -> list[Problem]:
    """Tabs in the metadata block: YAML forbids them for indentation and its own message is cryptic."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        return []
    problems = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FENCE:
            break
        if "\t" in line:
            key = line.split(":", 1)[0].strip() or "front matter"
            problems.append(Problem(shown, number, key if ":" in line else "front matter", "contains a tab character",
                                    "replace the tab with spaces (metadata is indented with two spaces)"))
    return problems


def read_source(path: Path, shown: str) -> Document:
    """The parsed Document of a content file, or ContentError naming the file and line."""
    return document_from_bytes(read_bytes(path, shown), shown)


def document_from_bytes(data: bytes, shown: str) -> Document:
    """The same checks as read_source, for bytes already read (the build's parallel pre-read)."""
    if len(data) > MAX_BYTES:
        raise ContentError(Problem(
            shown, None, "file", f"is {len(data) / 1024 / 1024:.1f} MB, more than the {MAX_BYTES // 1024 // 1024} MB limit",
            "put photos in content/images/ and link them with {static}; split very long text into several files"))
    text = decode(data, shown)
    if not text.strip("\ufeff \t\r\n"):
        raise ContentError(Problem(shown, 1, "file", "is empty",
                                   "write the metadata between two '---' lines and the text below, or delete the file"))
    tabs = front_matter_tabs(text, shown)
    if tabs:
        raise ContentError(tabs)
    return parse_document(text, shown)
