"""Incremental builds: reuse reader results and unchanged pages when HUB_CACHE is set.

``hubtools.build --cache DIR`` sets HUB_CACHE (and HUB_PREVIOUS_OUTPUT, the output being
replaced). Without it, as in tests and CI, this plugin does nothing and every page is rendered.
"""

from pathlib import Path

from pelican import signals
from pelican.contents import Content

from .fingerprint import site_fingerprint
from .memo import Memo
from .plan import Plan
from .templates import with_bytecode_cache
from .writer import IncrementalWriter

ROOT = Path(__file__).resolve().parents[2]


def _start(pelican):
    settings = pelican.settings
    if not settings.get("HUB_CACHE"):
        return
    folder = Path(settings["HUB_CACHE"]) / site_fingerprint(settings, ROOT)
    previous = settings.get("HUB_PREVIOUS_OUTPUT")
    settings["JINJA_ENVIRONMENT"] = with_bytecode_cache(settings["JINJA_ENVIRONMENT"], folder / "jinja")
    settings["HUB_MEMO"] = Memo(folder / "memo")
    settings["HUB_INCREMENTAL"] = Plan(folder / "pages.pickle", Path(previous) if previous else None)


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
    plan = generators[0].settings.get("HUB_INCREMENTAL")
    if plan is not None:
        plan.start(_contents(generators))


def _save(pelican):
    settings = pelican.settings
    if settings.get("HUB_INCREMENTAL") is None:
        return
    settings["HUB_MEMO"].save()
    plan = settings["HUB_INCREMENTAL"]
    plan.save(Path(pelican.output_path))
    (Path(settings["HUB_CACHE"]) / "last-build.txt").write_text(f"{plan.rendered} rendered {plan.reused} kept\n")


def register():
    signals.initialized.connect(_start)
    signals.get_writer.connect(_writer)
    signals.all_generators_finalized.connect(_plan)
    signals.finalized.connect(_save)
