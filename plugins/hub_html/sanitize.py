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
from bs4.builder import HTMLTreeBuilder
from bs4.element import CData, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction
from bs4.exceptions import ParserRejectedMarkup

from . import simpleform
from .allowlist import DROP_WITH_CONTENT, attribute_problem, tag_problem

NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)  # what the sanitiser drops
# Python's html.parser raises AssertionError on marked sections other than CDATA and IE's
# if/endif (`<![b](…)` is enough); browsers read them as bogus comments. Shown as text instead.
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)", re.I)
# A character reference, or an ampersand that does not start one.
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)?")
# What html.parser may read as a tag, a comment or a declaration, or keep as raw text when the
# input ends inside it: left as it is (it resolves attribute values itself, correctly).
_TAG_LIKE = re.compile(r"<[a-zA-Z/!?][^>]*>?")
_MARKUP_CHARS = frozenset('<>&"\'')


def _resolve_reference(m: re.Match) -> str:
    ref = m.group()
    text = htmllib.unescape(ref)
    if text == ref:  # not a reference: a literal ampersand
        return "&amp;" + ref[1:]
    return "".join(f"&#{ord(c)};" if c in _MARKUP_CHARS else c for c in text)


def _resolve_references(html: str) -> str:
    """Every character reference in text replaced by what a browser reads (``html.unescape``,
    which follows the HTML standard), and every other ampersand in text escaped.

    Why: html.parser under BeautifulSoup loses text around ampersands: ``&A`` at the end of the
    input reads as ``A``, and an unknown ``&Aa;`` as ``&Aa`` (BeautifulSoup writes an unknown
    reference back without its semicolon). Resolved first, the parse sees only plain text and
    numeric references. Markup characters stay references, so no tag is made of text.
    """
    if "&" not in html:
        return html
    out, pos = [], 0
    for m in _TAG_LIKE.finditer(html):
        out += (_REFERENCE.sub(_resolve_reference, html[pos:m.start()]), m.group())
        pos = m.end()
    out.append(_REFERENCE.sub(_resolve_reference, html[pos:]))
    return "".join(out)


def parse(html: str) -> BeautifulSoup | None:
    """``html`` parsed with html.parser, or None when even the neutralised markup is rejected."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # a pasted `<?xml …?>` is just dropped
        try:
            return BeautifulSoup(_resolve_references(_MARKED_SECTION.sub("&lt;![", html)), "html.parser")
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
    clean = serialise_clean(html)
    return clean if clean is not None else sanitize_parsed(html)


def sanitize_parsed(html: str) -> str:
    """sanitize() by a parse: any markup at all."""
    soup = parse(html)
    if soup is None:
        return htmllib.escape(html, quote=False)  # unreadable markup becomes visible text, never code
    for node in soup.find_all(string=lambda s: isinstance(s, NOT_TEXT)):
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


# What BeautifulSoup's html.parser tree does to markup it keeps, for serialise_clean() to do alike.
_VOID = HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS  # written <br/>, never closed
_WORD_LISTS = HTMLTreeBuilder.DEFAULT_CDATA_LIST_ATTRIBUTES  # class="a  b" is read as ["a", "b"]
_KEEPS_SPACES = HTMLTreeBuilder.DEFAULT_PRESERVE_WHITESPACE_TAGS
_WORD = re.compile(r"\S+")
_ASCII_SPACES_STR = "".join(_ASCII_SPACES)


def serialise_clean(html: str) -> str | None:
    """``sanitize(html)`` without a parser when there is nothing to remove, else None.

    Why: almost every story is Markdown's output, with nothing the allow-list refuses, and its
    parse and re-serialisation with BeautifulSoup were ~14 of the ~26 CPU-seconds of reading
    10,000 stories. For well-nested HTML in the simple serialised form (hub_html/simpleform.py)
    whose tags and attributes are all allowed, that re-serialisation is mechanical: names as
    written (lower case), attributes sorted and double-quoted (``class="a  b"`` as ``"a b"``),
    void elements as ``<br/>``, text and values unescaped and escaped again, whitespace-only
    text collapsed outside ``<pre>``.
    Anything else (a refused tag, a misnested or unclosed element, a quote inside a value, an
    image without alt) returns None and takes the parser. tests/test_sanitize_fast.py checks the
    two give the same output on generated HTML and on every built story.
    """
    parts = simpleform.tokens(html)
    if parts is None:
        return None
    out: list[str] = []
    open_elements: list[str] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if part:
                text = htmllib.unescape(part)
                if not text.strip(_ASCII_SPACES_STR) and _KEEPS_SPACES.isdisjoint(open_elements):
                    text = "\n" if "\n" in text else " "
                out.append(simpleform.escape(text))
            continue
        closing, name, attrs, selfclosing = simpleform.TAG.fullmatch(part).groups()
        if not name.islower():  # html.parser lowers names: leave that to it
            return None
        if closing:
            if attrs or selfclosing or name in _VOID or not open_elements or open_elements[-1] != name:
                return None
            open_elements.pop()
            out.append(f"</{name}>")
            continue
        tag = _clean_start_tag(name, attrs)
        if tag is None or (selfclosing and name not in _VOID):
            return None
        out.append(tag)
        if name not in _VOID:
            open_elements.append(name)
    return None if open_elements else "".join(out)


def _clean_start_tag(name: str, attrs: str) -> str | None:
    """The start tag as BeautifulSoup writes it, or None when sanitize() would change more than its form."""
    if tag_problem(name):
        return None
    values: dict[str, str] = {}
    word_lists = _WORD_LISTS.get("*", set()) | _WORD_LISTS.get(name, set())
    for attr, raw in simpleform.attributes(attrs):
        value = "" if raw is None else htmllib.unescape(raw)
        if attr in word_lists:
            value = " ".join(_WORD.findall(value))
        if attr in values or not attr.islower() or '"' in value or attribute_problem(name, attr, value):
            return None
        values[attr] = value
    if name == "img" and ("alt" not in values or not values.get("src")):
        return None
    written = "".join(f' {attr}="{simpleform.escape(value)}"' for attr, value in sorted(values.items()))
    return f"<{name}{written}/>" if name in _VOID else f"<{name}{written}>"
