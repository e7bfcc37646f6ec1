"""hub_split: listings written by a forked child come back as if this process had written them."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from pelican import signals

from hub_split.fork import ChildFailed, run_split


class Files:
    """What the writer keeps of a run: the files written (Pelican's Writer._written_files)."""

    def __init__(self):
        self._written_files: set[str] = set()

    def write(self, path: str) -> None:
        self._written_files.add(path)
        signals.content_written.send(path, context={})


class Counter:
    """A run state in the HUB_FORK_STATE protocol: mark, since_mark, adopt."""

    def __init__(self):
        self.items: list[str] = []

    def mark(self):
        self._mark = len(self.items)

    def since_mark(self):
        return self.items[self._mark:]

    def adopt(self, items):
        self.items += items


@contextmanager
def heard():
    paths: list[str] = []

    def receiver(sender, **_kwargs):
        paths.append(sender)
    signals.content_written.connect(receiver)
    try:
        yield paths
    finally:
        signals.content_written.disconnect(receiver)


def test_what_the_child_wrote_and_recorded_comes_back():
    files, state = Files(), Counter()

    def child():
        for i in range(150):  # more than one batch
            files.write(f"tag/{i}.html")
            state.items.append(f"tag {i}")

    def own():
        files.write("story.html")
        state.items.append("story")

    with heard() as paths:
        run_split(child, own, files, {}, [state])
    assert sorted(paths) == sorted(["story.html", *(f"tag/{i}.html" for i in range(150))])
    assert files._written_files == set(paths)
    assert state.items[0] == "story" and sorted(state.items[1:]) == sorted(f"tag {i}" for i in range(150))


def test_a_failure_in_the_child_fails_the_render_with_its_traceback():
    files, state = Files(), Counter()

    def child():
        files.write("tag/a.html")
        raise ValueError("the tag template broke")

    with pytest.raises(ChildFailed, match="the tag template broke"):
        run_split(child, lambda: state.items.append("story"), files, {}, [state])
    assert state.items == ["story"], "nothing of the failed child is adopted"


def test_two_writers_of_one_file_stop_the_render():
    files = Files()
    with pytest.raises(RuntimeError, match=r"two pages were written to same\.html"):
        run_split(lambda: files.write("same.html"), lambda: files.write("same.html"), files, {}, [])


def test_in_the_child_only_the_forwarder_hears_a_written_page(tmp_path):
    """hub_elder's receiver talks to a worker of the parent's: the child must never call it."""
    files, calls = Files(), tmp_path / "calls"

    class Receiver:  # connected weakly, as plugins' receivers are
        def heard(self, sender, **_kwargs):
            with calls.open("a") as fh:
                fh.write(f"{sender}\n")

    receiver = Receiver()
    signals.content_written.connect(receiver.heard)
    try:
        run_split(lambda: files.write("tag/a.html"), lambda: files.write("story.html"), files, {}, [])
    finally:
        signals.content_written.disconnect(receiver.heard)
    # Once each, in this process: its own page when written, the child's when handed on.
    assert sorted(calls.read_text().split()) == ["story.html", "tag/a.html"]
