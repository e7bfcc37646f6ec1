"""YAML front matter with line numbers, shared by every content type.

Why not the pelican-yaml-metadata plugin: it cannot say on which line a field
is, and it lets YAML 1.1 guess types — ``6:15`` becomes the integer 375
(sexagesimal), ``no`` becomes False, ``2025-08-20`` a date. Bus times and
Chinese text must never be guessed, so every scalar is read as a string
(``yaml.BaseLoader``) and each content model parses its own fields, with the
line taken from the YAML node it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ContentError, Problem

# libyaml's composer is ~10x faster than PyYAML's pure-Python one and builds the same nodes with
# the same marks; documents it rejects are composed again in Python so that editors get the
# pure-Python parser's (better worded) messages.
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)

FENCE = "---"
FORMAT_HINT = "start the file with a line '---', then 'key: value' lines, then '---'"


@dataclass(frozen=True)
class Document:
    """A content file split into its metadata and its Markdown body."""

    path: str
    meta: dict[str, Any]
    lines: dict[str, int] = field(repr=False)
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int | None:
        """1-based line of a dotted key (``place.name``, ``stops.3``), or of its nearest parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return None

    def problem(self, key: str, problem: str, fix: str) -> Problem:
        # A missing field has no line of its own: point at the metadata block's first line.
        return Problem(self.path, self.line(key) or 1, key, problem, fix)


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (yaml text, body, 1-based line of the body's first line)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(Problem(path, 1, "front matter", "the file does not start with '---'", FORMAT_HINT))
    for i in range(1, len(lines)):
        if lines[i].strip() == FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise ContentError(
        Problem(path, 1, "front matter", "the metadata block is never closed", "add a line '---' after the last metadata line")
    )


def parse_document(text: str, path: str) -> Document:
    """Parse a content file; raise ContentError naming the file and line on any problem."""
    head, body, body_line = split_front_matter(text, path)
    meta, lines = parse_mapping(head, path, first_line=2)
    return Document(path, meta, lines, body, body_line)


def parse_mapping(text: str, path: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML whose top level is a mapping; all scalars stay strings.

    Returns the mapping and the 1-based file line of every (dotted) key, given
    that the YAML text starts on ``first_line`` of the file.
    """
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark else first_line
        reason = getattr(exc, "problem", None) or str(exc)
        raise ContentError(
            Problem(path, line, "front matter", f"not valid YAML ({reason})",
                    "write 'key: value', indent with spaces (not tabs), quote values that contain ': ' or start with '['")
        ) from None
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(
            Problem(path, node.start_mark.line + first_line, "front matter",
                    "the metadata is not a list of 'key: value' lines", FORMAT_HINT)
        )
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    meta = _construct(node, "", lines, problems, path, first_line)
    if problems:
        raise ContentError(problems)
    return meta, lines


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.BaseLoader)


def _construct(
    node: yaml.Node, prefix: str, lines: dict[str, int], problems: list[Problem], path: str, first_line: int
) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, child in enumerate(node.value):
            key = f"{prefix}.{i}" if prefix else str(i)
            lines[key] = child.start_mark.line + first_line
            items.append(_construct(child, key, lines, problems, path, first_line))
        return items
    result: dict[str, Any] = {}
    for key_node, value_node in _pairs(node):
        name = str(key_node.value)
        key = f"{prefix}.{name}" if prefix else name
        line = key_node.start_mark.line + first_line
        if name in result:
            problems.append(Problem(path, line, key, f"is given twice (first on line {lines[key]})", "keep one of the two lines"))
            continue
        lines[key] = line
        result[name] = _construct(value_node, key, lines, problems, path, first_line)
    return result


def _pairs(node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    yield from node.value
