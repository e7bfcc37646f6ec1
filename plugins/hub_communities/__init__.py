"""Communities, offices and places: pages, the alias table, and linking of first mentions."""

from pelican import signals

from .generator import CommunitiesGenerator, apply_defaults


def _defaults(pelican):
    apply_defaults(pelican.settings)


def _generators(pelican):
    return CommunitiesGenerator


def register():
    signals.initialized.connect(_defaults)
    signals.get_generators.connect(_generators)
