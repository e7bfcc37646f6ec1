"""Run part of a render in a fork()ed child, and bring back what it wrote and recorded.

Pelican renders on one core. Its stories and its listings (tags, categories, authors, archives,
the paginated index) are independent pages of one finished context, so a child forked at that
moment can write one set while this process writes the other: the child sees the very same
context (copy-on-write) and writes the very same bytes.

What a page write leaves behind besides the file is brought back: every ``content_written`` and
``feed_written`` signal (re-sent here, as the child writes, so hub_elder mirrors those pages on
its own core meanwhile), the writer's list of files, and the state of each object in
``HUB_FORK_STATE`` (hub_incremental's page records, memo and leftovers), which offers
``mark()`` before the fork, ``since_mark()`` in the child and ``adopt(state)`` here.
"""

from __future__ import annotations

import os
import select
import traceback
import weakref
from collections.abc import Callable
from contextlib import contextmanager, suppress
from multiprocessing import Pipe

from pelican import signals

BATCH = 64  # paths per message: a message per page would cost more than the page
FORWARDED = (signals.content_written, signals.feed_written)


class ChildFailed(RuntimeError):
    """The child's part of the render raised; its traceback is the message."""


@contextmanager
def _only_receiver(signal, receiver):
    """In the child, which ends after its part: ``signal`` reaches ``receiver`` alone (the
    receivers that act on a written page, hub_elder's and hub_progress's, live in the parent)."""
    for ref in list(signal.receivers.values()):
        receiver_now = ref() if isinstance(ref, weakref.ref) else ref  # blinker keeps most as weak references
        if receiver_now is not None:
            signal.disconnect(receiver_now)
    signal.connect(receiver, weak=False)
    yield


def run_split(child_part: Callable[[], None], own_part: Callable[[], None], writer, context: dict,
              states: list) -> None:
    """``child_part()`` in a forked child while ``own_part()`` runs here; raise if either fails."""
    for state in states:
        state.mark()
    written_before = set(writer._written_files)
    receive, send = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        receive.close()
        _child(child_part, send, writer, written_before, states)
    send.close()
    drain = _Drain(receive, context)
    try:
        for signal in FORWARDED:
            signal.connect(drain.poll, weak=False)
        try:
            own_part()
        finally:
            for signal in FORWARDED:
                signal.disconnect(drain.poll)
        drain.until_done()
    finally:
        receive.close()
        os.waitpid(pid, 0)
    written, child_states = drain.result
    clash = written & (writer._written_files - written_before)
    if clash:
        raise RuntimeError(f"two pages were written to {sorted(clash)[0]}: give one of them another save_as")
    writer._written_files |= written
    for state, data in zip(states, child_states, strict=True):
        state.adopt(data)


def _child(child_part, send, writer, written_before, states) -> None:
    status = 1
    try:
        pending: list[tuple[int, str]] = []

        def forwarder(index: int):
            def forward(sender, **_kwargs):
                pending.append((index, os.fspath(sender)))
                if len(pending) >= BATCH:
                    send.send(("written", pending[:]))
                    pending.clear()
            return forward

        with _only_receiver(FORWARDED[0], forwarder(0)), _only_receiver(FORWARDED[1], forwarder(1)):
            child_part()
        send.send(("written", pending))
        send.send(("done", (writer._written_files - written_before, [s.since_mark() for s in states])))
        status = 0
    except BaseException:  # noqa: BLE001 (reported to the parent, which raises it)
        with suppress(OSError):  # the parent is gone: nobody to tell
            send.send(("failed", traceback.format_exc()))
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers a second time


class _Drain:
    """This process's end of the pipe: re-sends the child's signals, collects its result."""

    def __init__(self, receive, context: dict):
        self.receive, self.context = receive, context
        self.result = None
        self._busy = False
        # Asked after every page this process writes: Connection.poll() builds, fills and drops a
        # selector each time (3 µs; a quarter of keeping a page, profiled at 2,000 stories), so
        # one poll object is registered once (0.4 µs). A Connection buffers nothing: a readable
        # pipe is a message waiting, or the child's end closed (recv() raises EOFError, as before).
        self._ready = select.poll()
        self._ready.register(receive.fileno(), select.POLLIN)

    def poll(self, _sender=None, **_kwargs) -> None:
        """Between this process's own writes: hand on what the child wrote meanwhile."""
        if self._busy or self.result is not None:
            return
        self._busy = True
        try:
            while self.result is None and self._ready.poll(0):
                self._handle(self.receive.recv())
        finally:
            self._busy = False

    def until_done(self) -> None:
        self._busy = True
        try:
            while self.result is None:
                try:
                    message = self.receive.recv()
                except EOFError:
                    raise ChildFailed("the render's child process ended without a word") from None
                self._handle(message)
        finally:
            self._busy = False

    def _handle(self, message) -> None:
        kind, data = message
        if kind == "written":
            for index, path in data:
                FORWARDED[index].send(path, context=self.context)
        elif kind == "done":
            self.result = data
        else:
            raise ChildFailed(data)
