"""Events: content/events/*.md → event pages, the events index, month calendars, .ics feeds.

Wiring only; see model.py (the file format and its validation), recurrence.py, ics.py,
views.py and generator.py.
"""

from pelican import signals

from .generator import EventsGenerator, apply_defaults


def _generators(pelican):
    return EventsGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(_generators)
