"""One real build per test session: the real pelicanconf.py over the real content/.

Tests read the built HTML with BeautifulSoup. The build goes into a temporary
folder (never into the source tree) with the clock pinned, so assertions about
"upcoming" do not depend on the day the tests run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from hubtools.build import build  # noqa: E402

# Nothing of hypothesis in the source tree (no example database, no constants cache).
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hub-hypothesis-"))
settings.register_profile("hub", database=None)
settings.load_profile("hub")

# HUB_SPLIT_MIN=1: listings on a second process even for small test sites, as for a real paper's.
BUILD_ENV = {"HUB_BUILD_DATE": "2025-08-15", "HUB_DEV_SITEURL": "http://127.0.0.1:8000", "HUB_SPLIT_MIN": "1"}


class Site:
    """A built site on disk with helpers to read its pages."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, url: str) -> Path:
        rel = url.lstrip("/")
        target = self.root / rel
        return target / "index.html" if rel == "" or rel.endswith("/") else target

    def text(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(url), "html.parser")

    def html_pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


def build_site(target: Path, content: Path | None = None, env: dict | None = None, cache: Path | None = None) -> Site:
    build(ROOT / "pelicanconf.py", target, content, {**BUILD_ENV, **(env or {})}, cache=cache)
    return Site(target)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    return build_site(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """(site, origin): a build served at the very origin it was built for, as on a real host.

    Absolute URLs (canonical, the 404 page's links) then reach this server and pass the pages'
    CSP; Lighthouse's SEO audits compare canonical URLs with the served origin. The port is
    free-chosen (not 8000: other builds on this machine may serve there).
    """
    from browser import served

    target = tmp_path_factory.mktemp("live") / "output"
    with served(target) as origin:
        yield build_site(target, env={"HUB_DEV_SITEURL": origin}), origin


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


EVENT_FIXTURES = ROOT / "tests" / "fixtures" / "events"


@pytest.fixture(scope="session")
def fixture_content(tmp_path_factory) -> Path:
    """The real content plus test-only events (the BYMONTHDAY=18 series is not a real event)."""
    content = tmp_path_factory.mktemp("events-content") / "content"
    shutil.copytree(ROOT / "content", content)
    for path in EVENT_FIXTURES.glob("*.md"):
        shutil.copy(path, content / "events" / path.name)
    return content


@pytest.fixture(scope="session")
def series_site(tmp_path_factory, fixture_content) -> Site:
    return build_site(tmp_path_factory.mktemp("series-site") / "output", fixture_content)
