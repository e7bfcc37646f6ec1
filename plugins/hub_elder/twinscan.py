"""A twin's link scan derived from its page's scan, instead of parsing the twin again.

rewrite (mirror.py) changes a page in three places only: URL attribute values (``../`` put in
front), the ``<html>`` tag (``class="elder"`` added) and the toggle link (replaced). The rest,
and so every element the link check selects, its ids and the order of its refs, is the page's.
The twin's scan is then the page's with each changed URL mapped as rewrite mapped it and the
toggle's href replaced: a dict lookup per link instead of a second parse (at N=10,000 the
parses took 9.3 of the mirror worker's ~24 CPU-s, half of that on the twins).

That holds only where rewrite's regular expressions and the HTML parser agree on what is an
attribute and what its value is. Our templates' output always agrees (double-quoted, lower-case
attributes; no entities in relative URLs); a page that might not is parsed again, so a derived
scan is always the one ``scan_html(rewrite(page))`` gives (tested on every page of the test site
and on a table of tricky cases). The checks, each cheap, and why each is needed:

1. **Values read the same.** The parser decodes entities (and turns "\\r" and NUL into other
   characters); rewrite decides on the raw text. A relative URL value holding "&", or a page
   holding "\\r" or NUL, is parsed instead.
2. **Every URL attribute the parser sees was seen by rewrite.** Each ``href``/``src``/``action``
   followed by ``=`` (in any case, anywhere in the page) must be the name of one of rewrite's
   matches (``\\shref="…"``). Else a single-quoted, unquoted, upper-case or ``href = "…"``
   attribute kept its value in the twin while the mapping would change it; or a match swallowed
   the next attribute (``title=" href="…"``).
3. **Every change lands in an attribute value or in text.** A changed match must start with
   HTML whitespace (``\\s`` also matches U+3000, which is part of a name to the parser), after
   the doctype, and not inside another attribute's value: not after ``=`` (``x= href="…"`` is an
   unquoted value) and not after an opening quote (``title=" href="…"``). There a change would
   alter an id, a srcset or an href that the mapping does not touch. A change in text, a comment
   or a script is harmless: it adds or removes only ``.`` and ``/`` right after a quote.
4. **The class lands in the ``<html>`` tag.** The tag rewrite changes must be the document's
   first (nothing but a doctype before it) and its attributes plainly written, so that the
   added attribute is an attribute.
5. **The toggle replaced is the element the parser saw.** The page holds ``data-elder-toggle``
   once (in any case), the markup rewrite replaces is one plainly written ``<a>`` with text only,
   it follows a ">" (whitespace aside) and starts outside any quoted value (as in 3), and the
   parser's element with the flag has exactly its attributes, among them an href and no id or
   name. Then only that href changes. (Without the ">", ``<a href="x" … title=y<a href="x"
   data-elder-toggle>`` passes every other check, and rewrite replaces half of a tag.)
"""

from __future__ import annotations

import re

from hub_html.pagescan import Marks, PageScan

from .mirror import _HTML_TAG, _TOGGLE, TOGGLE_ATTR, Trace, toggle_href

_WS = " \t\n\f\r"  # whitespace to the HTML tokenizer (Python's \s is wider)
# Each "=" right after a URL attribute's name, or after whitespace (``href = "…"``: rare, so counted
# in as if it were one, and the page is parsed), in the page's UTF-8 bytes lowered (ASCII only,
# as the tokenizer lowers names). Led by "=", it runs at the speed of a substring search
# (~10 us a page; an alternation of the names tries every position, ~70 us).
_NAMED = re.compile(rb"=(?:(?<=href=)|(?<=src=)|(?<=action=)|(?<=\s=))")
_SINGLE_QUOTED = re.compile(r"=[\t\n\f\r ]*'")  # the only way a single-quoted attribute value starts
_PLAIN_ATTRS = r'(?:[\t\n\f\r ]+[a-z][a-z0-9-]*(?:="[^"\'<>&\0]*")?)*[\t\n\f\r ]*'
_PLAIN_HTML_ATTRS = re.compile(_PLAIN_ATTRS)
_PLAIN_TOGGLE = re.compile(rf"<a({_PLAIN_ATTRS})>[^<]*</a>")
_ATTR_PAIR = re.compile(r'([a-z][a-z0-9-]*)(?:="([^"]*)")?')
_BEFORE_HTML = re.compile(r"[^<]*(?:<!doctype html>[^<]*)?", re.I)
_PLAIN_VALUE = re.compile(r"[^\"'<>&\r\0]*")
_TOGGLE_BYTES = TOGGLE_ATTR.encode()


