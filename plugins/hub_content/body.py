"""Find links, images and raw HTML tags in a Markdown body, each with its line in the file.

Checks read the Markdown source rather than the rendered HTML because the
source has the line numbers editors need. Code (fenced blocks and `spans`) is
blanked out first: Markdown shows it as text, so a `<script>` there is harmless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .frontmatter import Document

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+>", re.I)
_INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|(?:[^\s()]|\([^\s()]*\))*)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")


@dataclass(frozen=True)
class Link:
    line: int  # 1-based file line
    url: str
    image: bool
    text: str
    snippet: str


@dataclass(frozen=True)
class RawTag:
    line: int
    tag: str
    attrs: tuple[tuple[str, str | None], ...]
    snippet: str


def mask_code(body: str) -> str:
    """The body with code replaced by spaces, keeping every line and column where it was."""
    out, fence = [], None
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append(" " * len(line))
            continue
        if m:
            fence = m.group(1)
            out.append(" " * len(line))
            continue
        out.append(_CODE_SPAN.sub(lambda c: " " * len(c.group(0)), line))
    return "\n".join(out)


def _snippet(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown_links(doc: Document) -> list[Link]:
    found = []
    for offset, line in enumerate(mask_code(doc.body).split("\n")):
        for m in _INLINE_LINK.finditer(line):
            found.append(Link(doc.body_line + offset, m.group(3).strip("<>"), bool(m.group(1)), m.group(2),
                              _snippet(m.group(0) + ")")))
        m = _REF_DEF.match(line)
        if m:
            found.append(Link(doc.body_line + offset, m.group(1).strip("<>"), False, "", _snippet(line)))
    return found


class _TagCollector(HTMLParser):
    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tags: list[RawTag] = []

    def _add(self, tag: str, attrs, text: str | None) -> None:
        line = self.first_line + self.getpos()[0] - 1
        self.tags.append(RawTag(line, tag, tuple(attrs), _snippet(text or f"<{tag}>")))

    def handle_starttag(self, tag, attrs):
        self._add(tag, attrs, self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self._add(tag, attrs, self.get_starttag_text())

    def handle_comment(self, data):
        self._add("!--", (), f"<!--{data}-->")

    def handle_decl(self, decl):
        self._add("!" + decl.split()[0].lower() if decl.split() else "!", (), f"<!{decl}>")

    def unknown_decl(self, data):
        self._add("![cdata[", (), f"<![{data}]>")

    def handle_pi(self, data):
        self._add("?", (), f"<?{data}>")


_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)", re.I)


def raw_tags(doc: Document) -> list[RawTag]:
    """Every HTML start tag written into the body (end tags carry no attributes and add nothing).

    Marked sections (``<![…``) are reported as a tag of their own and blanked before parsing:
    Python's html.parser raises AssertionError on most of them.
    """
    text = _AUTOLINK.sub(lambda m: " " * len(m.group(0)), mask_code(doc.body))
    marked = []
    for m in _MARKED_SECTION.finditer(text):
        line = doc.body_line + text.count("\n", 0, m.start())
        marked.append(RawTag(line, "![", (), _snippet(text[m.start():m.start() + 40])))
    collector = _TagCollector(doc.body_line)
    try:
        collector.feed(_MARKED_SECTION.sub("   ", text))
        collector.close()
    except AssertionError:  # html.parser's way of refusing markup; what it read so far still counts
        marked.append(RawTag(doc.body_line, "![", (), "markup the HTML parser cannot read"))
    return sorted(collector.tags + marked, key=lambda t: t.line)
