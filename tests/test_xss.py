"""Pasted attacks never reach readers: `check` refuses each with file and line; a forced build strips it."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from active import active_content
from conftest import BUILD_ENV, ROOT, Site
from hubtools.build import render
from hubtools.check import run_checks

PAYLOAD_FILE = Path(__file__).parent / "fixtures" / "xss" / "payloads.txt"
PAYLOADS = [line.replace("\\n", "\n").replace("\\t", "\t")
            for line in PAYLOAD_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]

HEAD = """---
title: 测试{n}
date: 2025-08-21
category: 社区治理
authors: [鲁慧]
slug: xss-{n:02d}
---
"""
BODY_LINE = HEAD.count("\n") + 1
PAYLOAD_LINE = BODY_LINE + 2  # after the first paragraph and a blank line


def story(n: int, payload: str) -> str:
    return HEAD.format(n=n) + f"第一段。\n\n{payload}\n\n最后一段。\n"


def test_there_are_at_least_thirty_payloads():
    assert len(PAYLOADS) >= 30
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("n", range(len(PAYLOADS)), ids=[p[:40] for p in PAYLOADS])
def test_check_refuses_payload_with_file_and_line(tmp_path, n):
    payload = PAYLOADS[n]
    content = tmp_path / "content"
    (content / "articles/2025").mkdir(parents=True)
    shutil.copy(ROOT / "content/taxonomy.yml", content)
    path = content / "articles/2025/2025-08-21_xss.md"
    path.write_text(story(n, payload), encoding="utf-8")
    problems, _ = run_checks(content)
    lines = range(PAYLOAD_LINE, PAYLOAD_LINE + payload.count("\n") + 1)
    assert any(p.path == str(path) and p.line in lines and p.field == "body" for p in problems), problems
    assert all(" — " in str(p) for p in problems)


# --- the build, forced past the check ----------------------------------------------------------

HOSTILE_META = """---
title: 标题</title><script>alert(1)</script>"'><img src=x onerror=alert(2)>
kicker: "<svg onload=alert(3)>"
subtitle: "\\"><script>alert(4)</script>"
date: 2025-08-22
category: 社区治理
tags: ["<script>alert(5)</script>", "\\" onmouseover=\\"alert(6)"]
authors: ["<img src=x onerror=alert(7)>"]
slug: hostile-metadata
summary: </p><script>alert(8)</script><a href="javascript:alert(9)">x</a>
---
正文。
"""


@pytest.fixture(scope="module")
def forced_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xss")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    for n, payload in enumerate(PAYLOADS):
        (content / f"articles/2025/2025-08-21_xss-{n:02d}.md").write_text(story(n, payload), encoding="utf-8")
    (content / "articles/2025/2025-08-22_hostile-metadata.md").write_text(HOSTILE_META, encoding="utf-8")
    # Straight to Pelican: past `invoke check` and past the staged-site verification (payloads
    # such as <img src=x> are also broken links, which verification would refuse to publish).
    render(ROOT / "pelicanconf.py", tmp / "output", content, BUILD_ENV)
    return Site(tmp / "output")


# A <script> never closed swallows the rest of the story, in browsers and in our parser alike.
UNCLOSED_SCRIPT = re.compile(r"<script[^>]*>(?!.*</script>)", re.I | re.S)


def test_forced_build_keeps_the_text_around_payloads(forced_site):
    for n, payload in enumerate(PAYLOADS):
        text = forced_site.soup(f"/articles/2025/xss-{n:02d}/").select_one(".story-body").get_text()
        assert "第一段。" in text, n
        assert "最后一段。" in text or UNCLOSED_SCRIPT.search(payload), n


def test_no_payload_survives_in_any_page(forced_site):
    problems = {}
    for page in forced_site.html_pages():
        found = active_content(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
        if found:
            problems[str(page.relative_to(forced_site.root))] = found
    assert problems == {}


def test_no_payload_survives_in_the_feed(forced_site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(forced_site.root / "feeds/all.atom.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert len(entries) >= 20
    for entry in entries:
        for part in ("a:content", "a:summary"):
            el = entry.find(part, ns)
            if el is not None and el.text:
                assert active_content(BeautifulSoup(el.text, "html.parser")) == [], entry.find("a:title", ns).text


def test_metadata_is_escaped(forced_site):
    soup = forced_site.soup("/articles/2025/hostile-metadata/")
    assert soup.select_one(".story-header h1").get_text().startswith("标题</title><script>")
    assert "<svg onload=alert(3)>" in soup.select_one(".story-header .kicker").get_text()
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["headline"].startswith("标题</title><script>")


def test_every_page_carries_the_same_origin_policy(forced_site):
    for page in forced_site.html_pages():
        meta = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            'meta[http-equiv="Content-Security-Policy"]')
        assert meta is not None, page
        policy = dict(d.strip().split(" ", 1) for d in meta["content"].split(";"))
        # The 404 page, served at any address, names the site's own origin besides 'self'.
        own = {"'self'", "'self' http://127.0.0.1:8000"}
        # The search page alone may compile WebAssembly (Pagefind); never 'unsafe-inline' or 'unsafe-eval'.
        script = policy["script-src"].removesuffix(" 'wasm-unsafe-eval'") if page.match("search/index.html") \
            else policy["script-src"]
        assert policy["default-src"] in own and script in own and policy["object-src"] == "'none'"
        assert "'unsafe-" not in meta["content"] and "*" not in meta["content"]
