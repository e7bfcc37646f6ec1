"""Bus routes: one content file per route, route pages, /routes/, auto-linked mentions, GTFS import."""

from pelican import signals

from .generator import RoutesGenerator, apply_defaults


def _defaults(pelican):
    apply_defaults(pelican.settings)


def _generators(pelican):
    return RoutesGenerator


def register():
    signals.initialized.connect(_defaults)
    signals.get_generators.connect(_generators)
