"""Pieces of the incremental build: what the site fingerprint walks, the template cache, memo keys,
source files known by their stamps."""

from __future__ import annotations

import importlib.metadata
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from hub_incremental.fingerprint import inside, installed_packages, tree_files
from hub_incremental.memo import SETTLED_NS, Memo, settled
from hub_incremental.templates import with_bytecode_cache
from hub_incremental.writer import IncrementalWriter
from hub_sitemap.sitemap import page_urls

TREE = ("taxonomy.yml", "pages/about.md", "articles/2025/a.md", "articles/2025/b.md", "articles/2025/photo.jpg",
        "articles/notes.txt", "articles-old/c.md", "events/e.md", "plugins/__pycache__/x.pyc", "a/b/c/deep.md")


@pytest.fixture
def tree(tmp_path) -> Path:
    for rel in TREE:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("skip", "expected"), [
    ((), ["a/b/c/deep.md", "articles-old/c.md", "articles/2025/a.md", "articles/2025/b.md", "articles/2025/photo.jpg",
          "articles/notes.txt", "events/e.md", "pages/about.md", "taxonomy.yml"]),
    # Only Markdown below an article folder is left out; a folder merely named alike is not one.
    ([("articles",)], ["a/b/c/deep.md", "articles-old/c.md", "articles/2025/photo.jpg", "articles/notes.txt",
                       "events/e.md", "pages/about.md", "taxonomy.yml"]),
    ([("articles", "2025")], ["a/b/c/deep.md", "articles-old/c.md", "articles/2025/photo.jpg", "articles/notes.txt",
                              "events/e.md", "pages/about.md", "taxonomy.yml"]),
    ([("a", "b")], ["articles-old/c.md", "articles/2025/a.md", "articles/2025/b.md", "articles/2025/photo.jpg",
                    "articles/notes.txt", "events/e.md", "pages/about.md", "taxonomy.yml"]),
    # ARTICLE_PATHS = [""]: every Markdown file of the folder is an article.
    ([()], ["articles/2025/photo.jpg", "articles/notes.txt", "taxonomy.yml"]),
])
def test_tree_files(tree, skip, expected):
    assert tree_files(tree, skip) == sorted(expected, key=lambda p: p.split("/")), "in the order of their parts"


def test_tree_files_of_a_missing_folder(tmp_path):
    assert tree_files(tmp_path / "nowhere") == []


def test_tree_files_counts_links_to_files_not_broken_ones(tree):
    (tree / "linked.yml").symlink_to(tree / "taxonomy.yml")
    (tree / "broken.yml").symlink_to(tree / "missing.yml")
    (tree / "folder-link").symlink_to(tree / "events", target_is_directory=True)
    assert "linked.yml" in tree_files(tree)
    assert "broken.yml" not in tree_files(tree)
    assert not any(p.startswith("folder-link") for p in tree_files(tree)), "links to folders are not followed"


@pytest.mark.parametrize(("paths", "expected"), [
    ([], []),
    (["articles"], [("articles",)]),
    (["articles/", "./news"], [("articles",), ("news",)]),
    ([""], [()]),
    (["a/b"], [("a", "b")]),
    (["/content/articles", "/elsewhere"], [("articles",)]),
])
def test_inside(paths, expected):
    assert inside(Path("/content"), paths) == expected


def test_installed_packages_name_every_package_with_its_version():
    texts = installed_packages()
    assert texts == sorted(texts)
    pelican = f"Name: pelican\nVersion: {importlib.metadata.version('pelican')}\n"
    assert sum(pelican in t for t in texts) == 1


@pytest.mark.parametrize("environment", [{}, {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}])
def test_with_bytecode_cache_adds_only_the_cache(tmp_path, environment):
    before = dict(environment)
    made = with_bytecode_cache(environment, tmp_path / "jinja")
    assert environment == before, "the setting given is not changed"
    assert {k: v for k, v in made.items() if k != "bytecode_cache"} == environment
    assert made["bytecode_cache"].directory == str(tmp_path / "jinja")
    assert (tmp_path / "jinja").is_dir()


