"""Events: content/events/*.md → event pages, the events index, month calendars, .ics feeds.

Wiring only; see model.py (format and validation), recurrence.py, ics.py, when.py.
"""
