"""Developer and editor tasks (`invoke --list`). Each task is a thin wrapper over a module you can test."""

import os
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = sys.executable
CONF = ROOT / "pelicanconf.py"
PUBLISHCONF = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
PUBLISH_OUTPUT = ROOT / "output-publish"
CACHE = ROOT / "cache"  # incremental rebuilds (hub_incremental); publish always builds from scratch


@task
def check(c):
    """Validate every content file; list all problems with file, line and field."""
    c.run(f"{PY} -m hubtools.check", pty=False)


@task(pre=[check])
def build(c, verify=False):
    """Check, then build the site into output/ atomically; --verify also runs `validate` (links and HTML)."""
    c.run(f"{PY} -m hubtools.build --settings {CONF} --output {OUTPUT} --cache {CACHE}")
    if verify:
        validate(c)


@task(pre=[check])
def publish(c):
    """Check, then build the deployable site with publishconf.py into output-publish/ (what CI uploads)."""
    c.run(f"{PY} -m hubtools.build --settings {PUBLISHCONF} --output {PUBLISH_OUTPUT}")


@task
def validate(c, publish=False):
    """Check the built site: every internal link, anchor and asset resolves; zero Nu Html Checker errors."""
    root, siteurl = (PUBLISH_OUTPUT, os.environ.get("SITEURL", "")) if publish else (OUTPUT, "http://127.0.0.1:8000")
    c.run(f"{PY} -m hubtools.validate {root}" + (f" --siteurl {siteurl}" if siteurl else ""), pty=False)


@task
def serve(c, port=8000):
    """Serve output/ at http://127.0.0.1:PORT (build first)."""
    c.run(f"{PY} -m hubtools.serve --port {port} --root {OUTPUT}")


@task
def livereload(c, port=8000):
    """Rebuild on every change under content/, theme/ or plugins/ and reload the browser."""
    c.run(f"{PY} -m hubtools.livereload --port {port}")


@task
def test(c, browser=True):
    """Run all tests (pass --no-browser to skip the Chromium tests while editing)."""
    marker = "" if browser else '-m "not browser"'
    c.run(f"{PY} -m pytest -q -n 2 {marker}", pty=False)


@task
def lint(c):
    """ruff over all Python code."""
    c.run(f"{PY} -m ruff check {ROOT}")


@task
def clean(c):
    """Remove built output and caches."""
    c.run(f"{PY} -m hubtools.clean")


@task
def bench(c, articles=1000, runs=3):
    """Time full, no-change and one-edit builds of a synthetic corpus against plain Pelican."""
    c.run(f"{PY} -m hubtools.bench --articles {articles} --runs {runs}", pty=False)


@task(name="import-paper")
def import_paper(c, path, date=None, dry_run=False, force=False):
    """Turn one page of newspaper text into Markdown posts under content/articles/."""
    args = [path]
    if date:
        args += ["--date", date]
    if dry_run:
        args.append("--dry-run")
    if force:
        args.append("--force")
    c.run(f"{PY} -m newsimport {' '.join(args)}", env={"PYTHONPATH": str(ROOT)}, pty=False)


os.chdir(ROOT)


@task(name="import-gtfs")
def import_gtfs(c, path, out="content/routes", dry_run=False, force=False):
    """Write one route file per route of a GTFS feed (folder or .zip) into content/routes/."""
    args = [path, "--out", out] + (["--dry-run"] if dry_run else []) + (["--force"] if force else [])
    c.run(f"{PY} -m hubtools.import_gtfs {' '.join(args)}", pty=False)
