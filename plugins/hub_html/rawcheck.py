"""`invoke check`'s view of HTML in a Markdown body: anything outside the allow-list, with its line.

Two passes. The source pass reads raw tags and Markdown links with their lines.
The rendered pass converts the body with the site's Markdown extensions and
checks the result against the same allow-list: it catches what Markdown itself
turns into HTML (``[x](javascript:…)``, attr_list's ``{: onclick=… }``) that no
raw tag shows, so nothing the sanitiser would have to remove passes the check.
"""

from __future__ import annotations

import re

from bs4.element import Comment
from markdown import Markdown

from hub_content.body import markdown_links, mask_code, raw_tags
from hub_content.errors import Problem
from hub_content.frontmatter import Document

from .allowlist import ALLOWED_HINT, DROP_WITH_CONTENT, attribute_problem, tag_problem, url_is_safe, url_scheme
from .sanitize import NOT_TEXT, parse

# The same extensions as MARKDOWN in pelicanconf.py (a test keeps the two equal).
MARKDOWN_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.sane_lists"]


# A dangerous tag name anywhere, even in a tag never closed (`<iframe src=… <`): browsers are
# more forgiving than parsers, so the name alone is refused.
_DANGEROUS_NAME = re.compile(r"</?(" + "|".join(sorted(DROP_WITH_CONTENT)) + r")(?![a-z0-9-])", re.I)


def _problem(doc: Document, line: int, why: str, snippet: str) -> Problem:
    return Problem(doc.path, line, "body", f"{why}: {snippet}", ALLOWED_HINT)


def source_problems(doc: Document) -> list[Problem]:
    problems = []
    for raw in raw_tags(doc):
        if raw.tag == "!--":
            # Editors' notes are fine; markup inside a comment is an old trick (IE conditional comments).
            if "<" in raw.snippet[4:] or raw.snippet[4:].lstrip().startswith("["):
                problems.append(_problem(doc, raw.line, "a comment containing markup is not allowed", raw.snippet))
            continue
        why = tag_problem(raw.tag)
        if why is None:
            why = next((w for name, value in raw.attrs if (w := attribute_problem(raw.tag, name, value))), None)
        if why is None and raw.tag == "img" and not dict(raw.attrs).get("alt", "").strip():
            problems.append(Problem(doc.path, raw.line, "body", f"the picture has no alt text: {raw.snippet}",
                                    'describe the picture for blind readers: <img src="…" alt="一句话描述">'))
        if why:
            problems.append(_problem(doc, raw.line, why, raw.snippet))
    for link in markdown_links(doc):
        if not url_is_safe(link.url):
            problems.append(_problem(doc, link.line, f"the {url_scheme(link.url)}: address is not allowed", link.snippet))
    seen = {p.line for p in problems}
    for offset, line in enumerate(mask_code(doc.body).split("\n")):
        m = _DANGEROUS_NAME.search(line)
        if m and doc.body_line + offset not in seen:
            problems.append(_problem(doc, doc.body_line + offset, f"<{m.group(1).lower()}> is not allowed in stories",
                                     line[m.start():m.start() + 80].strip()))
    return problems


def _line_of(doc: Document, needle: str) -> int:
    for offset, line in enumerate(doc.body.split("\n")):
        if needle and needle.lower() in line.lower():
            return doc.body_line + offset
    return doc.body_line


def rendered_problems(doc: Document) -> list[Problem]:
    html = Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html").convert(doc.body)
    problems = []
    soup = parse(html)
    if soup is None:
        return [_problem(doc, doc.body_line, "the HTML cannot be read", doc.body.strip()[:80])]
    for tag in soup.find_all(True):
        why, needle = tag_problem(tag.name), tag.name
        for name, raw in tag.attrs.items():
            if why:
                break
            why, needle = attribute_problem(tag.name, name, " ".join(raw) if isinstance(raw, list) else raw), name
        if why:
            problems.append(_problem(doc, _line_of(doc, needle), why, str(tag)[:80]))
    # The sanitiser drops these (browsers never show them): say so, rather than lose them silently.
    # An editor's <!-- note --> is judged in the source (source_problems).
    for node in soup.find_all(string=lambda s: isinstance(s, NOT_TEXT) and not isinstance(s, Comment)):
        written = node.output_ready()
        problems.append(_problem(doc, _line_of(doc, written[:2]), "a processing instruction, declaration or CDATA "
                                 "section is not shown to readers", written[:80]))
    return problems


def raw_html_problems(doc: Document) -> list[Problem]:
    """Problems with HTML in ``doc``'s body, in line order; one report per line is enough to find it."""
    problems = source_problems(doc)
    seen = {p.line for p in problems}
    problems += [p for p in rendered_problems(doc) if p.line not in seen]
    return sorted(problems, key=lambda p: p.line or 0)
