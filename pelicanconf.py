"""Site settings for local builds: the single source of truth (publishconf.py overrides production values).

Nothing here depends on the working directory: every path is taken from this file's folder, so
``pelican content -s pelicanconf.py`` and ``pelican /elsewhere -s /abs/path/pelicanconf.py`` agree.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from hub_content.clock import build_date  # noqa: E402
from hub_content.dates import iso, zh_date, zh_month, zh_weekday  # noqa: E402
from hub_content.template_globals import GLOBALS  # noqa: E402

# --- Site ---------------------------------------------------------------------------------------
SITENAME = "社区新闻汇"
SITESUBTITLE = "经开区社区新闻、公交线路与活动"
AUTHOR = "经开区社区新闻汇编辑部"
DEFAULT_LANG = "zh-CN"
TIMEZONE = "Asia/Shanghai"
# Absolute origin for canonical URLs, feeds, sitemap and JSON-LD; page links stay relative
# (RELATIVE_URLS) so the same output works under any sub-path and from the file system.
SITEURL = os.environ.get("HUB_DEV_SITEURL", "http://127.0.0.1:8000")
HUB_SITEURL = SITEURL
RELATIVE_URLS = True

# "Today" for upcoming events and the "built on" line: injected, never the wall clock, so the
# same commit builds the same bytes (HUB_BUILD_DATE > SOURCE_DATE_EPOCH > the commit's date).
HUB_BUILD_DATE = build_date(os.environ, ROOT)

# --- Paths --------------------------------------------------------------------------------------
PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra/_headers"]
EXTRA_PATH_METADATA = {"extra/_headers": {"path": "_headers"}}  # cache rules for Netlify/Cloudflare-style hosts
IGNORE_FILES = [".#*", "*.yml", "README.md"]
# Our reader gives every story its date, slug and category from the front matter; Pelican's
# guesses from file and folder names would be thrown away after costing a dateutil parse and
# a Category per file (~10% of a rebuild).
FILENAME_METADATA = ""
USE_FOLDER_AS_CATEGORY = False
HUB_TAXONOMY = str(ROOT / "content" / "taxonomy.yml")
DELETE_OUTPUT_DIRECTORY = False  # tasks.py renders into a fresh folder and swaps it in

# --- Theme and plugins --------------------------------------------------------------------------
THEME = str(ROOT / "theme")
THEME_STATIC_PATHS = []  # hub_assets writes fingerprinted bundles instead of copying sources
PLUGIN_PATHS = [str(ROOT / "plugins")]
# Order matters: communities link mentions after routes and events are known; hub_incremental
# and hub_progress come last (they watch what the others render); hub_split forks the render.
PLUGINS = ["hub_content", "hub_html", "hub_assets", "hub_routes", "hub_events", "hub_seo", "hub_communities",
           "hub_sitemap", "hub_incremental", "hub_elder", "hub_progress", "hub_split"]
HUB_CSS_BUNDLE = ["tokens.css", "base.css", "layout.css", "article.css", "lists.css", "routes.css", "events.css",
                  "communities.css", "print.css"]
# Reader features; elder.css rules are all under `.elder`, so they win wherever they are bundled.
HUB_CSS_BUNDLE += ["search.css", "readaloud.css", "elder.css"]
# Deferred progressive enhancements; the pages work without them (see README, "Readers").
HUB_JS_FILES = ["elder.js", "readaloud.js", "search.js"]

# auto_reload off: every build is a fresh process, so Jinja need not stat each template at every
# include (tens of thousands of stat calls per build).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}
JINJA_FILTERS = {"zh_date": zh_date, "zh_month": zh_month, "zh_weekday": zh_weekday, "iso": iso}
JINJA_GLOBALS = GLOBALS  # links.url, links.abs, links.people, dt.date (why Python: template_globals.py)

# Only our Markdown reader: .html and .rst files would reach readers without the checks.
READERS = {"html": None, "htm": None, "rst": None}
MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
    "extension_configs": {},
    "output_format": "html",
}
TYPOGRIFY = False  # its English quote rules would damage Chinese text

# --- URLs: clean, ASCII, chosen on purpose ------------------------------------------------------
ARTICLE_URL = "articles/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "articles/{date:%Y}/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = "category/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = "tag/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "author/"
AUTHORS_SAVE_AS = "author/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "search"]
TEMPLATE_PAGES = {"404.html": "404.html", "robots.txt": "robots.txt"}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10
# Newest first; same-day stories in a fixed order so every build lists them identically.
ARTICLE_ORDER_BY = lambda a: (-a.date.timestamp(), a.slug)  # noqa: E731
# One language: no story is a translation of another. Pelican's translation grouping is quadratic
# (a list-membership test per story: ~1.5 s at 10,000); same-slug stories are refused by
# hub_content's URL check instead.
ARTICLE_TRANSLATION_ID = None
SUMMARY_MAX_LENGTH = 0  # summaries come from the 本报讯 lead, never cut mid-sentence

# --- Feeds --------------------------------------------------------------------------------------
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20

# --- Caching: off by default; the build must be right before it is fast -----------------------
# Pelican's own content cache stays off: its key ignores settings, theme and plugin changes.
# `hubtools.build --cache DIR` turns on hub_incremental instead (reader results and unchanged
# pages reused, keyed by a fingerprint of everything the output depends on; see
# docs/performance.md). Tests and CI build without it.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
HUB_CACHE = os.environ.get("HUB_CACHE") or None
HUB_PREVIOUS_OUTPUT = os.environ.get("HUB_PREVIOUS_OUTPUT") or None
# The pages a reused staging folder starts with (hubtools/spare.py); hubtools.build names the file.
HUB_LEFTOVERS = os.environ.get("HUB_LEFTOVERS") or None
# hub_elder writes the 长辈版 twins and the link scans on this many worker processes while
# Pelican writes (0: in Pelican's own process); hubtools.build names the scans file.
HUB_ELDER_WORKERS = 1 if (os.cpu_count() or 1) > 1 else 0
HUB_SCANS = os.environ.get("HUB_SCANS") or None
# Stories are converted on this many processes before Pelican reads them (hub_content/prepass.py).
HUB_READ_WORKERS = int(os.environ.get("HUB_READ_WORKERS") or min(4, os.cpu_count() or 1))
# Listings are written on a second process while the stories are written, from this many stories
# on (hub_split; 0: never). Tests set it to 1, so every test build takes the path big sites take.
HUB_SPLIT_MIN = int(os.environ.get("HUB_SPLIT_MIN") or 500)
# Progress lines on the terminal (hubtools.build sets it when stderr is a tty and CI is unset).
HUB_PROGRESS = os.environ.get("HUB_PROGRESS") == "1"

# --- Menus --------------------------------------------------------------------------------------
HUB_NAV = [
    ("新闻", ""),
    ("公交", "routes/"),
    ("活动", "events/"),
    ("社区", "communities/"),
    ("归档", "archives/"),
    ("关于", "about/"),
    ("搜索", "search/"),
]
