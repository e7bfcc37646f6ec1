"""Wire the HTML transforms to every article and page once its content is read.

Transforming ``_content`` at content_object_init means templates and feeds see
the same HTML. Other plugins add transforms through the HUB_HTML_TRANSFORMS
setting (a list of callables ``(html, content, settings) -> html`` or ``str -> str``).
"""

import inspect
from functools import lru_cache

from pelican import signals

from .transforms import CONTENT_TRANSFORMS, DEFAULT_TRANSFORMS


@lru_cache(maxsize=256)  # inspect.signature costs more than a transform that finds nothing to do
def _takes_html_only(transform) -> bool:
    return len(inspect.signature(transform).parameters) == 1


def _transform(content):
    html = getattr(content, "_content", None)
    if not html:
        return
    settings = content.settings
    # HUB_MEMO (hub_incremental): transforms are pure, so the same HTML gives the same result.
    memo = settings.get("HUB_MEMO")
    key = memo.key(html, "hub_html") if memo is not None else None
    hit = memo.get(key) if memo is not None else None
    if hit is not None:
        content._content = hit
        return
    for transform in (*DEFAULT_TRANSFORMS, *CONTENT_TRANSFORMS, *settings.get("HUB_HTML_TRANSFORMS", ())):
        html = transform(html) if _takes_html_only(transform) else transform(html, content, settings)
    content._content = html
    if memo is not None:
        memo.put(key, html)


def register():
    signals.content_object_init.connect(_transform)
