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


# The theme's own scripts: deferred, external, fingerprinted files under theme/js/ (README, "Readers").
# Relative, or absolute to the test builds' own origin (the 404 page links absolutely).
THEME_SCRIPT = re.compile(r"^(?:(?:\.{1,2}/)+|\./|http://127\.0\.0\.1:\d+/)theme/js/[a-z]+\.[0-9a-f]{10}\.js$")
SEARCH_CONTROLS = {"form", "input", "button", "select", "noscript"}


def _theme_script(tag) -> bool:
    return bool(THEME_SCRIPT.match(tag.get("src", ""))) and tag.has_attr("defer") and not tag.string


def _search_page(soup) -> bool:
    canonical = soup.select_one('link[rel="canonical"]')
    return canonical is not None and canonical.get("href", "").endswith("/search/")


def _theme_search_control(tag, search_page: bool) -> bool:
    """The search page's own form (and its <noscript> note), never anything inside content."""
    if not search_page or tag.name not in SEARCH_CONTROLS or tag.find_parent("article"):
        return False
    form = tag if tag.name == "form" else tag.find_parent("form")
    if tag.name == "noscript":
        return tag.find_parent("div", class_="search") is not None and [t.name for t in tag.find_all(True)] == ["p"]
    return form is not None and form.has_attr("data-search") and form.find_parent("div", class_="search") is not None


def active_content(soup: BeautifulSoup) -> list[str]:
    """Everything in a document that could run code, described for the assertion message."""
    found = []
    search_page = _search_page(soup)
    for tag in soup.find_all(True):
        if tag.name in FORBIDDEN_TAGS and not _theme_diagram(tag) and not _theme_search_control(tag, search_page):
            found.append(f"<{tag.name}>")
        if tag.name == "script":
            if tag.get("src") and _theme_script(tag):
                continue
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
