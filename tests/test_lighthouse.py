"""Lighthouse 12.2.3 (npm, pinned) on each page type, mobile, in the headless Debian Chromium.

One test running the pages one after another: Lighthouse is slow and measures time, so two runs
must never share the 2 cores. Thresholds are the issue's acceptance: performance ≥ 98,
accessibility, best practices and SEO 100.

Performance is timed on a machine shared with other work, so one busy moment (a long task in the
trace, multiplied by the simulated 4× slower phone CPU) can cost points that the page did not
lose. As Lighthouse's own guidance on variability advises, a page that misses runs twice more and
is judged by the median of the three runs.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from browser import CHROMIUM, ROOT
from page_types import page_types

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
THRESHOLDS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
TYPES = ("home", "article", "route", "event", "search")


def lighthouse(url: str, report) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}", "--form-factor=mobile",
           f"--only-categories={','.join(THRESHOLDS)}", f"--chrome-flags={CHROME_FLAGS}"]
    proc = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
                          timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(report.read_text(encoding="utf-8"))


def shortfalls(result: dict) -> list[str]:
    """The weighted audits that lost points, to say why a category missed its threshold."""
    out = []
    for name, category in result["categories"].items():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                out.append(f"{name}/{ref['id']}={audit['score']} {audit.get('displayValue', '')}")
    return out


def scores(result: dict) -> dict[str, int]:
    return {k: round(v["score"] * 100) for k, v in result["categories"].items()}


def missed(result: dict) -> dict[str, int]:
    return {k: s for k, s in scores(result).items() if s < THRESHOLDS[k] * 100}


def judged(url: str, reports) -> tuple[dict, list[int]]:
    """One run if it passes; else the run with the median performance of three."""
    runs = [lighthouse(url, reports / "1.json")]
    if missed(runs[0]):
        runs += [lighthouse(url, reports / f"{n}.json") for n in (2, 3)]
        runs.sort(key=lambda r: r["categories"]["performance"]["score"])
    return runs[len(runs) // 2], [scores(r)["performance"] for r in runs]


def test_lighthouse_mobile_on_each_page_type(live_site, tmp_path):
    site, origin = live_site
    types = {name: url for name, url in page_types(site.root).items() if name in TYPES}
    assert {"home", "article", "search"} <= set(types)
    found, failures = {}, []
    for name, url in types.items():
        (tmp_path / name).mkdir()
        result, performance_runs = judged(origin + url, tmp_path / name)
        found[name] = {**scores(result), "performance runs": performance_runs}
        if missed(result):
            failures.append(f"{name} {url}: {missed(result)} — {shortfalls(result)}")
    print("Lighthouse mobile:", found)
    assert not failures, failures
