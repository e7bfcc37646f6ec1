"""The spare tree (hubtools/spare.py) and the build cache's housekeeping, as pure decisions."""

from __future__ import annotations

import os

import pytest

from hub_content.filetree import site_files
from hub_incremental import drop_other_fingerprints
from hub_incremental.leftovers import Leftovers, prune
from hubtools.spare import Preparation, inodes, plan_spare, prepare, shareable, worth_reusing


@pytest.mark.parametrize(("rel", "expected"), [
    ("index.html", True),
    ("2025/08/s228/index.html", True),
    ("elder/tag/gongjiao/index.html", True),
    ("pagefind/site/pagefind-entry.json", True),  # the search bundle: replaced whole, never written into
    ("feeds/all.atom.xml", False),  # rewritten every build by Pelican's writer
    ("theme/css/site.3f2a.css", False),
    ("events/2025/calendar.ics", False),
    ("images/bus.jpg", False),  # Pelican's static copy writes into an existing file
    ("sitemap.xml", False),
])
def test_only_files_whose_writers_never_write_into_them_are_shared(rel, expected):
    assert shareable(rel) is expected


@pytest.mark.parametrize(("spare", "live", "pages", "bundle", "deleted"), [
    # same inode at the same path: kept
    ({"a.html": 1, "pagefind/x.pf": 2}, {"a.html": 1, "pagefind/x.pf": 2}, {"a.html"}, {"pagefind/x.pf"}, []),
    # the page changed since (a new file in the live site): the spare's old copy goes
    ({"a.html": 1}, {"a.html": 9}, set(), set(), ["a.html"]),
    # gone from the live site: goes
    ({"old/index.html": 3}, {}, set(), set(), ["old/index.html"]),
    # shared but not a page: goes all the same (its writer may write into it)
    ({"sitemap.xml": 4, "a.html": 1}, {"sitemap.xml": 4, "a.html": 1}, {"a.html"}, set(), ["sitemap.xml"]),
    # the same inode at another path is not the same page
    ({"b.html": 1}, {"a.html": 1}, set(), set(), ["b.html"]),
])
def test_plan_spare_keeps_only_the_live_sites_own_files(spare, live, pages, bundle, deleted):
    kept, delete = plan_spare(spare, live)
    assert (kept.pages, kept.bundle, delete) == (pages, bundle, deleted)


def make(root, rel, text="x"):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_prepare_deletes_what_it_does_not_share_and_inodes_need_no_stat(tmp_path):
    live, spare = tmp_path / "live", tmp_path / "spare"
    make(live, "a/index.html")
    make(live, "b/index.html", "new")
    make(live, "feeds/all.atom.xml")
    make(live, "c/index.html")
    for rel in ("a/index.html", "feeds/all.atom.xml", "c/index.html"):
        make(spare, rel).unlink()
        os.link(live / rel, spare / rel)
    make(spare, "b/index.html", "old")
    assert set(inodes(spare)) == {"a/index.html", "b/index.html", "feeds/all.atom.xml", "c/index.html"}
    kept = prepare(spare, live)
    assert kept.pages == {"a/index.html", "c/index.html"}
    assert sorted(inodes(spare)) == ["a/index.html", "c/index.html"]
    assert (live / "b/index.html").read_text(encoding="utf-8") == "new"  # the live site is not touched
    assert kept.emptied == {"b", "feeds"}


@pytest.mark.parametrize(("stats", "expected"), [
    ("1 rendered 18279 kept\n", True),  # one edit: the spare shares all but a page with the live site
    ("18280 rendered 0 kept\n", False),  # every page rendered: it shares nothing
    ("900 rendered 900 kept\n", False),
    ("", False),  # no stats: the last build did not finish
    ("garbage", False),
])
def test_a_spare_is_reused_when_the_last_build_kept_most_pages(stats, expected):
    assert worth_reusing(stats) is expected


def test_a_failed_preparation_stops_the_waiting_writer(tmp_path):
    not_a_folder = make(tmp_path, "live")
    prep = Preparation(tmp_path, not_a_folder, tmp_path / "leftovers.pickle")
    prep.start()
    with pytest.raises(NotADirectoryError):
        prep.result()
    with pytest.raises(RuntimeError, match="could not prepare"):
        Leftovers.wait(tmp_path, tmp_path / "leftovers.pickle", "elder", timeout=5)


def test_prune_removes_emptied_folders_up_to_the_root(tmp_path):
    make(tmp_path, "keep/index.html")
    (tmp_path / "2020/05/gone").mkdir(parents=True)
    (tmp_path / "keep/sub").mkdir()
    prune(tmp_path, {"2020/05/gone", "keep/sub"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["keep", "keep/index.html"]


def test_leftovers_settle_deletes_what_the_run_did_not_produce_with_its_twin(tmp_path):
    pages = ["a/index.html", "gone/index.html", "elder/a/index.html", "elder/gone/index.html"]
    for rel in pages:
        make(tmp_path, rel)
    left = Leftovers(tmp_path, pages, "elder")
    left.claim(str(tmp_path / "a/index.html"))
    assert left.settle() == ["elder/gone/index.html", "gone/index.html"]
    assert left.settle() == ["elder/gone/index.html", "gone/index.html"], "once: a second call deletes nothing"
    assert sorted(inodes(tmp_path)) == ["a/index.html", "elder/a/index.html"]
    assert not (tmp_path / "gone").exists() and not (tmp_path / "elder/gone").exists()


def test_a_build_keeps_the_memo_of_its_own_fingerprint_only(tmp_path):
    for name in ("0123456789abcdef", "fedcba9876543210", "linkscan", "notes"):
        (tmp_path / name).mkdir()
    (tmp_path / "last-build.txt").write_text("1 rendered 2 kept\n")
    drop_other_fingerprints(tmp_path, "fedcba9876543210")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fedcba9876543210", "last-build.txt", "linkscan", "notes"]


def test_site_files_lists_every_file_once_and_skips_only_top_level_folders(tmp_path):
    for rel in ("index.html", "elder/index.html", "a/elder/index.html", "a/b/c.css", "pagefind/x.pf"):
        make(tmp_path, rel)
    (tmp_path / "empty").mkdir()
    listed = {rel: entry.inode() for rel, entry in site_files(tmp_path, skip=("elder", "pagefind"))}
    assert sorted(listed) == ["a/b/c.css", "a/elder/index.html", "index.html"]
    assert listed["index.html"] == (tmp_path / "index.html").stat().st_ino
    assert list(site_files(tmp_path / "missing")) == []
