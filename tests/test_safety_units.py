"""The safety pieces one by one, with tables: allow-list, sanitiser, body scanner, references, tags."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from hub_content.body import markdown_links, mask_code, raw_tags
from hub_content.frontmatter import parse_document
from hub_html.allowlist import url_is_safe, url_scheme
from hub_html.rawcheck import MARKDOWN_EXTENSIONS
from hub_html.sanitize import sanitize
from hubtools.check import main as check_main
from hubtools.check import run_checks


@pytest.mark.parametrize(
    ("url", "scheme", "safe"),
    [
        ("https://example.org/", "https", True),
        ("../about/", None, True),
        ("{filename}/articles/2025/x.md", None, True),
        ("#main", None, True),
        ("mailto:bianji@example.org", "mailto", True),
        ("javascript:alert(1)", "javascript", False),
        ("JaVaScRiPt:alert(1)", "javascript", False),
        (" \t java\nscript:alert(1)", "javascript", False),
        ("&#106;avascript:alert(1)", "javascript", False),
        ("javascript&colon;alert(1)", "javascript", False),
        ("java\u200bscript:alert(1)", "javascript", False),
        ("data:text/html,x", "data", False),
        ("VBScript:msgbox(1)", "vbscript", False),
    ],
)
def test_url_scheme(url, scheme, safe):
    assert url_scheme(url) == scheme
    assert url_is_safe(url) is safe


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>段落<script>alert(1)</script>。</p>", "<p>段落。</p>"),
        ('<p onclick="x()">段落</p>', "<p>段落</p>"),
        ('<a href="javascript:x()">链接</a>', "<a>链接</a>"),
        ('<a href="../about/" title="关于">链接</a>', '<a href="../about/" title="关于">链接</a>'),
        ("<marquee>滚动</marquee>", "滚动"),
        ("<svg><text>图</text></svg>文字", "文字"),
        ("<!-- 备注 -->文字", "文字"),
        ('<img src="a.png">', '<img alt="" src="a.png"/>'),
        ("<img alt='无图'>", ""),
        ("<details><summary>更多</summary>内容</details>", "<details><summary>更多</summary>内容</details>"),
        ("<table><tr><td colspan='2' style='color:red'>1</td></tr></table>", '<table><tr><td colspan="2">1</td></tr></table>'),
        ("<![b](x)", "&lt;![b](x)"),
    ],
)
def test_sanitize(html, clean):
    assert sanitize(html) == clean
    assert sanitize(clean) == clean


def test_mask_code_keeps_lines_and_columns():
    body = "a `<script>` b\n```\n<iframe>\n```\nc"
    masked = mask_code(body)
    assert [len(x) for x in masked.split("\n")] == [len(x) for x in body.split("\n")]
    assert "<script>" not in masked and "<iframe>" not in masked and masked.startswith("a ") and masked.endswith("c")


def test_body_scanner_lines():
    doc = parse_document("---\ntitle: x\n---\n第一段。\n\n<b>粗</b> [链接](https://a.example/x_(y))\n\n[ref]: ../z/\n"
                         "![图](<{static}/images/a b.png>)\n<https://autolink.example/>\n", "x.md")
    assert [(t.line, t.tag) for t in raw_tags(doc)] == [(6, "b")]
    assert [(link.line, link.url, link.image) for link in markdown_links(doc)] == [
        (6, "https://a.example/x_(y)", False), (8, "../z/", False), (9, "{static}/images/a b.png", True)]


def test_markdown_extensions_match_the_site_settings():
    # A fresh copy of the settings module: Pelican's reader appends "markdown.extensions.meta" to
    # the MARKDOWN dict of the module it loaded (test_newsimport_site reads settings in-process).
    import importlib.util

    spec = importlib.util.spec_from_file_location("pelicanconf_fresh", ROOT / "pelicanconf.py")
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    assert fresh.MARKDOWN["extensions"] == MARKDOWN_EXTENSIONS


GOOD = (ROOT / "content/articles/2025/2025-08-20_s228-shuttle-opens.md").read_text(encoding="utf-8")


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def story(content: Path, slug: str, tags: str, extra: str = "", body: str = "正文。\n") -> Path:
    path = content / f"articles/2025/2025-09-01_{slug}.md"
    text = (GOOD.replace("slug: s228-shuttle-opens", f"slug: {slug}{extra}")
            .replace("tags: [S228路, 锦程花园社区, 前程办事处, 郑州公交第四运营公司, 瑞秀社区]", f"tags: {tags}"))
    path.write_text(text.split("---\n", 2)[0] + "---\n" + text.split("---\n", 2)[1] + "---\n" + body, encoding="utf-8")
    return path


def test_a_tag_declared_new_once_may_be_used_everywhere(content, capsys):
    story(content, "first", "[金柳南路, S228路]", extra="\nnew_tags: [金柳南路]")
    story(content, "second", "[金柳南路]")
    assert run_checks(content)[0] == []
    assert check_main([str(content)]) == 0
    assert "新标签：金柳南路 → tag/jinliunanlu/" in capsys.readouterr().out


def test_an_undeclared_tag_suggests_the_known_spelling(content):
    path = story(content, "typo", "[锦城花园社区]")
    problems = [str(p) for p in run_checks(content)[0]]
    assert problems == [f"{path}:6: tags.0: '锦城花园社区' is not a known tag — did you mean 锦程花园社区? "
                        "if it is a new tag, add 'new_tags: [锦城花园社区]' to this story "
                        f"(or list it under 'tags:' in {content}/taxonomy.yml)"]


def test_references_that_resolve_pass(content):
    (content / "images/stop.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    story(content, "links", "[S228路]", body="见[开通]({filename}2025-08-20_s228-shuttle-opens.md)。\n\n"
          "![站牌]({static}/images/stop.png)\n\n<figure><img src=\"{static}/images/stop.png\" alt=\"站牌\">"
          "<figcaption>站牌</figcaption></figure>\n")
    assert run_checks(content)[0] == []


def test_bom_and_crlf_story_builds(content, tmp_path):
    path = story(content, "windows", "[S228路]", body="用记事本写的正文。\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_checks(content)[0] == []
    site = build_site(tmp_path / "output", content)
    assert "用记事本写的正文。" in site.soup("/articles/2025/windows/").select_one(".story-body").get_text()
