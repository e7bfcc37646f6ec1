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

import re
from collections.abc import Callable, Iterable, Mapping

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction, Tag

SKIP_PARENTS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "code", "pre", "title",
                          "svg", "button", "textarea", "option", "figcaption"})
SPECIAL_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
SKIP_CLASSES = frozenset({"byline"})


def _alternative(name: str) -> str:
    tail = r"(?![A-Za-z0-9])" if name[-1].isascii() and name[-1].isalnum() else ""
    return re.escape(name) + tail


def mention_pattern(mentions: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted(set(mentions), key=lambda n: (-len(n), n))
    if not names:
        return None
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(_alternative(n) for n in names) + r")")


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
        text = BeautifulSoup(getattr(content, "_content", "") or "", "html.parser").get_text()
        content._hub_body_text = text
    return text


def link_mentions(html: str, hrefs: Mapping[str, str], css_class: str = "entity-link") -> str:
    """Link the first mention of each target; ``hrefs`` maps a mention to its target's href."""
    pattern = mention_pattern(hrefs)
    if pattern is None or not pattern.search(html):
        return html
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


def _inside_skipped(node: NavigableString) -> bool:
    return any(parent.name in SKIP_PARENTS or SKIP_CLASSES.intersection(parent.get("class") or ())
               for parent in node.parents if isinstance(parent, Tag))


def _link_text(soup: BeautifulSoup, node: NavigableString, pattern: re.Pattern[str],
               hrefs: Mapping[str, str], linked: set, css_class: str) -> bool:
    text = str(node)
    pieces: list[NavigableString | Tag] = []
    pos = 0
    for m in pattern.finditer(text):
        href = hrefs[m.group(0)]
        if href in linked:
            continue
        linked.add(href)
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
