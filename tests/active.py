"""What counts as active content in built HTML: shared by the XSS and fuzz tests.

Written independently of plugins/hub_html/allowlist.py on purpose: the tests must not trust
the code they test.
"""

from __future__ import annotations

import html
import json
import re

from bs4 import BeautifulSoup

DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):")
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "applet", "svg", "math", "style", "base", "form", "input",
                  "button", "template", "noscript", "textarea", "xmp", "plaintext", "portal"}


def _scheme(value: str) -> str:
    return re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\ufeff]", "", html.unescape(value)).lower()


def _theme_diagram(tag) -> bool:
    """The route template's own line diagram: plain shapes and text, no script, not from content."""
    return (tag.name == "svg" and "line-diagram" in (tag.get("class") or [])
            and not tag.find(["script", "foreignobject", "a", "use", "animate", "set"]))


def active_content(soup: BeautifulSoup) -> list[str]:
    """Everything in a document that could run code, described for the assertion message."""
    found = []
    for tag in soup.find_all(True):
        if tag.name in FORBIDDEN_TAGS and not _theme_diagram(tag):
            found.append(f"<{tag.name}>")
        if tag.name == "script":
            if tag.get("type") != "application/ld+json" or tag.get("src"):
                found.append(str(tag)[:80])
            else:
                json.loads(tag.string)  # a data block that parses cannot have been broken out of
        if tag.name == "meta" and tag.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            found.append(str(tag)[:80])
        for name, raw in tag.attrs.items():
            value = " ".join(raw) if isinstance(raw, list) else raw
            if name.lower().startswith("on"):
                found.append(f"{tag.name} {name}=")
            if DANGEROUS_SCHEME.match(_scheme(value)):
                found.append(f"{tag.name} {name}={value[:40]}")
    return found
