"""Markdown bodies of routes, events and communities: the same Markdown settings and the same
transforms (the sanitiser first) as stories, so no content type can skip them."""

from __future__ import annotations

from markdown import Markdown

from .transforms import apply_all


def markdown_fragment(body: str, settings: dict) -> str:
    if not body or not body.strip():
        return ""
    md_settings = settings["MARKDOWN"]
    md = Markdown(**{k: v for k, v in md_settings.items() if k != "extension_configs"},
                  extension_configs=md_settings.get("extension_configs", {}))
    return apply_all(md.convert(body))