def twin_scan(html: str, page: str, scan: PageScan, marks: Marks, trace: Trace, data: bytes | None = None,
              intern=lambda s: s) -> PageScan | None:
    """The scan of ``rewrite(html, page)``, from the scan of ``html`` (``scan_marked(html,
    TOGGLE_ATTR)``) and the trace of that rewrite; None when that cannot be sure (parse the twin).

    ``data``: the page's UTF-8 bytes, when the caller has them (they are encoded otherwise).
    """
    lowered = (data if data is not None else html.encode("utf-8")).lower()
    if trace.entities or b"\r" in lowered or b"\0" in lowered:
        return None  # 1
    if len(_NAMED.findall(lowered)) != trace.named:
        return None  # 2
    single = _SINGLE_QUOTED.search(html) is not None
    doctype_end = html.find(">")
    for at in trace.edits:  # 3
        if html[at] not in _WS or at < doctype_end or not _outside_values(html, at, single):
            return None
    tag = _HTML_TAG.search(html)
    if tag is not None and "class=" not in tag.group(1) and not (  # 4
            _BEFORE_HTML.fullmatch(html, 0, tag.start()) and _PLAIN_HTML_ATTRS.fullmatch(tag.group(1))):
        return None
    toggle_at, back = None, ""
    toggle = _TOGGLE.search(html)
    if toggle is not None:  # 5
        toggle_at = _toggle_ref(html, toggle, lowered, marks, single)
        back = toggle_href(page)
        if toggle_at is None or not _PLAIN_VALUE.fullmatch(back):
            return None
    if not trace.changed and toggle_at is None:
        return PageScan(scan.refs, scan.ids)
    mapped = {old: intern(new) for old, new in trace.changed.items()}
    refs = [mapped.get(ref, ref) for ref in scan.refs]
    for i in marks.srcset:  # rewrite leaves srcset alone
        refs[i] = scan.refs[i]
    if toggle_at is not None:
        refs[toggle_at] = intern(back)
    return PageScan(tuple(refs), scan.ids)


def _after_equals(html: str, at: int) -> bool:
    """Whether ``html[:at]``, less trailing whitespace, ends with "=" (an attribute value follows)."""
    while at > 0 and html[at - 1] in _WS:
        at -= 1
    return at > 0 and html[at - 1] == "="


def _after_markup(html: str, at: int) -> bool:
    """Whether ``html[:at]``, less trailing whitespace, is empty or ends with ">". A "<" that follows
    a name or a value character may be part of that name or (unquoted) value: ``title=y<a …>``."""
    while at > 0 and html[at - 1] in _WS:
        at -= 1
    return at == 0 or html[at - 1] == ">"


def _outside_values(html: str, at: int, single: bool) -> bool:
    """Whether position ``at`` cannot be inside an attribute value (False: it may be).

    Inside a double-quoted value, the last '"' before ``at`` is the value's opening quote, which
    follows "=" (so does a single-quoted one's); an unquoted value follows "=" directly.
    """
    if _after_equals(html, at):
        return False
    quote = html.rfind('"', 0, at)
    if quote >= 0 and _after_equals(html, quote):
        return False
    if single:
        quote = html.rfind("'", 0, at)
        if quote >= 0 and _after_equals(html, quote):
            return False
    return True


def _toggle_ref(html: str, toggle: re.Match, lowered: bytes, marks: Marks, single: bool) -> int | None:
    """The position in refs of the toggle's href, if the markup rewrite replaces is that element."""
    plain = _PLAIN_TOGGLE.fullmatch(toggle.group(0))
    if (plain is None or lowered.count(_TOGGLE_BYTES) != 1 or not _after_markup(html, toggle.start())
            or not _outside_values(html, toggle.start(), single)):
        return None
    attrs: dict[str, str | None] = {}
    for pair in _ATTR_PAIR.finditer(plain.group(1)):
        if pair.group(1) in attrs:
            return None  # the parser keeps the first of two
        attrs[pair.group(1)] = pair.group(2)
    if len(marks.flagged) != 1 or attrs.get("href") is None or "id" in attrs or "name" in attrs:
        return None  # (an href without a value gives no ref: then the toggle has no place in refs)
    tag, at, values = marks.flagged[0]
    return at if tag == "a" and values == attrs else None
