"""The synthetic corpus and the incremental build: deterministic, valid, and byte-identical to a full build."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from conftest import BUILD_ENV, ROOT, build_site
from hub_communities.loader import load_communities
from hub_content.listings import member_list
from hub_content.taxonomy import SLUG_RE, load_taxonomy
from hub_events.loader import load_events
from hub_incremental.fingerprint import site_fingerprint, stable_repr
from hub_progress.progress import Progress
from hubtools.bench import settle as settle_module
from hubtools.bench import vocab as V
from hubtools.bench.corpus import build_corpus, edit_one, generate
from hubtools.bench.runner import Measure, same_tree, table
from hubtools.bench.settle import warm
from hubtools.build import BuildError, build, progress_wanted
from hubtools.check import CHECKERS, run_checks
from hubtools.search_index import indexed_count
from hubtools.spare import spare_path


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@cache
def corpus_of(n: int):
    """build_corpus(n), once per size for the whole module (tests only read it)."""
    return build_corpus(n)


@pytest.fixture(scope="module")
def three_corpora(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Digests of N=60 generated twice with the seed 2025 and once with the seed 7."""
    root = tmp_path_factory.mktemp("seeds")
    for name, seed in (("a", 2025), ("b", 2025), ("c", 7)):
        generate(root / name, 60, seed=seed)
    return {name: tree_digest(root / name) for name in "abc"}


@pytest.mark.parametrize("kind", ["hub/articles/", "hub/routes/", "hub/communities/", "hub/events/", "hub/taxonomy.yml",
                                  "hub/pages/", "plain/articles/"])
def test_same_seed_same_bytes(three_corpora, kind):
    a, b, c = ({k: v for k, v in three_corpora[name].items() if k.startswith(kind)} for name in "abc")
    assert a, f"the corpus has {kind}"
    assert a == b
    if kind != "hub/pages/":  # the about page is copied, not generated
        assert c != a, "another seed, other bytes"


@pytest.mark.parametrize(
    ("n", "routes", "events"),
    [(1, 3, 2), (60, 3, 2), (250, 3, 2), (300, 3, 3), (1000, 5, 10)],
)
def test_routes_and_events_in_proportion(n, routes, events):
    corpus = corpus_of(n)
    assert (len(corpus.routes), len(corpus.events)) == (routes, events)


@pytest.mark.parametrize("n", [1, 60, 1000])
def test_one_community_file_per_office_and_community_the_stories_name(n):
    corpus = corpus_of(n)
    bodies = {a.path: a.body for a in corpus.articles}
    named = [name for name in V.OFFICES + V.COMMUNITIES if any(name in body for body in bodies.values())]
    assert [d.meta["name"] for d in corpus.communities] == named
    offices = {d.meta["name"] for d in corpus.communities if d.meta["kind"] == "办事处"}
    for doc in corpus.communities:
        name = doc.meta["name"]
        assert doc.meta["kind"] == ("办事处" if name in V.OFFICES else "社区")
        assert doc.meta.get("office", next(iter(offices))) in offices, "an office with a file"
        assert 1 <= len(doc.meta["sources"]) <= 3
        assert all(name in bodies[path] for path in doc.meta["sources"]), "its sources mention it"
    if n == 1000:
        assert len(corpus.communities) == len(V.OFFICES) + len(V.COMMUNITIES)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory) -> Path:
    """The N=1,000 hub corpus on disk: ten events, fifty community files."""
    root = tmp_path_factory.mktemp("newsroom")
    generate(root, 1000)
    return root / "hub"


# (what, which events, how many of the ten at N=1,000)
EVENT_MIX = [
    ("a day and a time", lambda e: e.kind == "timed" and e.recurrence is None, 4),
    ("a weekly series with a skipped meeting", lambda e: e.recurrence is not None and len(e.exdates) == 1, 1),
    ("a whole day", lambda e: e.kind == "all_day" and e.end is None, 2),
    ("several days", lambda e: e.kind == "all_day" and e.end is not None and e.end > e.start, 2),
    ("a day whose time the story does not give", lambda e: e.kind == "time_unknown", 1),
]


@pytest.mark.parametrize(("what", "which", "count"), EVENT_MIX, ids=[m[0] for m in EVENT_MIX])
def test_events_mix_the_forms_of_when(newsroom, what, which, count):
    events, problems = load_events(newsroom / "events")
    assert problems == []
    assert sum(map(which, events)) == count, what


def test_events_spread_over_the_years_and_point_at_generated_content(newsroom):
    events, _ = load_events(newsroom / "events")
    communities, problems = load_communities(sorted((newsroom / "communities").glob("*.md")))
    assert problems == [] and len(events) == 10 and len(communities) == 50
    years = {e.start.year for e in events}
    assert min(years) == 2016 and max(years) == 2025 and len(years) >= 8
    names = {c.name for c in communities}
    for event in events:
        assert event.place.community in names
        assert set(event.organisers) <= names, "organisers are the office and the community: both get the event"
        assert event.articles and all((newsroom / path).is_file() for path in event.articles)
        assert event.category in load_taxonomy(newsroom / "taxonomy.yml").categories


