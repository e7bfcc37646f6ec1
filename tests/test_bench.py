"""The synthetic corpus and the incremental build: deterministic, valid, and byte-identical to a full build."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from hub_content.listings import member_list
from hub_incremental.fingerprint import site_fingerprint, stable_repr
from hub_progress.progress import Progress
from hubtools.bench.corpus import build_corpus, edit_one, generate
from hubtools.bench.runner import same_tree
from hubtools.build import progress_wanted
from hubtools.check import run_checks


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path):
    generate(tmp_path / "a", 60)
    generate(tmp_path / "b", 60)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    generate(tmp_path / "c", 60, seed=7)
    assert tree_digest(tmp_path / "c") != tree_digest(tmp_path / "a")


def test_corpus_looks_like_the_paper():
    corpus = build_corpus(400)
    lengths = [len(a.body) for a in corpus.articles]
    assert min(lengths) >= 1200 and max(lengths) <= 2500 + 700  # target length plus the last paragraph
    years = {a.day.year for a in corpus.articles}
    assert years == set(range(2016, 2026))
    assert len({a.category for a in corpus.articles}) == 6
    assert 25 <= len({p for a in corpus.articles for p in a.authors}) <= 30
    assert len(corpus.routes) == 3


def test_corpus_passes_the_content_check(tmp_path):
    generate(tmp_path, 200)
    problems, count = run_checks(tmp_path / "hub")
    assert problems == []
    assert count == 1 + len(list((tmp_path / "hub").rglob("*.md")))  # taxonomy.yml + every content file
    assert len(list((tmp_path / "hub" / "articles").rglob("*.md"))) == 200


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(root, 200)
    return root / "hub"


def incremental(content: Path, out: Path, cache: Path):
    build_site(out, content, cache=cache)
    rendered, _, kept, _ = (cache / "last-build.txt").read_text().split()
    return int(rendered), int(kept)


def full(content: Path, out: Path) -> Path:
    return build_site(out, content).root


def test_incremental_builds_equal_full_builds(corpus_dir, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(corpus_dir, content)
    corpus = build_corpus(200)
    # A story without a summary: listings show a summary cut from its text.
    no_summary = content / corpus.articles[-3].path
    no_summary.write_text("\n".join(line for line in no_summary.read_text(encoding="utf-8").splitlines()
                                    if not line.startswith("summary: ")) + "\n", encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    rendered, kept = incremental(content, out, cache)
    assert kept == 0 and rendered > 400
    assert incremental(content, out, cache) == (0, rendered), "nothing changed: nothing rendered"

    edit_one(content, corpus, 1)  # a body-only correction
    assert incremental(content, out, cache)[0] == 1, "only the story's own page reads its text"
    assert same_tree(out, full(content, tmp_path / "full-1")) == []

    newest = content / corpus.articles[-1].path  # in the feeds and on the home page
    newest.write_text(newest.read_text(encoding="utf-8").replace("本报讯", "本报讯（更正）", 1), encoding="utf-8")
    incremental(content, out, cache)
    assert same_tree(out, full(content, tmp_path / "full-2")) == []

    no_summary.write_text(no_summary.read_text(encoding="utf-8").replace("本报讯", "本报讯 更正：", 1), encoding="utf-8")
    rendered, _ = incremental(content, out, cache)
    assert rendered > 1, "its page and every listing showing its summary"
    assert same_tree(out, full(content, tmp_path / "full-s")) == []

    middle = content / corpus.articles[100].path  # a title: listings, neighbours and feeds change
    text = middle.read_text(encoding="utf-8")
    middle.write_text(text.replace("title: ", "title: 更正：", 1), encoding="utf-8")
    incremental(content, out, cache)
    assert same_tree(out, full(content, tmp_path / "full-3")) == []

    (content / corpus.articles[50].path).unlink()
    incremental(content, out, cache)
    assert same_tree(out, full(content, tmp_path / "full-4")) == []


def test_a_page_edited_by_hand_is_rendered_again(corpus_dir, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    incremental(corpus_dir, out, cache)
    page = out / "about" / "index.html"
    page.unlink()
    page.write_text("tampered", encoding="utf-8")
    rendered, _ = incremental(corpus_dir, out, cache)
    assert rendered == 1
    assert "tampered" not in page.read_text(encoding="utf-8")


def settings_for(tmp_path: Path, theme: Path) -> dict:
    return {"THEME": str(theme), "PLUGIN_PATHS": [str(ROOT / "plugins")], "PATH": str(tmp_path / "content"),
            "ARTICLE_PATHS": ["articles"], "SITEURL": "x", "OUTPUT_PATH": str(tmp_path / "anywhere")}


def test_fingerprint_follows_theme_settings_and_non_article_content(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "taxonomy.yml").write_text("categories: {}\n", encoding="utf-8")
    base = site_fingerprint(settings_for(tmp_path, theme), ROOT)
    assert site_fingerprint({**settings_for(tmp_path, theme), "OUTPUT_PATH": "/elsewhere"}, ROOT) == base
    assert site_fingerprint({**settings_for(tmp_path, theme), "SITEURL": "y"}, ROOT) != base
    (tmp_path / "content" / "articles" / "a.md").write_text("x", encoding="utf-8")
    assert site_fingerprint(settings_for(tmp_path, theme), ROOT) == base, "articles are tracked one by one"
    (tmp_path / "content" / "taxonomy.yml").write_text("categories: {a: b}\n", encoding="utf-8")
    changed = site_fingerprint(settings_for(tmp_path, theme), ROOT)
    assert changed != base
    (theme / "templates" / "base.html").write_text("<html></html>", encoding="utf-8")
    assert site_fingerprint(settings_for(tmp_path, theme), ROOT) != changed


def test_stable_repr_has_no_addresses():
    def f(a):
        return a + 1

    assert stable_repr({"b": {2, 1}, "a": [f, object]}) == stable_repr({"a": [f, object], "b": {1, 2}})
    assert " at 0x" not in stable_repr(f)
    assert stable_repr(lambda a: a) != stable_repr(lambda a: a + 1)


def test_member_list_keeps_list_semantics():
    a, b, c = object(), object(), object()
    items = member_list([a, b])
    assert a in items and b in items and c not in items
    assert list(items) == [a, b]


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_reports_phase_count_and_rate():
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, clock)
    for _ in range(100):
        clock.now += 0.01
        progress.step("reading")
    progress.step("writing")
    progress.end_phase()
    text = out.getvalue()
    assert "reading: 100 (101/s, 1.0 s)" in text
    assert text.count("\n") == 2
    assert text.count("reading:") <= 6, "redrawn a few times a second, not for every file"


@pytest.mark.parametrize(
    ("env", "tty", "shown"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"CI": "true"}, True, False),
        ({"CI": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_progress_only_on_a_terminal_outside_ci(env, tty, shown):
    assert progress_wanted(env, tty) is shown


YAML_CASES = [
    'title: S228路社区接驳巴士开通\ntags: [S228路, 锦程花园社区]\n',
    'hours:\n  - direction: 全程\n    first: "6:15"\n    last: 20:30\n',
    "a: no\nb: 2025-08-20\nc: '01'\nd: ~\n",
    "stops:\n  - name: 瑞秀小区\n    lines: [S228, 19]\n  - name: 绿都东澜岸\n",
    'summary: "引号里的：冒号"\nslug: x\n',
]


@pytest.mark.parametrize("text", YAML_CASES)
def test_libyaml_and_pure_python_front_matter_agree(text):
    import yaml

    from hub_content import frontmatter

    assert frontmatter._FAST_LOADER is not None, "PyYAML was built with libyaml"
    fast = frontmatter.parse_mapping(text, "x.md", first_line=2)
    lines: dict[str, int] = {}
    meta = frontmatter._construct(yaml.compose(text, Loader=yaml.BaseLoader), "", lines, [], "x.md", 2)
    assert fast == (meta, lines), "same values and the same line for every key"
