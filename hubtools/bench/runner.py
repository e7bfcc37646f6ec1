"""Build a synthetic corpus the ways editors do, measure each build, print medians.

Each build runs as a child process reaped with ``os.wait4`` so its own CPU time and peak RSS
(Pelican's process included: the build script waits for it) are measured, not the bench's.
The last scenario is the editors' preview server (hubtools/livereload.py): one more edit built
in this process through a warm Pelican (hubtools/warm.py), as the server builds it; its CPU
is this process's and its children's, plus the Pelican build's as the warm process reports it.
Plain Pelican builds the same articles in the same run: on a shared 2-core machine only the
ratio means something. Every timed build starts from the same kernel state (settle.py).
"""

from __future__ import annotations

import filecmp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from hubtools.build import build
from hubtools.spare import spare_path
from hubtools.warm import WarmPelican

from .corpus import edit_one, generate
from .settle import can_drop, settle

ROOT = Path(__file__).resolve().parents[2]
PLAINCONF = Path(__file__).with_name("plainconf.py")
BUILD_ENV = {"HUB_BUILD_DATE": "2025-12-31", "HUB_DEV_SITEURL": "http://127.0.0.1:8000", "HUB_REPORT_LIVE": "1"}
SCENARIOS = ("plain", "full", "nochange", "edit", "warm")
LABELS = {
    "plain": "plain Pelican, default theme: full",
    "full": "hub: full build",
    "nochange": "hub: rebuild, nothing changed",
    "edit": "hub: rebuild, one article edited",
    "warm": "hub: one edit, preview server (warm)",
}


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    rss_mib: float
    pages: int
    live: float  # until the new pages were in place (search index after); wall for plain Pelican
    search: float = 0.0  # the search index refresh, after the pages went live


class BenchError(RuntimeError):
    pass


def run_child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, float, float]:
    """(wall s, CPU s of the child and its children, peak RSS MiB, s until "live at", search s) of one command."""
    with tempfile.TemporaryFile() as log:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env}, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode(errors="replace")
        if proc.returncode:
            raise BenchError(f"{' '.join(cmd)} failed:\n{output[-4000:]}")
    lines = output.splitlines()
    live = next((float(line.split()[-1]) - start for line in lines if line.startswith("live at ")), wall)
    search = next((float(line.split()[1]) for line in lines if line.startswith("search ")), 0.0)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, live, search


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def hub_build(content: Path, output: Path, cache: Path | None) -> tuple[float, float, float, float, float]:
    cmd = [sys.executable, "-m", "hubtools.build", "--content", str(content), "--output", str(output), "--timings"]
    if cache:
        cmd += ["--cache", str(cache)]
    return run_child(cmd, BUILD_ENV)


class _Recorded(WarmPelican):
    """Keeps the last build's report (its CPU and peak RSS)."""

    last = None

    def run(self, args, env):
        self.last = super().run(args, env)
        return self.last


def warm_build(content: Path, output: Path, cache: Path, warm: _Recorded) -> tuple[float, float, float, float, float]:
    """One build as the preview server makes it, measured like ``run_child``'s."""
    env = {k: v for k, v in BUILD_ENV.items() if k != "HUB_REPORT_LIVE"}
    times: dict[str, float] = {}
    self0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    build(ROOT / "pelicanconf.py", output, content, env, cache=cache.resolve(), warm=warm,
          on_live=lambda: times.setdefault("live", time.monotonic() - start),
          log=lambda phase, seconds, detail="": times.__setitem__(phase, seconds))
    wall = time.monotonic() - start
    if warm.last is None:
        raise BenchError("the warm Pelican did not take the build")
    self1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(b.ru_utime + b.ru_stime - a.ru_utime - a.ru_stime for a, b in ((self0, self1), (kids0, kids1)))
    return wall, cpu + warm.last.cpu, warm.last.maxrss_mib, times["live"], times.get("search", 0.0)


def plain_build(content: Path, output: Path) -> tuple[float, float, float, float, float]:
    return run_child([sys.executable, "-m", "pelican", str(content), "-s", str(PLAINCONF), "-o", str(output), "-q"], {})