def test_slugs_are_chosen_unique_and_shared_with_the_tags(newsroom):
    assert list(V.SLUGS) == V.OFFICES + V.COMMUNITIES
    assert len(set(V.SLUGS.values())) == len(V.SLUGS)
    assert all(SLUG_RE.match(slug) for slug in V.SLUGS.values())
    communities, _ = load_communities(sorted((newsroom / "communities").glob("*.md")))
    taxonomy = load_taxonomy(newsroom / "taxonomy.yml")
    for c in communities:
        assert c.slug == V.SLUGS[c.name] == taxonomy.slug("tags", c.name), "one address for its page, tag and calendar"
        assert Path(c.path).stem == c.slug
    events, _ = load_events(newsroom / "events")
    assert len({e.slug for e in events}) == len(events)


def test_corpus_looks_like_the_paper():
    corpus = build_corpus(400)
    lengths = [len(a.body) for a in corpus.articles]
    assert min(lengths) >= 1200 and max(lengths) <= 2500 + 700  # target length plus the last paragraph
    years = {a.day.year for a in corpus.articles}
    assert years == set(range(2016, 2026))
    assert len({a.category for a in corpus.articles}) == 6
    assert 25 <= len({p for a in corpus.articles for p in a.authors}) <= 30
    assert len(corpus.routes) == 3


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(root, 200)
    return root / "hub"


def test_corpus_passes_the_content_check(corpus_dir):
    problems, count = run_checks(corpus_dir)
    assert problems == []
    assert count == 1 + len(list(corpus_dir.rglob("*.md")))  # taxonomy.yml + every content file
    found = {kind: len(list((corpus_dir / kind).rglob("*.md"))) for kind in ("articles", "routes", "events", "communities")}
    assert found == {"articles": 200, "routes": 3, "events": 2, "communities": 50}


@pytest.mark.parametrize("checker", list(CHECKERS))
def test_corpus_passes_each_checker(corpus_dir, checker):
    """One row per checker of `./dev check`, so a failure names the content type."""
    assert run_checks(corpus_dir, {checker: CHECKERS[checker]})[0] == []


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

    # A correction that newly names a community: that community's page lists the story, though it
    # never read the story's text (which communities a story names is structure).
    story = content / corpus.articles[120].path
    text = story.read_text(encoding="utf-8")
    named = next(c.meta["name"] for c in corpus.communities if c.meta["name"] not in text)
    story.write_text(text + f"\n\n（编者注：活动也在{named}举行。）\n", encoding="utf-8")
    incremental(content, out, cache)
    assert same_tree(out, full(content, tmp_path / "full-c")) == []

    # A story no event or community file cites (deleting a cited one stops the build, as it should).
    cited = {path for doc in corpus.events + corpus.communities
             for path in [*doc.meta.get("articles", ()), *doc.meta.get("sources", ()), doc.meta.get("figures_source")]}
    (content / next(a.path for a in corpus.articles[50:] if a.path not in cited)).unlink()
    incremental(content, out, cache)
    assert same_tree(out, full(content, tmp_path / "full-4")) == []


def build_logged(content: Path, out: Path, cache: Path | None) -> dict[str, str]:
    """Build as ``hubtools.build --cache`` does; return what each step reported."""
    steps: dict[str, str] = {}
    build(ROOT / "pelicanconf.py", out, content, BUILD_ENV, cache=cache,
          log=lambda phase, seconds, detail="": steps.__setitem__(phase, detail))
    return steps


def test_one_edit_redoes_one_page_in_every_step(corpus_dir, tmp_path):
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(corpus_dir, content)
    corpus = build_corpus(200)
    first = build_logged(content, out, cache)
    assert first["render"].endswith(" 0 kept") and first["search"].startswith(f"{len(shard_names(out))} shards indexed")
    assert build_logged(content, out, cache) == {
        "render": f"长辈版 0 written, {count_elder(out)} kept", "verify": "0 pages parsed", "swap": "",
        "search": f"0 shards indexed, {len(shard_names(out))} kept, {indexed_pages(out)} pages"}
    edited = edit_one(content, corpus, 1)
    year = edited.name[:4]
    steps = build_logged(content, out, cache)
    assert steps["render"].startswith(f"长辈版 1 written, {count_elder(out) - 1} kept")
    assert steps["verify"] == "0 pages parsed"  # the story and its 长辈版 twin were scanned as they were written
    assert steps["search"] == f"1 shards indexed, {len(shard_names(out)) - 1} kept, {indexed_pages(out)} pages"
    assert year in shard_names(out)
    assert same_tree(out, build_site(tmp_path / "full", content).root) == []


