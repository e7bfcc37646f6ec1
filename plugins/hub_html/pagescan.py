"""What a built page links to and which anchors it offers: the link check's view of a page.

Shared by hub_elder (which scans each page as it is written, on a second core) and
hubtools/linkcheck.py (which checks the staged site with these scans).
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# (tag, attribute) pairs that make the browser fetch or navigate to a URL.
URL_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
             ("iframe", "src"), ("video", "src"), ("audio", "src"), ("form", "action"), ("area", "href"))
SRCSET = (("img", "srcset"), ("source", "srcset"))
# The same, by tag: each tag has one URL attribute at most (a dict lookup per element, not twelve comparisons).
_URL_ATTR = dict(URL_ATTRS)
_SRCSET_ATTR = dict(SRCSET)
assert len(_URL_ATTR) == len(URL_ATTRS) and len(_SRCSET_ATTR) == len(SRCSET)


@dataclass(frozen=True)
class PageScan:
    refs: tuple[str, ...]
    ids: frozenset[str]


@dataclass(frozen=True)
class Marks:
    """Where a scan's refs came from, for a caller that derives another page's scan from this one
    (hub_elder/twinscan.py)."""

    srcset: frozenset[int]  # positions in refs of srcset candidates (the others are whole attribute values)
    # Each selected element that has the flag attribute: (tag, position of its first ref in refs, its attributes)
    flagged: tuple[tuple[str, int, dict[str, str | None]], ...]


# One CSS selector for every element the check needs: URL-bearing ones and anchor targets.
_SELECTOR = ",".join(sorted({f"{tag}[{attr}]" for tag, attr in URL_ATTRS + SRCSET} | {"[id]", "a[name]"}))


def scan_html(text: str | bytes, intern=lambda s: s) -> PageScan:
    """The references a page makes and the ids it offers, as a browser's parser sees them.

    Why selectolax (Lexbor, an HTML5 parser in C): the build runs this over every page of the
    staged site, 36,000 pages at newsroom scale; it parses ~8x faster than the stdlib parser
    with the same results (tested on the built site), and bs4 would be slower still.
    ``text`` may be the page's UTF-8 bytes: the same scan, without encoding the text for the
    parser again (~15% of a scan). ``intern`` lets a caller share repeated strings (navigation
    links) across pages.
    """
    return _scan(text, intern, None)[0]


def scan_marked(text: str | bytes, flag: str, intern=lambda s: s) -> tuple[PageScan, Marks]:
    """scan_html, and which refs are srcset candidates and which elements carry the attribute ``flag``."""
    return _scan(text, intern, flag)


def _scan(text: str | bytes, intern, flag: str | None) -> tuple[PageScan, Marks]:
    refs: list[str] = []
    ids: set[str] = set()
    srcset: list[int] = []
    flagged: list[tuple[str, int, dict]] = []
    # Lexbor returns an element once per selector it matches (<img src srcset>: twice): keep the first.
    for node in dict.fromkeys(LexborHTMLParser(text).css(_SELECTOR)):
        tag, values = node.tag, node.attributes
        if values.get("id"):
            ids.add(values["id"])
        if tag == "a" and values.get("name"):
            ids.add(values["name"])
        if flag is not None and flag in values:
            flagged.append((tag, len(refs), values))
        attr = _URL_ATTR.get(tag)
        if attr is not None and values.get(attr) is not None:
            refs.append(intern(values[attr]))
        attr = _SRCSET_ATTR.get(tag)
        if attr is not None and values.get(attr):
            start = len(refs)
            refs += [intern(part.strip().split(" ")[0]) for part in values[attr].split(",") if part.strip()]
            srcset.extend(range(start, len(refs)))
    return PageScan(tuple(refs), frozenset(ids)), Marks(frozenset(srcset), tuple(flagged))
