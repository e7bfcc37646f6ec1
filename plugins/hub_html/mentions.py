"""Link the first mention of known names (routes, communities, offices) in article HTML.

One mechanism for every kind of entity, so routes (hub_routes) and communities
(hub_communities) link the same way and never twice: a pure, idempotent
``str -> str`` transform that parses with ``html.parser``, links the first
mention of each target in a fragment (as editors link a name once, not every
time), and leaves text inside links, headings, code, scripts and the byline
alone. A target already linked anywhere in the fragment (same href) is not
linked again, which is what makes ``t(t(x)) == t(x)``.

Mentions are matched longest first, so ``S228路社区接驳巴士`` is one link and not
``S228路`` plus text, and never inside a longer Latin/digit run (``S2`` must not
match inside ``S228路``, nor ``10路`` inside ``110路``, nor ``S228`` inside ``S2280``).
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction, Tag

from . import simpleform
from .simpleform import TAG, VOID, escape

SKIP_PARENTS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "code", "pre", "title",
                          "svg", "button", "textarea", "option", "figcaption"})
SPECIAL_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
SKIP_CLASSES = frozenset({"byline"})


def _alternative(name: str) -> str:
    # "Not after a Latin letter or digit" sits after the first character, as a two-character
    # look-behind: a pattern that starts with a look-behind loses re's first-character scan and
    # runs ~16x slower over the whole site's text. Same matches (tested).
    tail = r"(?![A-Za-z0-9])" if name[-1].isascii() and name[-1].isalnum() else ""
    return re.escape(name[0]) + r"(?<![A-Za-z0-9].)" + re.escape(name[1:]) + tail


def mention_pattern(mentions: Iterable[str]) -> re.Pattern[str] | None:
    return _compiled(frozenset(mentions))


@lru_cache(maxsize=64)
def _compiled(mentions: frozenset[str]) -> re.Pattern[str] | None:
    # Cached: every story is matched against the same few tables (10,000 compiles cost 5 s).
    names = sorted(mentions, key=lambda n: (-len(n), n))
    if not names:
        return None
    return re.compile("|".join(_alternative(n) for n in names))


def find_mentions(text: str, mentions: Mapping[str, str]) -> list[str]:
    """Targets (e.g. route slugs) mentioned in plain text, in order of first mention."""
    pattern = mention_pattern(mentions)
    found: list[str] = []
    for m in pattern.finditer(text) if pattern else ():
        target = mentions[m.group(0)]
        if target not in found:
            found.append(target)
    return found


def body_text(content) -> str:
    """The visible text of an article's body, parsed once per article.

    Routes and communities both look for mentions in it; links they add do not
    change the text, so the first parse serves every later pass.
    """
    text = getattr(content, "_hub_body_text", None)
    if text is None:
        text = visible_text(getattr(content, "_content", "") or "")
        content._hub_body_text = text
    return text


def visible_text(html: str) -> str:
    """What BeautifulSoup's get_text() gives, by the fast path when the HTML allows it."""
    tokens = simpleform.tokens(html)
    if tokens is None:
        return BeautifulSoup(html, "html.parser").get_text()
    return htmllib.unescape("".join(tokens[::2]))


def link_mentions(html: str, hrefs: Mapping[str, str], css_class: str = "entity-link") -> str:
    """Link the first mention of each target; ``hrefs`` maps a mention to its target's href."""
    pattern = mention_pattern(hrefs)
    if pattern is None or not pattern.search(html):
        return html
    tokens = simpleform.tokens(html)
    if tokens is not None:
        return _link_tokens(tokens, pattern, hrefs, css_class)
    return link_by_parsing(html, pattern, hrefs, css_class)


def link_by_parsing(html: str, pattern: re.Pattern[str], hrefs: Mapping[str, str], css_class: str) -> str:
    """The general path: parse, link text nodes, serialise."""
    soup = BeautifulSoup(html, "html.parser")
    linked = {a.get("href") for a in soup.find_all("a")}
    changed = False
    for node in list(soup.find_all(string=pattern)):
        if isinstance(node, SPECIAL_STRINGS) or _inside_skipped(node):
            continue
        changed = _link_text(soup, node, pattern, hrefs, linked, css_class) or changed
    # Unchanged input is returned as is: html.parser does not round-trip every byte (trailing
    # whitespace after the last tag shrinks), and a second run must give back the first's output.
    return str(soup) if changed else html


def mention_linker(hrefs: Mapping[str, str], css_class: str = "entity-link") -> Callable[[str], str]:
    """The transform with its targets bound, for a list of ``str -> str`` transforms."""
    frozen = dict(hrefs)

    def transform(html: str) -> str:
        return link_mentions(html, frozen, css_class)

    return transform