def test_a_template_compiled_once_renders_the_same_from_the_cache(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{% for x in xs %}<b>{{ x }}</b>{% endfor %}", encoding="utf-8")
    settings = with_bytecode_cache({"trim_blocks": True, "autoescape": True}, tmp_path / "jinja")

    def render() -> str:
        return Environment(loader=FileSystemLoader(tmp_path / "t"), **settings).get_template("page.html").render(
            xs=["<a>", "b"])

    first = render()
    monkeypatch.setattr(Environment, "compile", lambda *_a, **_k: pytest.fail("compiled again"))
    assert render() == first == "<b>&lt;a&gt;</b><b>b</b>"


def test_memo_key_of_plain_data_is_its_digest(tmp_path):
    memo = Memo(tmp_path)
    assert memo.key("正文", "a") == memo.key("正文".encode(), "a") == Memo(tmp_path / "other").key("正文", "a")
    assert memo.key("正文", "a") != memo.key("正文", "b") != memo.key("正文二", "b")


def test_memo_key_of_a_made_value_follows_its_origin(tmp_path):
    memo = Memo(tmp_path)
    html = "".join(["<p>", "正文", "</p>"])  # built at run time: its own object
    twin = "".join(["<p>", "正文", "</p>"])
    plain = memo.key(html, "step")
    memo.made(html, "origin-key", "html")
    derived = memo.key(html, "step")
    assert derived != plain, "derived from the origin, not from the bytes"
    assert derived.endswith("\0step")
    assert memo.key(html, "step") == plain, "told once, used once"
    memo.made(html, "origin-key", "html")
    assert memo.key(twin, "step") == plain, "an equal string made elsewhere is hashed"
    assert memo.key(html, "step") == derived, "the same origin gives the same key"
    for origin, part in (("other-key", "html"), ("origin-key", "summary")):
        memo.made(html, origin, part)
        assert memo.key(html, "step") not in (derived, plain)


WRITTEN = 1_700_000_000_000_000_000  # a file's mtime and ctime, ns


@pytest.mark.parametrize(("mtime", "ctime", "now", "expected"), [
    (WRITTEN, WRITTEN, WRITTEN + 3600 * 10**9, True),
    (WRITTEN, WRITTEN, WRITTEN + SETTLED_NS + 1, True),
    (WRITTEN, WRITTEN, WRITTEN + SETTLED_NS, False),  # on the line: not yet
    (WRITTEN, WRITTEN, WRITTEN + 1_000_000, False),  # read within the tick it was written in
    (WRITTEN, WRITTEN, WRITTEN - 10**9, False),  # times ahead of the clock (another machine's)
    (WRITTEN - 3600 * 10**9, WRITTEN, WRITTEN + 10**6, False),  # mtime set back (touch -d): ctime counts
    (WRITTEN, WRITTEN - 3600 * 10**9, WRITTEN + 10**6, False),
])
def test_settled(mtime, ctime, now, expected):
    assert settled(mtime, ctime, now) is expected


def _coarse_stat(path):
    """os.stat on a file system whose clock has not ticked since WRITTEN: rewrites keep the times."""
    st = os.stat(path)
    return SimpleNamespace(st_ino=st.st_ino, st_size=st.st_size, st_mtime_ns=WRITTEN, st_ctime_ns=WRITTEN)


@pytest.mark.parametrize(("read_after", "trusted"), [
    (1_000_000, False), (SETTLED_NS, False), (SETTLED_NS + 1, True), (3600 * 10**9, True)])
def test_a_file_is_known_by_its_stamp_once_its_times_were_settled_when_read(tmp_path, read_after, trusted):
    story = tmp_path / "a.md"
    story.write_bytes(b"first")

    def memo() -> Memo:
        return Memo(tmp_path / "memo", clock=lambda: WRITTEN + read_after, stat=_coarse_stat)

    first = memo()
    assert first.file_key(str(story), "a.md") == (first.key(b"first", "a.md"), b"first")
    first.save()
    # The racy case: rewritten in place with the same size within the same tick, the stamp is unchanged.
    story.write_bytes(b"fixed")
    if trusted:  # read long after its last write: the stamp stands for the bytes (a rewrite would be newer)
        assert memo().file_key(str(story), "a.md") == (first.key(b"first", "a.md"), None)
    else:  # read soon after: the stamp was not recorded, and the edit is seen
        assert memo().file_key(str(story), "a.md") == (first.key(b"fixed", "a.md"), b"fixed")


def test_a_known_file_is_not_read_again_until_it_changes(tmp_path):
    story = tmp_path / "a.md"
    story.write_bytes(b"first")
    later = Memo(tmp_path / "memo", clock=lambda: time.time_ns() + 3600 * 10**9)
    key, data = later.file_key(str(story), "a.md")
    assert (key, data) == (later.key(b"first", "a.md"), b"first")
    later.save()
    again = Memo(tmp_path / "memo")
    assert again.file_key(str(story), "a.md") == (key, None), "known by its stamp: not read"
    assert again.file_key(str(story), "b.md") == (later.key(b"first", "b.md"), None), "the parts are the caller's"
    again.save()
    story.write_bytes(b"fixed")  # same size, on this machine's file system: a new ctime at least
    assert Memo(tmp_path / "memo").file_key(str(story), "a.md") == (later.key(b"fixed", "a.md"), b"fixed")


def test_a_file_just_written_is_read_and_hashed_every_time(tmp_path):
    story = tmp_path / "a.md"
    for text in (b"first", b"fixed", b"fixes"):
        story.write_bytes(text)
        memo = Memo(tmp_path / "memo")
        assert memo.file_key(str(story), "a.md") == (memo.key(text, "a.md"), text)
        memo.save()
    assert not list((tmp_path / "memo").glob("*.pickle")), "no stamp recorded while the file was fresh"


def _html(path: Path, head: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head>{head}</head><body>正文</body></html>", encoding="utf-8")


MODIFIED = '<meta property="article:modified_time" content="{}">'


def test_the_sitemap_lists_the_pages_once_each_and_remembers_them_by_identity(tmp_path):
    out = tmp_path / "out"
    _html(out / "index.html", "")
    _html(out / "a" / "index.html", MODIFIED.format("2025-08-20"))
    _html(out / "a" / "b.html", '<meta name="robots" content="noindex">')
    _html(out / "a-b" / "index.html", "")
    for rel in ("elder/index.html", "pagefind/fragment/x.html"):  # twins and the search bundle: no pages
        _html(out / rel, "")
    (out / "a" / "style.css").write_text("a{}", encoding="utf-8")
    expected = [("a/", "2025-08-20"), ("a-b/", None), ("", None)]  # sorted part by part, as rglob's paths
    assert page_urls(out) == expected
    memo = Memo(tmp_path / "memo")
    assert page_urls(out, memo) == expected
    memo.save()
    again = Memo(tmp_path / "memo")
    _html(out / "a" / "index.html", MODIFIED.format("2025-08-21"))  # changed since: read again
    assert page_urls(out, again) == [("a/", "2025-08-21"), ("a-b/", None), ("", None)]
    assert sum(key.startswith("sitemap\0") for key in again._new) == 4, "one entry a page, the noindex one too"


@pytest.mark.parametrize("name", ["index.html", "a/index.html", "articles/2025/s228/index.html", "a/b.html",
                                  "a//b.html", "./a/b.html", "a/../b.html", "tag/x/2/index.html", "a/./b.html",
                                  "/index.html", "a/", "a/.well-known/x.html", ".hidden.html", "a/b..html", "..."])
def test_the_writer_names_a_kept_page_as_pelican_does(tmp_path, name):
    writer = IncrementalWriter(str(tmp_path / "out"), {"HUB_INCREMENTAL": None})
    for _ in range(2):  # worked out, then remembered by depth
        assert writer._localsiteurl(name) == path_to_url(get_relative_path(name))
        if name.startswith("/"):  # out of the output folder: refused by both
            with pytest.raises(RuntimeError, match="break out"):
                sanitised_join(str(tmp_path / "out"), name)
            with pytest.raises(RuntimeError, match="break out"):
                writer._join(name)
        else:
            assert writer._join(name) == sanitised_join(str(tmp_path / "out"), name)
    with pytest.raises(RuntimeError, match="break out"):
        writer._join("../elsewhere/index.html")
