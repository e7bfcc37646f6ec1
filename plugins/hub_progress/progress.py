"""A one-line progress report (phase, count, rate) for people watching a long build.

hubtools.build captures Pelican's output to report errors, so the line goes to the terminal
itself (/dev/tty), and only when the build was started from one (never in CI or a pipe).
"""

from __future__ import annotations

import time
from typing import TextIO

INTERVAL = 0.25  # seconds between redraws: enough to see it move, cheap at 20,000 pages


class Progress:
    def __init__(self, stream: TextIO, clock=time.monotonic):
        self.stream, self.clock = stream, clock
        self.phase: str | None = None
        self.count = 0
        self.started = self.drawn = 0.0

    def step(self, phase: str) -> None:
        now = self.clock()
        if phase != self.phase:
            self.end_phase()
            self.phase, self.count, self.started, self.drawn = phase, 0, now, 0.0
        self.count += 1
        if now - self.drawn >= INTERVAL:
            self._draw(now, "\r")
            self.drawn = now

    def end_phase(self) -> None:
        if self.phase is not None:
            self._draw(self.clock(), "\r")
            self.stream.write("\n")
            self.stream.flush()
            self.phase = None

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        return f"{self.phase}: {self.count} ({self.count / elapsed:.0f}/s, {elapsed:.1f} s)"

    def _draw(self, now: float, lead: str) -> None:
        self.stream.write(f"{lead}{self.line(now)}\033[K")
        self.stream.flush()

