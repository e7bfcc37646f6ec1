"""Incremental builds: reuse reader results and unchanged pages when HUB_CACHE is set.

``hubtools.build --cache DIR`` sets HUB_CACHE (and HUB_PREVIOUS_OUTPUT, the output being
replaced). Without it, as in tests and CI, this plugin does nothing and every page is rendered.
"""

import re
import shutil
from pathlib import Path

from pelican import signals
from pelican.contents import Content

from .fingerprint import site_fingerprint
from .leftovers import settle
from .memo import Memo
from .plan import Plan
from .templates import with_bytecode_cache
from .writer import IncrementalWriter

ROOT = Path(__file__).resolve().parents[2]
FINGERPRINT = re.compile(r"[0-9a-f]{16}")  # site_fingerprint()'s folder names


def _start(pelican):
    settings = pelican.settings
    if not settings.get("HUB_CACHE"):
        return
    folder = Path(settings["HUB_CACHE"]) / site_fingerprint(settings, ROOT)
    previous = settings.get("HUB_PREVIOUS_OUTPUT")
    settings["JINJA_ENVIRONMENT"] = with_bytecode_cache(settings["JINJA_ENVIRONMENT"], folder / "jinja")
    settings["HUB_MEMO"] = Memo(folder / "memo")
    settings["HUB_INCREMENTAL"] = Plan(folder / "pages.pickle", Path(previous) if previous else None)
    settings["HUB_FORK_STATE"] = [settings["HUB_MEMO"], settings["HUB_INCREMENTAL"]]  # (hub_split)


def _writer(pelican):
    return IncrementalWriter if pelican.settings.get("HUB_INCREMENTAL") else None


def _contents(generators) -> list[Content]:
    seen: dict[int, Content] = {}
    for gen in generators:
        for value in vars(gen).values():
            if isinstance(value, list):
                seen.update((id(v), v) for v in value if isinstance(v, Content))
    return list(seen.values())


def _plan(generators):
    settings = generators[0].settings
    plan = settings.get("HUB_INCREMENTAL")
    if plan is not None:
        plan.start(_contents(generators), settings["HUB_MEMO"])


def _save(pelican):
    settings = pelican.settings
    if settings.get("HUB_INCREMENTAL") is None:
        return
    settle(settings)  # (hub_sitemap and hub_elder have settled already, if they ran first)
    settings["HUB_MEMO"].save()
    plan = settings["HUB_INCREMENTAL"]
    plan.save(Path(pelican.output_path))
    (Path(settings["HUB_CACHE"]) / "last-build.txt").write_text(f"{plan.rendered} rendered {plan.reused} kept\n")
    drop_other_fingerprints(Path(settings["HUB_CACHE"]), settings["HUB_MEMO"].folder.parent.name)


def drop_other_fingerprints(cache: Path, current: str) -> None:
    """Each fingerprint folder holds a whole memo (~230 MB at 10,000 stories) that no later build
    can use once settings, theme, plugins or packages changed: keep the current one only."""
    for folder in cache.iterdir():
        if folder.is_dir() and FINGERPRINT.fullmatch(folder.name) and folder.name != current:
            shutil.rmtree(folder, ignore_errors=True)


def register():
    signals.initialized.connect(_start)
    signals.get_writer.connect(_writer)
    signals.all_generators_finalized.connect(_plan)
    signals.finalized.connect(_save)
