"""Wire the HTML transforms to every article and page once its content is read.

Transforming ``_content`` at content_object_init means templates and feeds see
the same HTML. Other plugins add transforms through the HUB_HTML_TRANSFORMS
setting (a list of callables ``(html, content, settings) -> html`` or ``str -> str``).
"""

import inspect

from pelican import signals

from .transforms import DEFAULT_TRANSFORMS


def _transform(content):
    html = getattr(content, "_content", None)
    if not html:
        return
    settings = content.settings
    for transform in (*DEFAULT_TRANSFORMS, *settings.get("HUB_HTML_TRANSFORMS", ())):
        html = transform(html) if len(inspect.signature(transform).parameters) == 1 else transform(html, content, settings)
    content._content = html


def register():
    signals.content_object_init.connect(_transform)
