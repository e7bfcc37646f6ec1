"""Article / RouteDraft -> the text of a content file (YAML front matter + Markdown).

Front matter is written by hand, not by ``yaml.safe_dump``, so the files look like the
examples in COMMON.md (flow lists ``[a, b]``, unquoted dates, keys in a fixed order, no
line folding of long summaries) and are byte-stable. Each scalar is written plain when
that is safe and means the same string to every YAML reader (our BaseLoader, Pelican's,
an editor's tools); otherwise double-quoted with JSON escapes, which YAML reads alike
(``"6:15"`` would be the integer 375 to a YAML 1.1 reader). Dates stay plain on purpose.

Body: one paragraph per line, blank lines between. Characters that Markdown (with
Pelican's ``extra`` extensions) would read as markup are escaped, so what a reader sees is
exactly the paper's text: ``* _ ` [ ] { } \\`` anywhere with a backslash, ``&`` and ``<``
as ``&amp;`` and ``&lt;``, and ``# > + - 1.`` (backslash) or ``:`` (``&#58;``) where they
would start a block. The property tests render random text through Python-Markdown and
compare what a browser would show. Captions are
emphasised (``*…*``), crossheads are ``##`` headings (the article title is the ``h1``).
"""

from __future__ import annotations

import json
import re

import yaml

from .metadata import Article
from .parse import Block
from .routes import FIELD_LABELS, RouteDraft

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
# Inside [a, b] a plain scalar also ends at these (PyYAML's flow scanner).
_FLOW_UNSAFE = set(",[]{}?:#")
_INLINE_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]{}"} | {"<": "&lt;"})
_BLOCK_START = re.compile(r"^(#|>|[+\-*] |\d+[.)] |:|=+$|-+$)")
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value: str, *, flow: bool = False, plain: bool = False) -> str:
    """One YAML scalar; ``plain`` forces the plain style (dates)."""
    if plain or _plain_ok(value, flow=flow):
        return value
    # JSON's escapes are YAML's; characters YAML reads as line breaks or refuses are escaped too.
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(value, ensure_ascii=False))


def _plain_ok(value: str, *, flow: bool) -> bool:
    if not value or value != value.strip() or any(c in value for c in "\n\r\t") or value[0] in _INDICATORS:
        return False
    if ": " in value or " #" in value or value.endswith(":") or (flow and _FLOW_UNSAFE & set(value)):
        return False
    if any(ord(c) < 0x20 or c in "\u2028\u2029\ufeff\x7f" for c in value):
        return False
    try:
        return yaml.safe_load(value) == value  # no reader may see a number, a bool, a date
    except yaml.YAMLError:
        return False


def flow_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def front_matter(pairs: list[tuple[str, str]]) -> str:
    return (
        "---\n"
        + "".join(f"{key}: {value}\n" if not value.startswith("\n") else f"{key}:{value}\n" for key, value in pairs)
        + "---\n"
    )


def escape_markdown(text: str) -> str:
    """Escape what Markdown would take for markup; the visible text stays the paper's."""
    # Outer whitespace would hide a block marker from the checks below (" > x").
    # Every "&": browsers read "&#0" or "&copy" as characters even without a ";".
    text = text.strip().replace("&", "&amp;")
    text = text.translate(_INLINE_ESCAPES)
    if text.startswith(":"):
        # Markdown has no backslash escape for ":", which would start a definition (def_list).
        text = "&#58;" + text[1:]
    elif _BLOCK_START.match(text):
        m = re.match(r"^\d+", text)
        text = text[: m.end()] + "\\" + text[m.end() :] if m else "\\" + text
    return text


def block_markdown(block: Block) -> str:
    text = escape_markdown(block.text)
    if block.kind == "caption":
        return f"*{text}*"
    if block.kind == "crosshead":
        return f"## {text}"
    return text


def render_article(article: Article) -> str:
    pairs: list[tuple[str, str]] = [("title", scalar(article.title))]
    if article.kicker:
        pairs.append(("kicker", scalar(article.kicker)))
    if article.subtitle:
        pairs.append(("subtitle", scalar(article.subtitle)))
    pairs += [
        ("date", scalar(article.date, plain=True)),
        ("category", scalar(article.category)),
        ("tags", flow_list(article.tags)),
    ]
    if article.new_tags:
        pairs.append(("new_tags", flow_list(article.new_tags)))
    pairs += [("authors", flow_list(article.authors))]
    if article.correspondents:
        pairs.append(("correspondents", flow_list(article.correspondents)))
    if article.photographers:
        pairs.append(("photographers", flow_list(article.photographers)))
    pairs += [("slug", scalar(article.slug)), ("summary", scalar(article.summary)), ("source", scalar(article.source))]
    body = "\n\n".join(block_markdown(b) for b in article.blocks)
    return front_matter(pairs) + body + "\n"


def render_route(route: RouteDraft) -> str:
    pairs: list[tuple[str, str]] = [("number", scalar(route.number)), ("name", scalar(route.name))]
    if route.kind:
        pairs.append(("kind", scalar(route.kind)))
    if route.operator:
        pairs.append(("operator", scalar(route.operator)))
    if route.partners:
        pairs.append(("partners", flow_list(route.partners)))
    if route.opened:
        pairs.append(("opened", scalar(route.opened, plain=True)))
    pairs.append(("status", scalar(route.status)))
    if route.hours:
        hours = "".join(
            f"\n  - direction: {scalar(h.direction)}\n    first: {json.dumps(h.first)}\n    last: {json.dumps(h.last)}"
            for h in route.hours
        )
        pairs.append(("hours", hours))
    if route.termini:
        pairs.append(("termini", flow_list(route.termini)))
    if route.roads:
        pairs.append(("roads", flow_list(route.roads)))
    if route.serves:
        pairs.append(("serves", flow_list(route.serves)))
    pairs.append(("sources", flow_list(route.sources)))
    if route.draft:
        pairs.append(("draft", "true"))
    notes = []
    if route.headway:
        notes.append(f"发车间隔：{route.headway}。")
    if route.fare:
        notes.append(f"票价：{route.fare}。")
    if route.draft:
        notes.append("待补充（原文未提供）：" + "、".join(FIELD_LABELS[f] for f in route.missing) + "。")
    return (
        front_matter(pairs) + "".join(escape_markdown(n) + "\n\n" for n in notes).rstrip("\n") + ("\n" if notes else "")
    )
