"""What HTML a story may contain: one allow-list shared by the check and the build's sanitiser.

An allow-list, not a block-list: browsers accept endless spellings of a script
(OWASP's filter-evasion cheat sheet), but only the few tags and attributes named
here ever reach a reader. ``invoke check`` refuses anything else with the line;
the build removes it anyway, in case a file skipped the check.
"""

from __future__ import annotations

import html
import re

_GLOBAL = frozenset({"title", "lang", "dir", "class", "id"})

# tag: attributes allowed besides _GLOBAL
ALLOWED: dict[str, frozenset[str]] = {
    **{t: frozenset() for t in (
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark",
        "small", "sub", "sup", "code", "pre", "kbd", "samp", "var", "ul", "dl", "dt", "dd", "caption", "thead",
        "tbody", "tfoot", "tr", "figure", "figcaption", "summary", "span", "ruby", "rt", "rp", "wbr", "cite",
    )},
    "a": frozenset({"href", "rel", "hreflang"}),
    "abbr": frozenset(),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "table": frozenset(),
    "th": frozenset({"colspan", "rowspan", "scope", "abbr"}),
    "td": frozenset({"colspan", "rowspan"}),
    "colgroup": frozenset({"span"}),
    "col": frozenset({"span"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    # The transforms wrap wide tables in a labelled, focusable scroll region.
    "div": frozenset({"role", "tabindex", "aria-label"}),
}

# Removed together with everything inside them: their content is code, not text for readers.
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "template",
    "noscript", "noembed", "noframes", "xmp", "plaintext", "textarea", "title", "base", "link", "meta", "form",
    "input", "button", "select", "option", "canvas", "audio", "video", "source", "track", "param", "portal",
    "head", "listing", "isindex", "dialog",
})

URL_ATTRS = frozenset({"href", "src", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Browsers ignore ASCII whitespace and control characters inside a scheme ("jav&#x09;ascript:")
# and some ignore zero-width characters; strip them all before reading the scheme.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (entities decoded, case folded)."""
    plain = _INVISIBLE.sub("", html.unescape(value)).lower()
    if plain.startswith("{"):  # Pelican's {filename}/{static} placeholders: links inside the site
        return None
    match = _SCHEME.match(plain)
    return match.group(1) if match else None


def url_is_safe(value: str) -> bool:
    scheme = url_scheme(value)
    return scheme is None or scheme in SAFE_SCHEMES


def attribute_problem(tag: str, name: str, value: str | None) -> str | None:
    """Why an attribute is refused, or None when it is allowed."""
    name = name.lower()
    if name.startswith("on"):
        return f"the event-handler attribute {name}= runs code"
    if name not in _GLOBAL and name not in ALLOWED.get(tag, frozenset()):
        return f"the attribute {name}= is not allowed on <{tag}>"
    if name in URL_ATTRS and value is not None and not url_is_safe(value):
        return f"the {url_scheme(value)}: address in {name}= is not allowed"
    return None


def tag_problem(tag: str) -> str | None:
    tag = tag.lower()
    if tag in ALLOWED:
        return None
    if tag in DROP_WITH_CONTENT:
        return f"<{tag}> is not allowed in stories"
    return f"<{tag}> is not an allowed tag"


ALLOWED_HINT = ("use Markdown, or only these HTML tags: table, figure/figcaption, img with alt, "
                "details/summary, abbr, br, sup/sub (no scripts, styles, frames or on…= attributes)")
