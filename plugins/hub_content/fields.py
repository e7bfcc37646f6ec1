"""Typed field readers over a Document: each returns the value or records a Problem.

Every content model builds itself with these, so that all types word their
messages the same way and a file's problems are reported together.
"""

from __future__ import annotations

import re
from datetime import datetime

from .dates import parse_date
from .errors import ContentError, Problem
from .frontmatter import Document

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 60


class FieldReader:
    """Reads fields of one document, collecting problems instead of stopping at the first."""

    def __init__(self, doc: Document, known: tuple[str, ...] | frozenset[str]):
        self.doc = doc
        self.problems: list[Problem] = []
        for key in doc.meta:
            if key not in known:
                self.add(key, f"is not a known field (known: {', '.join(sorted(known))})",
                         "check the spelling or remove the line")

    def add(self, key: str, problem: str, fix: str) -> None:
        self.problems.append(self.doc.problem(key, problem, fix))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

    def text(self, key: str, *, required: bool = False, max_len: int | None = None) -> str | None:
        value = self.doc.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(key, "is missing", f"add a line '{key}: …' to the metadata")
            return None
        if not isinstance(value, str):
            self.add(key, "must be a single line of text", f"write '{key}: text' on one line")
            return None
        value = value.strip()
        if max_len and len(value) > max_len:
            self.add(key, f"has {len(value)} characters, more than {max_len}", "shorten it")
        return value

    def text_list(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.doc.meta.get(key)
        if value is None or value in ("", []):
            if required:
                self.add(key, "is missing", f"add a line '{key}: [名字一, 名字二]'")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(key, "must be a list of names", f"write '{key}: [名字一, 名字二]'")
            return ()
        items = [v.strip() for v in value if v.strip()]
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item in seen:
                self.add(f"{key}.{i}", f"{item!r} is listed twice", "remove the repeat")
            seen.add(item)
        return tuple(dict.fromkeys(items))

    def date(self, key: str, *, required: bool = False) -> datetime | None:
        raw = self.text(key, required=required)
        if raw is None:
            return None
        try:
            return parse_date(raw)
        except ValueError:
            self.add(key, f"{raw!r} is not a date", "use YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2025-08-20")
            return None

    def slug(self, key: str = "slug", *, required: bool = True) -> str | None:
        raw = self.text(key, required=required)
        if raw is None:
            return None
        if not SLUG_RE.match(raw) or len(raw) > MAX_SLUG:
            self.add(key, f"{raw!r} is not a short ASCII slug",
                     f"use lower-case letters, digits and '-', at most {MAX_SLUG} characters, e.g. s228-shuttle-opens")
            return None
        return raw

    def choice(self, key: str, choices: tuple[str, ...], *, default: str | None = None) -> str | None:
        raw = self.text(key)
        if raw is None:
            return default
        if raw not in choices:
            self.add(key, f"{raw!r} is not one of {', '.join(choices)}", f"write one of: {', '.join(choices)}")
            return default
        return raw