def test_the_replaced_site_is_reused_and_never_written_while_live(corpus_dir, tmp_path):
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(corpus_dir, content)
    corpus = build_corpus(200)
    build_logged(content, out, cache)
    assert "shared" not in build_logged(content, out, cache)["render"], "no replaced site yet"
    spare = spare_path(out)
    assert spare.is_dir()
    edit_one(content, corpus, 1)
    live = tree_digest(out)
    steps = build_logged(content, out, cache)
    shared = int(steps["render"].split("; ")[1].split()[0])
    assert shared == sum(1 for _ in out.rglob("*.html")), "every page of the spare was the live site's own file"
    assert tree_digest(spare) == live, "the site replaced by the swap is byte for byte what readers had"
    assert same_tree(out, build_site(tmp_path / "full-1", content).root) == []

    # A deleted story: its page, its twin and its folder go from the reused tree.
    cited = {path for doc in corpus.events + corpus.communities
             for path in [*doc.meta.get("articles", ()), *doc.meta.get("sources", ()), doc.meta.get("figures_source")]}
    (content / next(a.path for a in corpus.articles[60:] if a.path not in cited)).unlink()
    live = tree_digest(out)
    build_logged(content, out, cache)
    assert tree_digest(spare) == live
    full = build_site(tmp_path / "full-2", content).root
    assert same_tree(out, full) == []
    assert folders(out) == folders(full)


def test_a_failed_build_keeps_the_spare_and_the_live_site(corpus_dir, tmp_path):
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(corpus_dir, content)
    corpus = build_corpus(200)
    for _ in range(2):
        build_logged(content, out, cache)
    story = content / corpus.articles[7].path
    good = story.read_text(encoding="utf-8")
    story.write_text(good.replace("title: ", "title: 更正 ", 1).replace("date: ", "date: 不是日期 ", 1), encoding="utf-8")
    live = tree_digest(out)
    with pytest.raises(BuildError):
        build_logged(content, out, cache)
    assert tree_digest(out) == live
    assert spare_path(out).is_dir(), "kept for the next build"
    story.write_text(good.replace("title: ", "title: 更正 ", 1), encoding="utf-8")
    build_logged(content, out, cache)
    assert same_tree(out, build_site(tmp_path / "full", content).root) == []


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def shard_names(out: Path) -> list[str]:
    return json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))["bundles"]


def count_elder(out: Path) -> int:
    return sum(1 for _ in (out / "elder").rglob("*.html"))


def indexed_pages(out: Path) -> int:
    return sum(indexed_count(out / "pagefind" / name) for name in shard_names(out))


def test_reading_on_every_core_gives_the_same_site_as_reading_in_one_process(corpus_dir, tmp_path):
    """The pre-read pool converts and transforms stories ahead of Pelican; one process does it in turn."""
    pooled = build_site(tmp_path / "pooled", corpus_dir, {"HUB_READ_WORKERS": "2"}).root
    alone = build_site(tmp_path / "alone", corpus_dir, {"HUB_READ_WORKERS": "1"}).root
    assert same_tree(pooled, alone) == []


def test_listings_on_a_second_process_give_the_same_site(corpus_dir, tmp_path):
    """hub_split writes the listings in a forked child; one process writes everything in turn."""
    split = build_site(tmp_path / "split", corpus_dir, {"HUB_SPLIT_MIN": "1"}).root
    alone = build_site(tmp_path / "alone", corpus_dir, {"HUB_SPLIT_MIN": "0"}).root
    assert same_tree(split, alone) == []


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


def test_warming_reads_every_file_once(tmp_path):
    for rel, size in (("a.md", 3), ("b/c.md", 5000), ("b/d/e.bin", 1 << 21)):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * size)
    assert warm(tmp_path) == 3 + 5000 + (1 << 21)


def test_settling_without_root_flushes_and_warms_but_drops_nothing(tmp_path, monkeypatch):
    # Where the caches may not be dropped, settle must not try: it would fail the bench.
    monkeypatch.setattr(settle_module, "DROP_CACHES", tmp_path / "no-such-file")
    monkeypatch.setattr(settle_module, "code_folders", lambda: [])
    assert not settle_module.can_drop()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.md").write_text("正文", encoding="utf-8")
    settle_module.settle([tmp_path / "corpus", tmp_path / "missing"], drop=False)
    assert not (tmp_path / "no-such-file").exists()


def test_the_table_says_how_each_build_started():
    one = Measure(1.0, 1.0, 100.0, 10, 1.0, 0.5)
    results = {s: [one] for s in ("plain", "full", "nochange", "edit", "warm")}
    assert "before each build: caches dropped" in table(10, 1, results, dropped=True).splitlines()[0]
    assert "caches flushed only" in table(10, 1, results, dropped=False).splitlines()[0]
