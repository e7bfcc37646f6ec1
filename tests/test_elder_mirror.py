"""The 长辈版 mirror: every page again under elder/, links staying inside it, assets shared."""

from __future__ import annotations

import os
import pickle
import re
from posixpath import dirname, join, normpath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub_elder import mirror
from hub_elder.mirror import MIRROR, TOGGLE_ATTR, elder_url, mirrored, page_links, rewrite, rewrite_traced
from hub_elder.pipeline import BATCH, Pipeline
from hub_elder.twinscan import twin_scan
from hub_html.pagescan import scan_html, scan_marked


@pytest.mark.parametrize(("page", "url", "expected"), [
    # pages that are mirrored: unchanged, so the link stays inside elder/
    ("articles/2025/a/index.html", "../../../archives/", "../../../archives/"),
    ("articles/2025/a/index.html", "../../../", "../../../"),
    ("index.html", "./", "./"),
    ("index.html", "./search/", "./search/"),
    ("search/index.html", "../articles/2025/a/#top", "../articles/2025/a/#top"),
    # everything else lives once, at the top: one more step up
    ("articles/2025/a/index.html", "../../../theme/css/site.1.css", "../../../../theme/css/site.1.css"),
    ("index.html", "./theme/js/elder.1.js", "../theme/js/elder.1.js"),
    ("search/index.html", "../pagefind/", "../../pagefind/"),
    ("index.html", "./feeds/all.atom.xml", "../feeds/all.atom.xml"),
    ("index.html", "./404.html", "../404.html"),  # one 404 page for the whole site
    ("index.html", "./routes/", "./routes/"),  # a page: its twin (if it does not exist, both links are broken)
    ("articles/2025/a/index.html", "../b.html", "../b.html"),
    ("index.html", "./events.ics", "../events.ics"),
    # absolute, fragment-only and query-only URLs are left alone
    ("index.html", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
    ("index.html", "#main", "#main"),
    ("index.html", "mailto:a@b.cn", "mailto:a@b.cn"),
])
def test_links(page, url, expected):
    html = f'<html lang="zh-CN"><body><a href="{url}">x</a></body></html>'
    assert f'href="{expected}"' in rewrite(html, page)


# Pages at the same depth in different folders, and links whose decision differs between them
# ("../x.html" reaches pagefind/x.html, not mirrored, from one; c/x.html, a page, from the other).
_MEMO_PAGES = ["index.html", "a.html", "search/index.html", "pagefind/b/p.html", "c/b/p.html", "c/d/p.html",
               "articles/2025/a/index.html", "articles/2024/b/index.html", "a//b/p.html", "./a/p.html"]
_MEMO_URLS = ["", "#main", "?q=1", "http://127.0.0.1:8000/", "../x.html", "../x.css", "./x.html", "./x.css",
              "x/", "../../", "../../x.css", "../../x.html", "../../../", "../../../theme/a.css",
              "../../../tag/a/", "../../../../x.css", "../../../404.html", "../..", ".", "..", "../../pagefind/",
              "../../../articles/2025/a/#top", "../../../feeds/all.atom.xml?x#y"]


@pytest.mark.parametrize("order", [1, -1])
def test_the_memoised_decision_is_the_decision_whatever_came_first(order):
    """page_links keys a link by depth only when it climbs out of the page's folder first."""
    mirror._DECIDED.clear()
    for page in _MEMO_PAGES[::order]:
        link = page_links(page)
        for url in _MEMO_URLS[::order]:
            assert link(url) == elder_url(page, url), (page, url)
    mirror._DECIDED.clear()


@pytest.mark.parametrize(("page", "back"), [
    ("index.html", "../"),
    ("search/index.html", "../../search/"),
    ("articles/2025/a/index.html", "../../../../articles/2025/a/"),
])
def test_toggle_leads_back_to_the_standard_page(page, back):
    html = '<html lang="zh-CN"><body><a class="elder-toggle" href="x/" data-elder-toggle>长辈版</a></body></html>'
    out = rewrite(html, page)
    assert f'<a class="elder-toggle" href="{back}" data-elder-toggle>标准版</a>' in out
    assert out.startswith('<html lang="zh-CN" class="elder">')


def test_every_page_is_mirrored_except_404(site):
    pages = [p.relative_to(site.root).as_posix() for p in site.html_pages()]
    standard = {p for p in pages if not p.startswith((MIRROR + "/", "pagefind/"))}
    mirrored = {p.removeprefix(MIRROR + "/") for p in pages if p.startswith(MIRROR + "/")}
    assert mirrored == standard - {"404.html"}


_REF = re.compile(r'\s(?:href|src|data-bundle|data-root)="([^"]*)"')


def _resolve(page: str, url: str) -> str:
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    target = normpath(join(dirname(page), path or "."))
    return normpath(target + "/index.html") if path == "" or path.endswith(("/", ".")) else target


def test_mirror_links_reach_what_the_standard_links_reach(site):
    """Link by link, the elder page reaches the same file (or its elder twin) as the standard page."""
    mirrored = {p.relative_to(site.root / MIRROR).as_posix() for p in (site.root / MIRROR).rglob("*.html")}
    for path in (site.root / MIRROR).rglob("*.html"):
        rel = path.relative_to(site.root / MIRROR).as_posix()
        elder_refs = _REF.findall(path.read_text(encoding="utf-8"))
        standard_refs = _REF.findall((site.root / rel).read_text(encoding="utf-8"))
        assert len(elder_refs) == len(standard_refs), rel
        for old, new in zip(standard_refs, elder_refs, strict=True):
            want = _resolve(rel, old)
            if re.match(r"^(?:[a-z]+:|/|#)", old) or want.startswith(MIRROR + "/"):
                continue  # absolute, or the toggle (which swaps sides by design, tested above)
            got = _resolve(f"{MIRROR}/{rel}", new)
            assert got.removeprefix(MIRROR + "/") == want, (rel, old, new)
            assert got.startswith(MIRROR + "/") == (want in mirrored), (rel, old, new)


def test_mirror_pages_are_elder_and_canonical_to_the_standard_page(site):
    soup = site.soup(f"/{MIRROR}/articles/2025/s228-shuttle-opens/")
    assert soup.html["class"] == ["elder"]
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://127.0.0.1:8000/articles/2025/s228-shuttle-opens/"
    toggle = soup.select_one("[data-elder-toggle]")
    assert toggle.get_text() == "标准版" and toggle["href"] == "../../../../articles/2025/s228-shuttle-opens/"


def _page(path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<html lang="zh-CN"><body><a href="../">up</a>{body}</body></html>', encoding="utf-8")


def _mirror(site, previous=None, state=None, workers=0) -> dict:
    """What hub_elder does during a Pelican run: every page announced as written, then finish."""
    pipeline = Pipeline(site, previous, state, None, workers)
    for path in sorted(site.rglob("*.html")):
        if MIRROR not in path.relative_to(site).parts:
            pipeline.written(str(path))
    results = pipeline.finish()
    return {"written": sum(1 for r in results.values() if r[3]), "kept": sum(1 for r in results.values() if not r[3])}


def test_unchanged_pages_are_linked_from_the_previous_mirror(tmp_path):
    old, new, state = tmp_path / "old", tmp_path / "new", tmp_path / "elder.pickle"
    _page(old / "index.html", "首页")
    _page(old / "a" / "index.html", "甲")
    _page(old / "b" / "index.html", "乙")
    assert _mirror(old, None, state) == {"written": 3, "kept": 0}
    # The next build keeps index and a (hard links, as the incremental writer makes) and renders b anew.
    for rel in ("index.html", "a/index.html"):
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(old / rel, new / rel)
    _page(new / "b" / "index.html", "乙（更正）")
    assert _mirror(new, old, state) == {"written": 1, "kept": 2}
    assert (new / MIRROR / "a/index.html").stat().st_ino == (old / MIRROR / "a/index.html").stat().st_ino
    assert "乙（更正）" in (new / MIRROR / "b/index.html").read_text(encoding="utf-8")
    for rel in ("index.html", "a/index.html", "b/index.html"):  # linked or written, each twin is its page's
        assert (new / MIRROR / rel).read_text(encoding="utf-8") == rewrite((new / rel).read_text(encoding="utf-8"), rel)


def test_a_lost_state_or_a_twin_edited_by_hand_means_writing_again(tmp_path):
    old, new, newer, state = tmp_path / "old", tmp_path / "new", tmp_path / "newer", tmp_path / "elder.pickle"
    _page(old / "index.html", "首页")
    _mirror(old, None, state)
    new.mkdir()
    os.link(old / "index.html", new / "index.html")
    (old / MIRROR / "index.html").unlink()
    (old / MIRROR / "index.html").write_text("tampered", encoding="utf-8")
    assert _mirror(new, old, state) == {"written": 1, "kept": 0}
    state.unlink()
    newer.mkdir()
    os.link(new / "index.html", newer / "index.html")
    assert _mirror(newer, new, state) == {"written": 1, "kept": 0}


def test_pages_written_by_hand_into_the_output_are_mirrored_too(tmp_path):
    _page(tmp_path / "x" / "index.html", "插件自己写的页面")
    pipeline = Pipeline(tmp_path, None, None, None, 0)
    pipeline.finish()  # nobody announced x/index.html
    assert (tmp_path / MIRROR / "x" / "index.html").is_file()


def test_only_pages_nobody_announced_are_looked_for(tmp_path):
    """The search bundle and the mirror itself hold no pages to mirror, whatever they contain."""
    for rel in ("x/index.html", "pagefind/fragment/a.html", f"{MIRROR}/y/index.html", "404.html", "a.css"):
        _page(tmp_path / rel, rel)
    pipeline = Pipeline(tmp_path, None, None, None, 0)
    assert set(pipeline.finish()) == {"x/index.html"}
    assert not (tmp_path / MIRROR / "pagefind").exists()


def test_a_page_rewritten_after_its_batch_was_taken_is_mirrored_again(tmp_path):
    pipeline = Pipeline(tmp_path, None, None, None, 0)
    for i in range(BATCH):  # one whole batch: in this process, it is mirrored at once
        _page(tmp_path / f"p{i}" / "index.html", f"第{i}页")
        pipeline.written(str(tmp_path / f"p{i}" / "index.html"))
    assert (tmp_path / MIRROR / "p0" / "index.html").is_file()
    _page(tmp_path / "p0" / "index.html", "第0页（更正）")  # by hand, without a content_written signal
    results = pipeline.finish()
    assert "第0页（更正）" in (tmp_path / MIRROR / "p0" / "index.html").read_text(encoding="utf-8")
    assert results["p0/index.html"][1][1] == (tmp_path / "p0" / "index.html").stat().st_size


@pytest.mark.parametrize("spelled", ["{out}/a/index.html", "{out}/./a/index.html", "{out}//a/index.html",
                                     "{out}/b/../a/index.html", "{out}/a/../a/./index.html"])
def test_a_written_page_is_named_by_its_plain_relative_path(tmp_path, spelled):
    pipeline = Pipeline(tmp_path, None, None, None, 0)
    pipeline.written(spelled.format(out=tmp_path))
    assert pipeline.announced == {"a/index.html"}


def test_a_worker_process_makes_the_same_twins(tmp_path):
    for workers in (0, 1):
        site = tmp_path / str(workers)
        for i in range(100):
            _page(site / f"p{i}" / "index.html", f"第{i}页")
        assert _mirror(site, workers=workers) == {"written": 100, "kept": 0}
    for twin in (tmp_path / "0" / MIRROR).rglob("*.html"):
        assert twin.read_bytes() == (tmp_path / "1" / MIRROR / twin.relative_to(tmp_path / "0" / MIRROR)).read_bytes()


def test_a_second_run_of_the_same_pelican_object_mirrors_again(tmp_path):
    """pelican --autoreload keeps its settings (and so the pipeline) from run to run."""
    _page(tmp_path / "index.html", "第一次")
    pipeline = Pipeline(tmp_path, None, None, None, 1)
    pipeline.written(str(tmp_path / "index.html"))
    pipeline.finish()
    pipeline.restart()
    (tmp_path / "index.html").unlink()
    _page(tmp_path / "index.html", "第二次")
    pipeline.written(str(tmp_path / "index.html"))
    assert list(pipeline.finish()) == ["index.html"]
    assert "第二次" in (tmp_path / MIRROR / "index.html").read_text(encoding="utf-8")


# The twin's link scan, derived from the page's (hub_elder/twinscan.py) instead of a second parse.

def _derived_and_parsed(html: str, page: str):
    elder, trace = rewrite_traced(html, page)
    scan, marks = scan_marked(html, TOGGLE_ATTR)
    return twin_scan(html, page, scan, marks, trace), scan_html(elder)


def test_every_twin_scan_of_the_site_is_derived_and_equals_a_parse(site):
    pages = [p.relative_to(site.root).as_posix() for p in site.html_pages()]
    mirrored_pages = [p for p in pages if mirrored(p)]
    assert len(mirrored_pages) > 40
    for rel in mirrored_pages:
        html = (site.root / rel).read_text(encoding="utf-8")
        derived, parsed = _derived_and_parsed(html, rel)
        assert derived is not None, rel  # our templates' pages never need the parse
        assert derived == parsed, rel
        assert derived == scan_html((site.root / MIRROR / rel).read_text(encoding="utf-8")), rel


_TOGGLE_A = '<a class="elder-toggle" href="./elder/x/" data-elder-toggle data-elder-mirror>长辈版</a>'


def _doc(body: str, head: str = "") -> str:
    return f'<!doctype html>\n<html lang="zh-CN">\n<head>{head}</head>\n<body>{_TOGGLE_A}{body}</body>\n</html>\n'


@pytest.mark.parametrize(("case", "html", "derived"), [
    ("plain links", _doc('<a href="./x/">x</a><a href="../y/">y</a><link rel="stylesheet" href="./t/a.css">'), True),
    ("#frag and ?q", _doc('<a href="#main">x</a><a href="?q=1">q</a><a href="./x/#top">t</a><a href="./a.css?v=2#x">'),
     True),
    ("absolute", _doc('<a href="http://127.0.0.1:8000/x/">x</a><a href="/x/">r</a><a href="mailto:a@b.cn">m</a>'), True),
    ("entity in an absolute query", _doc('<a href="https://map.example/?a=1&amp;b=2">x</a>'), True),
    ("entity in a relative query", _doc('<link rel="stylesheet" href="./t/a.css?a=1&amp;b=2">'), False),
    ("entity that makes the path", _doc('<a href="&#46;/t/a.css">x</a>'), False),
    ("./x, .. and index.html forms", _doc('<a href="./x.css">c</a><a href="..">u</a><a href="../">u</a>'
                                          '<a href="./index.html">i</a><a href="../index.html">j</a><a href=".">d</a>'), True),
    ("empty and valueless", _doc('<a href="">e</a><a href>v</a><img src="">'), True),
    ("srcset is left alone", _doc('<img src="./i/a.png" srcset="./i/a.png 1x, ./i/a-2.png 2x">'
                                  '<picture><source srcset="./i/b.png"><img src="./i/b.png"></picture>'), True),
    ("ids and names", _doc('<h2 id="s1">s</h2><a name="n1" href="./f.xml">f</a><img id="i1" src="./i/a.png">'), True),
    ("the same link twice, and a duplicate attribute", _doc('<a href="./f.xml" href="./g.xml">f</a><a href="./f.xml">')
     , True),
    ("links in a comment and a script", _doc('<!-- <link href="./t/a.css"> --><script>f(\' src="./x.js"\');</script>'
                                              '<a href="./t/a.css">'), True),
    ("a script with x = '…' (may be a single-quoted value)", _doc('<script>s = \' src="./x.js"\';</script>'), False),
    ("data-bundle and data-root", _doc('<div data-bundle="./pagefind/" data-root="./"></div><form action="./s/">'), True),
    ("no toggle", '<!doctype html>\n<html lang="zh-CN"><body><a href="./t/a.css">x</a></body></html>', True),
    ("html tag with a class already", '<!doctype html><html class="x" lang="zh-CN"><body>'
                                      f'{_TOGGLE_A}<a href="./t/a.css">x</a></body></html>', True),
    # What rewrite's patterns see otherwise than the parser: parsed again.
    ("single-quoted", _doc("<link rel='stylesheet' href='./t/a.css'>"), False),
    ("upper case", _doc('<link rel="stylesheet" HREF="./t/a.css">'), False),
    ("spaced =", _doc('<link rel="stylesheet" href = "./t/a.css">'), False),
    ("unquoted", _doc("<link rel=stylesheet href=./t/a.css>"), False),
    ("after a quote", _doc('<img alt="x"src="./i/a.png">'), False),
    ("a match that swallows the next attribute", _doc('<a title=" href=" id="k" href="./t/a.css">x</a>'), False),
    ("a change inside an unquoted value", _doc('<a id= href="./t/a.css">x</a>'), False),
    ("a change inside a single-quoted id", _doc("<img id=' src=\"./i/a.png\"' src=\"./i/b.png\">"), False),
    ("a change inside a double-quoted id", _doc('<img id="k href="./i/a.png" src="./i/b.png">'), False),
    ("U+3000 is not whitespace to the parser", _doc('<a id=k\u3000href="./t/a.css">x</a>'), False),
    ("lazy images", _doc('<img data-src="./i/a.png" src="./i/b.png">'), False),
    ("carriage return", _doc('<a href="./t/a.css">x</a>\r\n'), False),
    ("a second toggle", _doc(_TOGGLE_A), False),
    ("a toggle in a comment first", '<!doctype html><html><body><!-- <a data-elder-toggle href="x">x</a> -->'
                                    f'{_TOGGLE_A}</body></html>', False),
    ("a toggle with an id", _doc("").replace("data-elder-mirror", 'id="t"'), False),
    ("a toggle with markup inside", _doc("").replace("长辈版", "<b>长辈版</b>"), False),
    ("a toggle without an href", _doc("").replace('href="./elder/x/" ', ""), False),
    ("a toggle whose href has no value", _doc('<a href="./t/a.css">x</a>').replace('href="./elder/x/"', "href"), False),
    ("a toggle inside another tag's attribute", '<!doctype html><html><body><a title="x>" <a href="./a/" '
                                                'data-elder-toggle>t</a></body></html>', False),
    ("a toggle that starts in an unquoted value of a tag with the same attributes",
     '<!doctype html><html><body><a z="q" title="t" href="./t/a.css" z="q>" title=y<a z="q" title="t" href="./t/a.css" '
     "data-elder-toggle>t</a></body></html>", False),
    ("html tag not the first", '<!-- <html> --><html lang="zh-CN"><body><a href="./t/a.css">x</a></body></html>', False),
    ("html tag written oddly", "<!doctype html><html lang=zh-CN><body><a href=\"./t/a.css\">x</a></body></html>", False),
])
@pytest.mark.parametrize("page", ["index.html", "search/index.html", "articles/2025/a/index.html", "feed.html"])
def test_a_twin_scan_is_derived_only_when_sure(case, html, derived, page):
    got, parsed = _derived_and_parsed(html, page)
    assert (got is not None) == derived, case
    if got is not None:
        assert got == parsed, case


# Markup as our templates write it and as they never would: elements with attributes in every
# quoting, case and spacing (or, tidy, as our templates write them), URLs that the rewrite changes
# or keeps (with entities), and loose pieces that put attributes in comments, scripts and values.
_URLS = ["./t/a.css", "../i/a.png", "x.js", "./a/", "../", "..", "./", "", "#x", "?q=1", "http://h/", "./index.html",
         "a/x.html", "./i/a.png 2x, b.png"]


def _attributes(tidy: bool):
    spaces, equals, quotes = [" "], ["="] * 8 + [None], ['"']  # None: no value
    names = ["href"] * 4 + ["src"] * 3 + ["action", "srcset", "srcset", "id", "id", "name", "data-root", "title", "class",
                                          "data-elder-toggle"]
    urls = _URLS
    if not tidy:
        spaces, equals, quotes = [" "] * 6 + ["\n", "/", "\u3000", ""], [*equals, " = "], ['"'] * 8 + ["'", ""]
        names, urls = [*names, "data-src", "HREF"], [*urls, "./t/a.css?a=1&amp;b=2", "&#46;/t/a.css", "?a&amp;b"]
    return st.builds(
        lambda space, name, eq, quote, value: f"{space}{name}" if eq is None else f"{space}{name}{eq}{quote}{value}{quote}",
        st.sampled_from(spaces), st.sampled_from(names), st.sampled_from(equals), st.sampled_from(quotes),
        st.sampled_from(urls))


def _markup(tidy: bool):
    element = st.builds(  # a tag may be left open: the next one then reads as its attributes
        lambda tag, attrs, end, text, close: f"<{tag}{''.join(attrs)}{end}{text}" + (f"</{tag}>" if close else ""),
        st.sampled_from(["a", "a", "img", "link", "source", "script", "form", "div", "html", "svg"]),
        st.lists(_attributes(tidy), max_size=4), st.sampled_from([">"] * 6 + ["", " ", "/>"]),
        st.sampled_from(["", "长辈版", "x"]), st.booleans())
    pieces = st.sampled_from(["<!doctype html>", '<html lang="zh">', "<!--", "-->", "<script>", "</script>", "<title>",
                              "</title>", ">", "</a>", ' href="', ' src="', "'", '"', "=", " ", "\n", "&amp;", _TOGGLE_A])
    return st.lists(st.one_of(element, element, element, pieces), max_size=10).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans().flatmap(_markup), st.sampled_from(["index.html", "a/b/index.html", "a/x.html"]))
def test_a_derived_twin_scan_is_always_the_parsed_one(html, page):
    """Whatever the markup, a twin scan is derived only when it is the one a parse gives."""
    got, parsed = _derived_and_parsed(html, page)
    assert got is None or got == parsed


def test_the_worker_saves_the_scans_a_parse_gives(tmp_path):
    """Derived or parsed (a relative link with an entity), every saved scan is its file's."""
    _page(tmp_path / "index.html", '<link rel="stylesheet" href="./t/a.css">' + _TOGGLE_A)
    _page(tmp_path / "a" / "index.html", '<img src="../i/a.png?x=1&amp;y=2">')
    scans_file = tmp_path.parent / f"{tmp_path.name}-scans.pickle"
    pipeline = Pipeline(tmp_path, None, None, scans_file, 0)
    for rel in ("index.html", "a/index.html"):
        pipeline.written(str(tmp_path / rel))
    pipeline.finish()
    with scans_file.open("rb") as fh:
        scans = pickle.load(fh)["scans"]
    assert set(scans) == {"index.html", "a/index.html", f"{MIRROR}/index.html", f"{MIRROR}/a/index.html"}
    for rel, (_, scan) in scans.items():
        assert scan == scan_html((tmp_path / rel).read_text(encoding="utf-8")), rel


def test_a_page_with_carriage_returns_is_read_as_before(tmp_path):
    """Pages are read as bytes now; the twin and the scans are still those of Path.read_text's text."""
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_bytes(f'<html lang="zh-CN">\r\n<body>{_TOGGLE_A}\r<a href="../t/a.css">x</a>\r\n</body></html>'.encode())
    scans_file = tmp_path.parent / f"{tmp_path.name}-scans.pickle"
    pipeline = Pipeline(tmp_path, None, None, scans_file, 0)
    pipeline.written(str(page))
    pipeline.finish()
    text = page.read_text(encoding="utf-8")
    assert (tmp_path / MIRROR / "a" / "index.html").read_bytes() == rewrite(text, "a/index.html").encode()
    with scans_file.open("rb") as fh:
        scans = pickle.load(fh)["scans"]
    assert scans["a/index.html"][1] == scan_html(text)
    assert scans[f"{MIRROR}/a/index.html"][1] == scan_html(rewrite(text, "a/index.html"))
