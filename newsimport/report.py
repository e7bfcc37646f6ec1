"""The summary table printed at the end of an import.

Chinese characters take two columns in a terminal, so cells are padded by display
width (``unicodedata.east_asian_width``), not by ``len``.
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table; the last column is not padded (warnings can be long)."""
    widths = [max(display_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for k, row in enumerate([headers, *rows]):
        cells = [pad(str(c), widths[i]) if i < len(row) - 1 else str(c) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
