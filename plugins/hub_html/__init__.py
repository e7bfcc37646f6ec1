"""Wire the HTML transforms to every article and page once its content is read.

Transforming ``_content`` at content_object_init means templates and feeds see
the same HTML. Other plugins add transforms through the HUB_HTML_TRANSFORMS
setting (a list of callables ``(html, content, settings) -> html`` or ``str -> str``).
"""

import inspect
from functools import lru_cache
from types import SimpleNamespace

from pelican import signals

from .transforms import CONTENT_TRANSFORMS, DEFAULT_TRANSFORMS


@lru_cache(maxsize=256)  # inspect.signature costs more than a transform that finds nothing to do
def _takes_html_only(transform) -> bool:
    return len(inspect.signature(transform).parameters) == 1


def transform_html(html: str, content, settings) -> str:
    for transform in (*DEFAULT_TRANSFORMS, *CONTENT_TRANSFORMS, *settings.get("HUB_HTML_TRANSFORMS", ())):
        html = transform(html) if _takes_html_only(transform) else transform(html, content, settings)
    return html


def pretransform(html: str, source_path: str, settings) -> str | None:
    """The transforms, run early by hub_content's pre-read workers (on every core).

    Our own transforms need only the content's source path (images are sized from the file next
    to it); transforms other plugins add may need the whole content object, so with any of
    those this declines and the transform runs at content_object_init as usual.
    """
    if settings.get("HUB_HTML_TRANSFORMS"):
        return None
    return transform_html(html, SimpleNamespace(source_path=source_path), settings)


def _start(pelican):
    pelican.settings["HUB_PRETRANSFORM"] = pretransform
    pelican.settings["HUB_HTML_DONE"] = {}  # (source path, HTML) -> transformed, from the pre-read


def _transform(content):
    html = getattr(content, "_content", None)
    if not html:
        return
    settings = content.settings
    done = settings.get("HUB_HTML_DONE")
    early = done.pop((content.source_path, html), None) if done else None
    # HUB_MEMO (hub_incremental): transforms are pure, so the same HTML gives the same result.
    memo = settings.get("HUB_MEMO")
    key = memo.key(html, "hub_html") if memo is not None else None
    hit = early or (memo.get(key) if memo is not None else None)
    content._content = hit if hit is not None else transform_html(html, content, settings)
    if memo is not None:
        memo.put(key, content._content)
        memo.made(content._content, key)


def register():
    signals.initialized.connect(_start)
    signals.content_object_init.connect(_transform)
