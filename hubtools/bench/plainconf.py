"""Plain Pelican, the yardstick: its default theme and Markdown reader, quickstart's choices.

Only what `pelican-quickstart` asks for is set (pagination 10, relative URLs, time zone);
everything else, feeds included, is Pelican's default. Caches stay off as in a fresh clone.
"""

AUTHOR = "经开区社区新闻汇编辑部"
SITENAME = "社区新闻汇"
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
STATIC_PATHS = ["images"]
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
