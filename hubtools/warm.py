"""A Pelican process kept warm between builds, for the editors' preview server.

An edit in a 10,000-story site spends ~3 s of its render before Pelican reads a file: starting
Python, importing Pelican, Markdown, Jinja and the plugins, and unpickling the build cache
(plugins/hub_incremental/readahead.py). A preview server knows the next build will come, so it
keeps a process that has done all that and waits. Each build is a fork of it: a fresh process
as far as Pelican and the plugins can tell (nothing of one build stays for the next), started
with its imports done and the cache in memory. After a build the waiting process re-reads the
cache files that build rewrote, while the editor reads the page.

Sound because nothing the waiting process holds decides an output byte: the settings are read
again by every build, read-ahead files are used only while unchanged on disk, and a change to
any imported module's file (plugins, hubtools, packages) retires the process before it forks:
that build starts Pelican the ordinary way and a new process takes the next one. A process
that dies during a build fails that build (its staging tree is half-written), never silently.

Protocol, JSON lines on the process's stdin/stdout: ``{"ready": ...}`` once prepared, then one
reply per request. A request names Pelican's arguments, environment, working folder and a log
file; the reply gives the exit code, CPU seconds and peak RSS of the build, or
``{"stale": true}`` when the process retired instead.

The waiting process is hubtools/warm_server.py; this module is the side that talks to it
(and imports nothing of Pelican's, so the build script starts quickly).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rendered:
    code: int
    output: str
    cpu: float  # CPU seconds of the build and the processes it waited for
    maxrss_mib: float


class WarmPelican:
    """The client side: owns one waiting process and replaces it when it retires or dies."""

    def __init__(self, settings: Path, cache: Path):
        self.settings, self.cache = Path(settings), Path(cache)
        self._proc: subprocess.Popen | None = None
        self._ready = False

    def start(self) -> None:
        """Start the waiting process now (it prepares while the caller does other work)."""
        if self._proc is None or self._proc.poll() is not None:
            cmd = [sys.executable, "-m", "hubtools.warm_server", "--settings", str(self.settings), "--cache", str(self.cache)]
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                          cwd=Path(__file__).resolve().parents[1])
            self._ready = False

    def wait_ready(self) -> bool:
        """Block until the process has prepared; False if it died instead."""
        self.start()
        if not self._ready:
            try:
                self._ready = bool(json.loads(self._proc.stdout.readline() or "null"))
            except (OSError, ValueError):
                self._ready = False
        return self._ready

    def run(self, args: list[str], env: dict[str, str]) -> Rendered | None:
        """Pelican's result for ``args``; None if the process retired before the build (the
        caller runs Pelican itself). A retired or dead process is replaced for the next build."""
        if not self.wait_ready():
            self.close()
            self.start()
            return None
        with tempfile.NamedTemporaryFile(prefix="hub-warm-", suffix=".log") as log:
            request = {"args": args, "env": env, "cwd": os.getcwd(), "log": log.name}
            try:
                self._proc.stdin.write(json.dumps(request) + "\n")
                self._proc.stdin.flush()
                reply = json.loads(self._proc.stdout.readline() or "null")
            except (OSError, ValueError):
                reply = None
            if not reply or reply.get("stale"):
                self.close()
                self.start()  # ready for the next build
                if reply is None:  # it may have forked: Pelican must not run over what it left
                    return Rendered(1, "the waiting Pelican process ended during the build; "
                                       "the next build starts a new one", 0.0, 0.0)
                return None
            return Rendered(reply["code"], Path(log.name).read_text(errors="replace"), reply["cpu"],
                            reply["maxrss_kib"] / 1024)

    def close(self) -> None:
        if self._proc is not None:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None

    def __enter__(self) -> WarmPelican:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()
