"""The waiting Pelican process of hubtools/warm.py (see there for why it is sound).

``python -m hubtools.warm_server --settings FILE --cache DIR``: imports Pelican and the site's
plugins, reads the build cache ahead, says it is ready, then forks one build per request line
and re-reads what each build rewrote.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import signal
import sys
import traceback
from pathlib import Path

import pelican.generators  # imported here once rather than by every build
import pelican.writers  # noqa: F401
from pelican.plugins._utils import load_plugins
from pelican.settings import read_settings

from hubtools import pelican_main


def _module_stamps() -> dict[str, int]:
    stamps = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path:
            try:
                stamps[path] = os.stat(path).st_mtime_ns
            except OSError:
                stamps[path] = -1
    return stamps


def _unchanged(stamps: dict[str, int]) -> bool:
    for path, mtime in stamps.items():
        try:
            now = os.stat(path).st_mtime_ns
        except OSError:
            now = -1
        if now != mtime:
            return False
    return True


def _prepare(settings: Path) -> None:
    """Import what every build imports: Pelican, its generators and writers, and the plugins."""
    load_plugins(read_settings(str(settings)))  # imports them; each build registers its own receivers


def _build(request: dict) -> None:
    """In the forked child: become the build Pelican's command line would be, run it, exit."""
    fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    # What the waiting process holds stays frozen, so the build's collector does not walk it (a
    # cycle among those objects that the build lets go lives until the build exits). Measured, it
    # saves little: the cache is mostly strings and tuples of strings, which the collector skips.
    code = 0
    try:
        sys.argv = ["pelican", *request["args"]]
        pelican_main.run(request["args"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 (reported like an uncaught exception, then the child exits)
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def serve(settings: Path, cache: Path) -> int:
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # a stray print must not corrupt the replies

    def reply(message: dict) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the preview server: it closes our stdin
    _prepare(settings)
    # Only a site built with hub_incremental has a cache to read ahead (importing it for another
    # would change that site's builds: Pelican offers every imported reader class).
    readahead = importlib.import_module("hub_incremental.readahead") if "hub_incremental" in sys.modules else None
    stamps = _module_stamps()

    def refresh() -> int:
        gc.unfreeze()
        read = readahead.read_ahead(readahead.cache_files(cache))[0] if readahead else 0
        gc.freeze()  # the forked builds then share these pages instead of copying them as the collector walks
        return read

    reply({"ready": True, "files": refresh()})
    for line in sys.stdin:
        if not _unchanged(stamps):
            reply({"stale": True})
            return 0
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _build(request)
        _, status, usage = os.wait4(pid, 0)
        reply({"code": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime,
               "maxrss_kib": usage.ru_maxrss})
        refresh()  # what this build rewrote
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A Pelican process waiting for the next build (see module doc).")
    parser.add_argument("--settings", required=True)
    parser.add_argument("--cache", required=True)
    args = parser.parse_args(argv)
    return serve(Path(args.settings), Path(args.cache))


if __name__ == "__main__":
    sys.exit(main())
