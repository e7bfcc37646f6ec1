"""The 长辈版 mirror, written while Pelican writes the pages (see pipeline.py).

Settings: HUB_CACHE (the twins of kept pages are linked from HUB_PREVIOUS_OUTPUT), HUB_SCANS
(where hubtools.build wants the link scans), HUB_ELDER_WORKERS (0: in this process).
"""

import os
from pathlib import Path

from pelican import signals

from hub_content.filetree import FINISHED_PAGES
from hub_incremental.leftovers import settle

from .pipeline import Pipeline


def _start(pelican):
    settings = pelican.settings
    cache, previous, scans = (settings.get(k) for k in ("HUB_CACHE", "HUB_PREVIOUS_OUTPUT", "HUB_SCANS"))
    settings["HUB_ELDER"] = Pipeline(
        Path(pelican.output_path), Path(previous) if previous and cache else None,
        Path(cache) / "elder.pickle" if cache else None, Path(scans) if scans else None,
        workers=int(settings.get("HUB_ELDER_WORKERS", 1)),
    )


def _written(path, context):
    pipeline = context.get("HUB_ELDER") if context else None
    if pipeline is not None:
        pipeline.written(os.fspath(path))


def _finish(pelican):
    pipeline = pelican.settings.get("HUB_ELDER")
    if pipeline is not None:
        settle(pelican.settings)  # the search for unannounced pages walks the output
        try:
            # The sitemap's listing of the finished output, when it ran first (the same walk).
            pipeline.finish(pelican.settings.pop(FINISHED_PAGES, None))
        finally:
            # pelican --autoreload runs again with these settings: keep a fresh pipeline in them.
            # (A one-shot run exits here; the idle worker leaves with it.)
            pipeline.restart()


def register():
    signals.initialized.connect(_start)
    signals.content_written.connect(_written)
    signals.finalized.connect(_finish)
