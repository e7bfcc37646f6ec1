"""The whole built site: zero broken internal links or anchors, zero Nu Html Checker errors."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from hubtools.check import run_checks
from hubtools.linkcheck import check_site
from hubtools.validate import vnu_errors

SITEURL = "http://127.0.0.1:8000"


def test_no_broken_links_anchors_images_or_assets(site):
    report = check_site(site.root, SITEURL)
    assert [str(b) for b in report.broken] == []
    assert report.pages >= 20 and report.links >= 300  # the check really looked


def test_every_page_is_valid_html(site):
    errors = vnu_errors(site.root)
    assert [str(e) for e in errors] == []


@pytest.fixture
def damaged(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    shutil.rmtree(copy / "about")
    home = copy / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace('href="#main"', 'href="#nowhere"'), encoding="utf-8")
    css = next((copy / "theme/css").glob("site.*.css"))
    css.write_text(css.read_text(encoding="utf-8") + ".x{background:url(../img/gone.png)}", encoding="utf-8")
    return copy


def test_linkcheck_reports_missing_pages_anchors_and_assets(damaged):
    broken = [str(b) for b in check_site(damaged, SITEURL).broken]
    assert "index.html: #nowhere: no element with id='nowhere' on index.html" in broken
    assert any(b.startswith("index.html: ./about/: no such file") for b in broken)
    assert any("gone.png" in b for b in broken)


def test_validator_reports_errors_with_page_and_line(tmp_path):
    (tmp_path / "bad.html").write_text('<!doctype html><html lang="zh-CN"><title>x</title>\n<p><img src="a.png"></p>\n',
                                       encoding="utf-8")
    errors = vnu_errors(tmp_path)
    assert [(e.page, e.line) for e in errors] == [("bad.html", 2)]
    assert "alt" in errors[0].message


def test_pages_need_nothing_the_content_security_policy_refuses(site):
    """No inline scripts (JSON-LD data blocks aside), handlers, style attributes or <style>: CSP would block them."""
    from bs4 import BeautifulSoup

    from active import active_content

    for page in site.html_pages():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(site.root)
        assert active_content(soup) == [], where
        assert soup.find_all(style=True) == [] and soup.find_all("style") == [], where
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in soup.find_all("script")), where


def test_linkcheck_command_line(site, damaged):
    ok = subprocess.run([sys.executable, "-m", "hubtools.linkcheck", str(site.root), "--siteurl", SITEURL],
                        cwd=ROOT, capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and "0 个失效" in ok.stdout, ok.stderr
    bad = subprocess.run([sys.executable, "-m", "hubtools.linkcheck", str(damaged)],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "index.html: #nowhere: no element with id='nowhere'" in bad.stderr


def test_the_real_content_passes_the_check():
    problems, count = run_checks(ROOT / "content")
    assert [str(p) for p in problems] == []
    assert count >= 4
