"""The link checker's parts: the page scanner, reference resolution and the scan memo."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from hub_html.pagescan import SRCSET, URL_ATTRS, scan_html
from hubtools.linkcheck import ScanMemo, check_site, file_identities, internal_target


class StdlibScanner(HTMLParser):
    """The reference the fast scanner must agree with: the standard library's HTML parser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name, attr in URL_ATTRS:
            if tag == name and values.get(attr) is not None:
                self.refs.append(values[attr])
        for name, attr in SRCSET:
            if tag == name and values.get(attr):
                self.refs += [part.strip().split(" ")[0] for part in values[attr].split(",") if part.strip()]

    handle_startendtag = handle_starttag


def stdlib_scan(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    scanner = StdlibScanner()
    scanner.feed(text)
    scanner.close()
    return tuple(scanner.refs), frozenset(scanner.ids)


@pytest.mark.parametrize(("html", "refs", "ids"), [
    ('<a href="../x/">x</a>', ("../x/",), set()),
    ('<a href="?a=1&amp;b=2#top">x</a>', ("?a=1&b=2#top",), set()),
    ('<h2 id="top">t</h2><a name="old">o</a>', (), {"top", "old"}),
    ('<img src="a.png" srcset="a-1.png 1x, a-2.png 2x" alt="">', ("a.png", "a-1.png", "a-2.png"), set()),
    ('<picture><source srcset="b.webp" type="image/webp"><img src="b.png" alt=""></picture>',
     ("b.webp", "b.png"), set()),
    ('<script defer src="js/x.js"></script><link rel="stylesheet" href="c.css">', ("js/x.js", "c.css"), set()),
    ('<p title="a > b" id="p1">x</p>', (), {"p1"}),
    ('<!-- <a href="commented/">no</a> --><a href="real/">yes</a>', ("real/",), set()),
    ('<script type="application/ld+json">{"url": "<a href=\\"no/\\">"}</script>', (), set()),
    ('<form action="/search/"><input name="q"></form>', ("/search/",), set()),
    ("<a href='single/'>s</a><a href=bare/>b</a>", ("single/", "bare/"), set()),
    ('<a id="">empty id</a><a href="">self</a>', ("",), set()),
])
def test_scan_finds_references_and_ids(html, refs, ids):
    scan = scan_html(f"<!doctype html><html><body>{html}</body></html>")
    assert scan.refs == refs and scan.ids == ids


def test_scan_agrees_with_the_stdlib_parser_on_every_built_page(site):
    pages = site.html_pages()
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        scan = scan_html(text)
        assert (scan.refs, scan.ids) == stdlib_scan(text), page.relative_to(site.root)
        assert scan_html(page.read_bytes()) == scan, page.relative_to(site.root)  # UTF-8 bytes: the same scan


@pytest.mark.parametrize("ref", [
    "../../tag/s228/", "./", "?q=1", "#main", "../#x", "/about/", "a/b/../c.html", "../../../theme/css/a.css",
    "x/?p=2#frag", "../%E5%85%AC/",
])
@pytest.mark.parametrize("page_url", ["/", "/articles/2025/a/", "/tag/x/page/2/", "/feeds/a.xml"])
def test_resolution_agrees_with_urljoin(page_url, ref):
    path, fragment = internal_target(page_url, ref, None)
    want = urlsplit(urljoin(page_url, ref))
    # The same file is served: urljoin drops the root on too many "../", as browsers do not.
    assert os.path.normpath(path).lstrip("/") == os.path.normpath(want.path).lstrip("/")
    assert fragment == want.fragment


@pytest.mark.parametrize(("ref", "expected"), [
    ("", None),
    ("   ", None),
    ("https://example.org/x", None),
    ("//cdn.example.org/x.js", None),
    ("mailto:a@b.c", None),
    ("tel:123", None),
    ("http://127.0.0.1:8000/about/", ("/about/", "")),
    ("http://127.0.0.1:8000", ("/", "")),
    ("http://127.0.0.1:80000/about/", None),  # another host that merely starts the same
])
def test_resolution_of_absolute_references(ref, expected):
    assert internal_target("/a/", ref, "http://127.0.0.1:8000") == expected


def test_memo_parses_only_pages_that_are_not_the_files_scanned_last_time(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        (folder / "a").mkdir(parents=True)
    (old / "index.html").write_text('<a href="a/">a</a>', encoding="utf-8")
    (old / "a" / "index.html").write_text('<a href="../#nope">x</a>', encoding="utf-8")
    memo = ScanMemo(tmp_path / "scans.pickle")
    assert [str(b) for b in check_site(old, memo=memo).broken] == [
        "a/index.html: ../#nope: no element with id='nope' on index.html"]
    assert memo.parsed == 2
    memo.save()
    # The next build: the home page is kept (a hard link, as the incremental writer makes), a/ is new.
    os.link(old / "index.html", new / "index.html")
    (new / "a" / "index.html").write_text('<a href="../">x</a>', encoding="utf-8")
    memo = ScanMemo(tmp_path / "scans.pickle")
    assert check_site(new, memo=memo).broken == [] and memo.parsed == 1
    memo.save()
    memo = ScanMemo(tmp_path / "scans.pickle")
    (new / "index.html").unlink()  # replaced by hand: another file, scanned again
    (new / "index.html").write_text('<a href="gone/">a</a>', encoding="utf-8")
    assert [b.ref for b in check_site(new, memo=memo).broken] == ["gone/"] and memo.parsed == 1


def test_a_damaged_memo_costs_a_full_scan(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text('<a href="./">a</a>', encoding="utf-8")
    (tmp_path / "scans.pickle").write_bytes(b"not a pickle")
    memo = ScanMemo(tmp_path / "scans.pickle")
    assert check_site(tmp_path / "site", memo=memo).broken == [] and memo.parsed == 1


def test_scans_on_a_pool_equal_the_in_process_ones(site, monkeypatch):
    from hubtools import pool

    scans = {}
    for mode, workers in (("serial", "1"), ("pooled", "2")):
        monkeypatch.setenv("HUB_BUILD_WORKERS", workers)
        monkeypatch.setattr(pool, "MIN_JOBS", 1)
        memo = ScanMemo()
        report = check_site(site.root, memo=memo)
        assert report.broken == [] and memo.parsed == report.pages
        scans[mode] = {rel: entry[1] for rel, entry in memo._new.items()}
    assert scans["serial"] == scans["pooled"]


def test_a_page_that_passed_is_skipped_until_a_file_or_its_fragment_target_changes(tmp_path):
    site, scans = tmp_path / "site", tmp_path / "scans.pickle"
    (site / "a").mkdir(parents=True)
    (site / "b").mkdir()
    (site / "index.html").write_text('<a href="a/#top">a</a><a href="b/">b</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h1 id="top">a</h1>', encoding="utf-8")
    (site / "b" / "index.html").write_text('<a href="../">home</a>', encoding="utf-8")

    def check():
        memo = ScanMemo(scans)
        report = check_site(site, memo=memo)
        if not report.broken:
            memo.save()
        return [str(b) for b in report.broken], memo.skipped

    assert check() == ([], 0)
    assert check() == ([], 3)
    (site / "a" / "index.html").unlink()  # rewritten without the id the home page points at
    (site / "a" / "index.html").write_text("<h1>a</h1>", encoding="utf-8")
    assert check() == (["index.html: a/#top: no element with id='top' on a/index.html"], 1)
    (site / "a" / "index.html").unlink()
    (site / "a" / "index.html").write_text('<h1 id="top">a</h1>', encoding="utf-8")
    assert check() == ([], 1)  # the last saved memo is still the first one's: b/ alone is unchanged
    (site / "c.html").write_text("c", encoding="utf-8")  # a new file: every verdict is looked at again
    assert check() == ([], 0)
    (site / "b" / "index.html").unlink()  # b/ gone: the home page's link to it breaks
    shutil.rmtree(site / "b")
    assert check()[0] == ["index.html: b/: no such file in the built site"]


def test_adopted_scans_spare_the_parse_but_not_the_check(tmp_path):
    site, scans = tmp_path / "site", tmp_path / "scans.pickle"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/">a</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<a href="../">home</a>', encoding="utf-8")
    memo = ScanMemo(scans)
    check_site(site, memo=memo)
    memo.save()
    page = site / "a" / "index.html"
    page.unlink()  # rendered anew, as hub_elder saw it written and scanned it
    page.write_text('<a href="../gone/">x</a>', encoding="utf-8")
    st = page.stat()
    memo = ScanMemo(scans)
    memo.adopt({"a/index.html": ((st.st_ino, st.st_size, st.st_mtime_ns),
                                 scan_html(page.read_text(encoding="utf-8")))})
    assert [b.ref for b in check_site(site, memo=memo).broken] == ["../gone/"]
    assert memo.parsed == 0 and memo.skipped == 1  # the home page is the same file: skipped


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("skip", [(), ("pagefind",), ("elder",)])
def test_file_identities_list_every_file_once(tmp_path, monkeypatch, workers, skip):
    monkeypatch.setenv("HUB_BUILD_WORKERS", workers)  # "2": the 长辈版 half is listed by a forked process
    files = ["index.html", "a/index.html", "elder/index.html", "elder/a/index.html", "pagefind/x.js", "s.css"]
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    expected = {rel: (os.stat(tmp_path / rel).st_ino, len(rel), os.stat(tmp_path / rel).st_mtime_ns)
                for rel in files if rel.split("/")[0] not in skip}
    assert file_identities(tmp_path, skip) == expected
