"""The build's last line of defence: keep only allow-listed HTML in every content fragment.

``invoke check`` already refuses disallowed HTML with the file and line; this
transform runs in the build anyway so that a file that skipped the check (a
forced build, a plugin's own Markdown) still cannot put code in front of readers.
Pure and idempotent like every transform: ``sanitize(sanitize(x)) == sanitize(x)``.
"""

from __future__ import annotations

import html as htmllib
import re
import warnings

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import CData, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction
from bs4.exceptions import ParserRejectedMarkup

from .allowlist import DROP_WITH_CONTENT, attribute_problem, tag_problem

_NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
# Python's html.parser raises AssertionError on marked sections other than CDATA and IE's
# if/endif (`<![b](…)` is enough); browsers read them as bogus comments. Shown as text instead.
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)", re.I)


def parse(html: str) -> BeautifulSoup | None:
    """``html`` parsed with html.parser, or None when even the neutralised markup is rejected."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # a pasted `<?xml …?>` is just dropped
        try:
            return BeautifulSoup(_MARKED_SECTION.sub("&lt;![", html), "html.parser")
        except ParserRejectedMarkup:
            return None


def _value(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def _clean_attributes(tag: Tag) -> None:
    for name in list(tag.attrs):
        if attribute_problem(tag.name, name, _value(tag.attrs[name])):
            del tag.attrs[name]
    if tag.name == "img" and "alt" not in tag.attrs:
        tag.attrs["alt"] = ""  # valid HTML; `invoke check` asks the editor for a real description


def sanitize(html: str) -> str:
    """``html`` with disallowed elements, attributes, comments and URLs removed; text kept."""
    soup = parse(html)
    if soup is None:
        return htmllib.escape(html, quote=False)  # unreadable markup becomes visible text, never code
    for node in soup.find_all(string=lambda s: isinstance(s, _NOT_TEXT)):
        node.extract()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in DROP_WITH_CONTENT:
            tag.decompose()
        elif tag_problem(tag.name):
            tag.unwrap()  # an unknown tag's text is still the story's text
        else:
            _clean_attributes(tag)
            if tag.name == "img" and not tag.get("src"):
                tag.decompose()
    _settle_whitespace(soup)
    return str(soup)


_ASCII_SPACES = frozenset("\x20\x0a\x09\x0c\x0d")  # bs4's BeautifulSoup.ASCII_SPACES


def _settle_whitespace(soup: BeautifulSoup) -> None:
    """Make the output parse back to itself: html.parser collapses a text node of ASCII spaces
    to one space (or one newline), but a dropped tag can leave two such nodes side by side, which
    the next parse would read as one and collapse again. Join neighbours and collapse as it does."""
    soup.smooth()
    for text in soup.find_all(string=lambda s: type(s) is NavigableString and len(s) > 1):
        if set(text) <= _ASCII_SPACES and not any(p.name in ("pre", "textarea") for p in text.parents):
            text.replace_with("\n" if "\n" in text else " ")
