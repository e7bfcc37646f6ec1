"""The 长辈版 mirror: every page again under elder/, links staying inside it, assets shared."""

from __future__ import annotations

import os
import re
from posixpath import dirname, join, normpath

import pytest

from hub_elder import mirror
from hub_elder.mirror import MIRROR, elder_url, page_links, rewrite
from hub_elder.pipeline import Pipeline


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
