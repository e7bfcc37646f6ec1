"""Link the first mention of each known community, office and route in an article body.

A pure, idempotent ``str -> str`` transform over an HTML fragment: text inside
links, headings, the byline, code and existing entity links is never touched;
an entity already linked anywhere in the fragment is not linked again, so a
second pass changes nothing.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString

from .aliases import AliasTable

SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button", "label", "figcaption"}
SKIP_CLASSES = {"byline"}
ATTR = "data-entity"


def _skipped(node) -> bool:
    return any(parent.name in SKIP or SKIP_CLASSES & set(parent.get("class") or []) for parent in node.parents)


def link_entities(html: str, table: AliasTable) -> str:
    if table.pattern is None or not table.pattern.search(html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    done = {a[ATTR] for a in soup.find_all("a", attrs={ATTR: True})}
    for text in list(soup.find_all(string=True)):
        # Only plain text nodes: comments, CDATA and doctype are NavigableString subclasses.
        if type(text) is not NavigableString or _skipped(text):
            continue
        pieces, last = [], 0
        for start, end, entity in table.mentions(str(text)):
            if entity.key in done:
                continue
            done.add(entity.key)
            pieces.append(str(text)[last:start])
            link = soup.new_tag("a", href=entity.href, attrs={ATTR: entity.key})
            link.string = str(text)[start:end]
            pieces.append(link)
            last = end
        if pieces:
            pieces.append(str(text)[last:])
            for piece in pieces:
                text.insert_before(NavigableString(piece) if isinstance(piece, str) else piece)
            text.extract()
    return str(soup)
