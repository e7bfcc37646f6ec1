"""The preview server's warm Pelican (hubtools/warm.py) and the cache it reads ahead
(plugins/hub_incremental/readahead.py): same site as a cold build, same errors, never stale."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import BUILD_ENV, ROOT, build_site
from hub_incremental import readahead
from hubtools.bench.corpus import build_corpus, edit_one, generate
from hubtools.bench.runner import same_tree
from hubtools.build import BuildError, build
from hubtools.warm import WarmPelican


def dump(path: Path, value) -> None:
    path.write_bytes(pickle.dumps(value))


@pytest.fixture
def held(tmp_path):
    """Two files read ahead; the module's store is emptied again afterwards."""
    a, b = tmp_path / "a.pickle", tmp_path / "b.pickle"
    dump(a, {"a": 1})
    dump(b, {"b": 2})
    assert readahead.read_ahead([a, b]) == (2, 2)
    yield a, b
    readahead.read_ahead([])


def replace(path: Path, value) -> None:
    """A new file in its place, as the memo's saves do (os.replace)."""
    tmp = path.with_suffix(".tmp")
    dump(tmp, value)
    os.replace(tmp, path)


def touch_same_size(path: Path, value) -> None:
    """Rewritten in place with the same size and the same mtime: only ctime tells."""
    st = os.stat(path)
    data = pickle.dumps(value)
    assert len(data) == st.st_size
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.mark.parametrize(("change", "expected"), [
    (None, "held"),
    (lambda p: replace(p, {"a": 9}), {"a": 9}),
    (lambda p: touch_same_size(p, {"a": 7}), {"a": 7}),
])
def test_load_trusts_a_held_copy_only_while_the_file_is_unchanged(held, change, expected):
    a, _ = held
    copy = readahead._ahead[str(a)][1]
    if change is not None:
        change(a)
    got = readahead.load(a)
    assert (got is copy) if expected == "held" else (got == expected and got is not copy)


def test_load_reads_files_never_held_and_fails_like_open(held, tmp_path):
    other = tmp_path / "c.pickle"
    dump(other, [3])
    assert readahead.load(other) == [3]
    with pytest.raises(FileNotFoundError):
        readahead.load(tmp_path / "missing.pickle")


def test_read_ahead_rereads_only_what_changed_and_forgets_the_rest(held, tmp_path):
    a, b = held
    replace(a, {"a": 5})
    assert readahead.read_ahead([a, b]) == (1, 2)
    assert readahead.read_ahead([a]) == (0, 1)
    bad = tmp_path / "bad.pickle"
    bad.write_bytes(b"not a pickle")
    assert readahead.read_ahead([a, bad]) == (0, 1), "a damaged file is left for the build to meet"
    assert readahead.load(a) == {"a": 5}


def test_hold_keeps_what_was_just_written_until_the_file_changes(tmp_path):
    path = tmp_path / "linkscan.pickle"
    value = {"scans": 1}
    dump(path, value)
    readahead.hold(path, value)
    assert readahead.load(path) is value
    readahead.hold(path, value)
    replace(path, {"scans": 2})
    assert readahead.load(path) == {"scans": 2}
    readahead.read_ahead([])


def test_cache_files_are_the_memo_shards_and_page_records(tmp_path):
    for rel in ("0123456789abcdef/memo/00.pickle", "0123456789abcdef/memo/ff.pickle", "0123456789abcdef/pages.pickle",
                "linkscan.pickle", "elder.pickle", "0123456789abcdef/jinja/x.cache"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"")
    assert [p.relative_to(tmp_path).as_posix() for p in readahead.cache_files(tmp_path)] == [
        "0123456789abcdef/memo/00.pickle", "0123456789abcdef/memo/ff.pickle", "0123456789abcdef/pages.pickle"]


class Counted(WarmPelican):
    """Counts the builds the warm process took (None: the caller ran Pelican itself)."""

    served = 0

    def run(self, args, env):
        done = super().run(args, env)
        self.served += done is not None
        return done


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("warm-corpus")
    generate(root, 200)
    return root / "hub"


def test_warm_builds_equal_cold_builds(corpus, tmp_path):
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(corpus, content)
    stories = build_corpus(200)
    with Counted(ROOT / "pelicanconf.py", cache) as warm:
        build(ROOT / "pelicanconf.py", out, content, BUILD_ENV, cache=cache, warm=warm)
        edit_one(content, stories, 1)
        build(ROOT / "pelicanconf.py", out, content, BUILD_ENV, cache=cache, warm=warm)
        assert (cache / "last-build.txt").read_text().startswith("1 rendered"), "the edit was incremental"
        assert warm.served == 2
    assert same_tree(out, build_site(tmp_path / "cold", content).root) == []


def test_a_content_error_fails_a_warm_build_with_its_message_and_keeps_the_site(corpus, tmp_path):
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(corpus, content)
    with Counted(ROOT / "pelicanconf.py", cache) as warm:
        build(ROOT / "pelicanconf.py", out, content, BUILD_ENV, cache=cache, warm=warm)
        before = (out / "index.html").read_bytes()
        story = sorted((content / "articles").rglob("*.md"))[7]
        story.write_text(story.read_text(encoding="utf-8").replace("date: ", "date: 2025-13-45 #", 1), encoding="utf-8")
        with pytest.raises(BuildError) as err:
            build(ROOT / "pelicanconf.py", out, content, BUILD_ENV, cache=cache, warm=warm)
        assert warm.served == 2
    shown = story.relative_to(content).as_posix()
    assert f"{shown}:" in str(err.value) and "date" in str(err.value)
    assert (out / "index.html").read_bytes() == before


TINY_SETTINGS = """\
import sys
sys.path.insert(0, {here!r})
import warmhelper  # noqa: F401 (the module the test changes)
PLUGINS = []
SITENAME = "t"
TIMEZONE = "UTC"
"""


@pytest.fixture
def tiny_site(tmp_path) -> tuple[Path, list[str]]:
    """(settings, Pelican's arguments) of a one-story site without our plugins, whose settings
    import a module of the test's own."""
    (tmp_path / "warmhelper.py").write_text("VALUE = 1\n", encoding="utf-8")
    settings = tmp_path / "conf.py"
    settings.write_text(TINY_SETTINGS.format(here=str(tmp_path)), encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("Title: A\nDate: 2025-01-01\n\nText.\n", encoding="utf-8")
    args = [str(content), "-s", str(settings), "-o", str(tmp_path / "out"), "-q"]
    return settings, args


def test_a_changed_module_retires_the_warm_process(tmp_path, tiny_site):
    settings, args = tiny_site
    env = dict(os.environ)
    with Counted(settings, tmp_path / "cache") as warm:
        first = warm.run(args, env)
        assert first is not None and first.code == 0 and (tmp_path / "out" / "a.html").is_file()
        helper = tmp_path / "warmhelper.py"
        helper.write_text("VALUE = 2\n", encoding="utf-8")
        st = helper.stat()
        os.utime(helper, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        assert warm.run(args, env) is None, "stale: the caller runs Pelican itself"
        again = warm.run(args, env)
        assert again is not None and again.code == 0, "a new process took over"


def test_a_process_that_dies_during_a_build_fails_that_build_only(tmp_path, tiny_site):
    settings, args = tiny_site
    with Counted(settings, tmp_path / "cache") as warm:
        assert warm.wait_ready()
        warm._proc.kill()  # as if the system ran out of memory mid-build
        died = warm.run(args, dict(os.environ))
        assert died is not None and died.code == 1 and "ended during the build" in died.output
        again = warm.run(args, dict(os.environ))
        assert again is not None and again.code == 0
