"""Production settings: pelicanconf.py plus what only the deployed site needs."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

# The deployed origin, e.g. https://example.github.io/news-hub (no trailing slash); CI sets it.
SITEURL = os.environ.get("SITEURL", "").rstrip("/") or SITEURL  # noqa: F405
HUB_SITEURL = SITEURL
FEED_DOMAIN = SITEURL
OUTPUT_PATH = str(Path(__file__).resolve().parent / "output-publish")