def table_key(hrefs: Mapping[str, str], css_class: str) -> str:
    """One string that changes whenever linking with this table could give another result."""
    return css_class + "\0" + "\0".join(f"{m}\1{h}" for m, h in sorted(hrefs.items()))


def digest(text: str) -> str:
    """A short digest of one key part for ``remembered`` (a table: take it once per build)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def remembered(settings, html: str, parts: tuple[str, ...], compute: Callable[[], tuple[Any, str]]):
    """``compute()``, a pair (what was found, linked HTML), or its result from an earlier build
    for the same inputs (HUB_MEMO).

    Linking every story on every build cost ~5 s of a 10,000-story rebuild; the result is a pure
    function of the story's HTML and of ``parts``, digests (``digest()``) of every other input:
    the story's title and tags, the table. Without the incremental memo (tests, CI), it simply
    computes.
    """
    memo = settings.get("HUB_MEMO")
    if memo is None:
        return compute()
    key = memo.key(html, *parts)
    hit = memo.get(key)
    if hit is None:
        hit = compute()
        memo.put(key, hit)
    memo.made(hit[1], key, "html")  # the next step keys on this HTML
    return hit


def _inside_skipped(node: NavigableString) -> bool:
    return any(parent.name in SKIP_PARENTS or SKIP_CLASSES.intersection(parent.get("class") or ())
               for parent in node.parents if isinstance(parent, Tag))


def _first_mentions(text: str, pattern: re.Pattern[str], hrefs: Mapping[str, str], linked: set):
    """(match, href) for each mention in ``text`` of a target not linked yet, marking it linked.

    The one rule both linking paths follow: a target is linked at its first mention only.
    """
    for m in pattern.finditer(text):
        href = hrefs[m.group(0)]
        if href not in linked:
            linked.add(href)
            yield m, href


def _link_text(soup: BeautifulSoup, node: NavigableString, pattern: re.Pattern[str],
               hrefs: Mapping[str, str], linked: set, css_class: str) -> bool:
    text = str(node)
    pieces: list[NavigableString | Tag] = []
    pos = 0
    for m, href in _first_mentions(text, pattern, hrefs, linked):
        if m.start() > pos:
            pieces.append(NavigableString(text[pos:m.start()]))
        a = soup.new_tag("a", href=href, attrs={"class": css_class})
        a.string = m.group(0)
        pieces.append(a)
        pos = m.end()
    if not pieces:
        return False
    if pos < len(text):
        pieces.append(NavigableString(text[pos:]))
    node.replace_with(*pieces)
    return True


# The fast path (hub_html/simpleform.py): every story's HTML reaches the linkers as html.parser
# serialised it (the sanitiser's output), so linking is string splicing. Anything else (hand-written
# raw HTML, comments) takes the BeautifulSoup path above; tests/test_mentions.py compares the two.
_CLASS = re.compile(r'\sclass="([^"]*)"')
_HREF = re.compile(r'\shref="([^"]*)"')


def _link_tokens(tokens: list[str], pattern: re.Pattern[str], hrefs: Mapping[str, str], css_class: str) -> str:
    linked = {htmllib.unescape(m.group(1)) for tag in tokens[1::2] if tag.startswith("<a")
              for m in [_HREF.search(tag)] if m and TAG.fullmatch(tag).group(2).lower() == "a"}
    stack: list[tuple[str, bool]] = []  # open elements: (name, whether text inside is left alone)
    out: list[str] = []
    changed = False
    for i, token in enumerate(tokens):
        if i % 2:
            closing, name, attrs, selfclosing = TAG.fullmatch(token).groups()
            name = name.lower()
            if closing:
                # As html.parser's tree builder does: close up to the open element of that name.
                depth = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][0] == name), None)
                if depth is not None:
                    del stack[depth:]
            elif name not in VOID and not selfclosing:
                classes = _CLASS.search(attrs)
                skip = name in SKIP_PARENTS or bool(classes and SKIP_CLASSES.intersection(classes.group(1).split()))
                stack.append((name, skip or (stack[-1][1] if stack else False)))
            out.append(token)
        elif token and not (stack and stack[-1][1]):
            text = htmllib.unescape(token)
            spliced = _splice(text, pattern, hrefs, linked, css_class)
            changed = changed or spliced is not None
            out.append(token if spliced is None else spliced)
        else:
            out.append(token)
    return "".join(out) if changed else "".join(tokens)


def _splice(text: str, pattern: re.Pattern[str], hrefs: Mapping[str, str], linked: set, css_class: str) -> str | None:
    pieces: list[str] = []
    pos = 0
    for m, href in _first_mentions(text, pattern, hrefs, linked):
        pieces.append(escape(text[pos:m.start()]))
        pieces.append(f'<a class="{escape(css_class)}" href="{escape(href)}">{escape(m.group(0))}</a>')
        pos = m.end()
    if not pieces:
        return None
    pieces.append(escape(text[pos:]))
    return "".join(pieces)