def same_tree(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two output folders (missing on either side included)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(p) for p in files_a ^ files_b)
    differ += sorted(str(p) for p in files_a & files_b if not filecmp.cmp(a / p, b / p, shallow=False))
    return differ


def bench(n: int, runs: int, work: Path, verify: bool = True, log=print, drop: bool | None = None
          ) -> dict[str, list[Measure]]:
    """``drop``: drop the kernel's caches before each timed build (default: where permitted)."""
    drop = can_drop() if drop is None else drop
    corpus = generate(work / "corpus", n)
    hub, plain = work / "corpus" / "hub", work / "corpus" / "plain"
    out, cache, plain_out = work / "out", work / "cache", work / "out-plain"
    results: dict[str, list[Measure]] = {s: [] for s in SCENARIOS}
    for run in range(1, runs + 1):
        shutil.rmtree(plain_out, ignore_errors=True)
        settle([plain], drop)
        w, c, r, live, _ = plain_build(plain, plain_out)
        results["plain"].append(Measure(w, c, r, count_pages(plain_out), live))
        for folder in (out, spare_path(out), cache):
            shutil.rmtree(folder, ignore_errors=True)
        for scenario in ("full", "nochange", "edit"):
            if scenario == "edit":
                edit_one(hub, corpus, run)
            settle([hub, cache, out, spare_path(out)], drop)
            w, c, r, live, search = hub_build(hub, out, cache)
            results[scenario].append(Measure(w, c, r, rendered_pages(cache, out), live, search))
        with _Recorded(ROOT / "pelicanconf.py", cache) as warm:
            warm.wait_ready()  # as a preview server is by the time the editor saves again
            edit_one(hub, corpus, runs + run)
            settle([hub, cache, out, spare_path(out)], drop)
            w, c, r, live, search = warm_build(hub, out, cache, warm)
            results["warm"].append(Measure(w, c, r, rendered_pages(cache, out), live, search))
        log(f"run {run}/{runs}: " + ", ".join(f"{s} {results[s][-1].wall:.1f}s" for s in SCENARIOS))
    if verify:
        fresh = work / "out-fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        hub_build(hub, fresh, None)
        differ = same_tree(out, fresh)
        if differ:
            raise BenchError(f"incremental output differs from a full build in {len(differ)} files: {differ[:10]}")
        log("incremental output is byte-identical to a full build of the same content")
    return results


def rendered_pages(cache: Path, out: Path) -> int:
    """Pages the last build rendered (the incremental writer's count, else every HTML file)."""
    stats = cache / "last-build.txt"
    if stats.is_file():
        return int(stats.read_text().split()[0])
    return count_pages(out)


def table(n: int, runs: int, results: dict[str, list[Measure]], dropped: bool = False) -> str:
    fields = ("wall", "cpu", "rss_mib", "pages", "live", "search")
    med = {s: Measure(*(statistics.median(getattr(m, f) for m in ms) for f in fields)) for s, ms in results.items()}
    state = "caches dropped, inputs read back in" if dropped else "caches flushed only (not root), inputs read back in"
    lines = [f"N={n} articles, medians of {runs} runs; before each build: {state}",
             "live: until the new pages, feeds and sitemap were in place; search: the index refresh after that",
             f"{'':38} {'wall s':>8} {'live s':>8} {'search s':>9} {'CPU s':>8} {'peak MiB':>9} {'pages':>7}"]
    for s in SCENARIOS:
        m = med[s]
        lines.append(f"{LABELS[s]:38} {m.wall:8.2f} {m.live:8.2f} {m.search:9.2f} {m.cpu:8.2f} {m.rss_mib:9.0f} "
                     f"{int(m.pages):7d}")
    plain, full = med["plain"], med["full"]
    lines.append(f"full / plain Pelican: live {full.live / plain.wall:.2f}, wall with search {full.wall / plain.wall:.2f}, "
                 f"CPU {full.cpu / plain.cpu:.2f}")
    for s in ("nochange", "edit", "warm"):
        lines.append(f"{s} / full: live {med[s].live / full.wall:.0%} of full wall ({med[s].live / full.live:.0%} of "
                     f"full live), wall {med[s].wall / full.wall:.0%}, CPU {med[s].cpu / full.cpu:.0%}, "
                     f"search {med[s].search:.1f} s")
    return "\n".join(lines)
