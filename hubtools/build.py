"""Build the site atomically: render into a fresh folder, verify it, swap it into place, index it.

A failed or interrupted build never touches the previous output, so the last good site keeps
being served. Pelican writes the pages and, on a second core, their 长辈版 twins and link scans
(plugins/hub_elder); the staged site is then link-checked as a whole before the swap. The
search index (hubtools/search_index.py) is refreshed after the pages are live: it is the
slowest step and readers need the corrected page more than the corrected search snippet.
Until then the previous index serves (it is carried into the new site); the refreshed one
replaces it in one rename. With ``--cache`` every step reuses what the previous build made
from unchanged input, and the staging folder is the tree the last swap replaced, brought up to
date rather than built anew (hubtools/spare.py).

Pelican runs in a child process so a content error exits non-zero with the messages, and
nothing of it stays in this process.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hubtools import spare as spares
from hubtools.linkcheck import ScanMemo, check_site
from hubtools.search_index import BUNDLE, SearchIndexError, exchange, refresh
from hubtools.warm import WarmPelican

ROOT = Path(__file__).resolve().parents[1]

REQUIRED_FILES = ("index.html", "404.html", "sitemap.xml", "robots.txt", "feeds/all.atom.xml")


class BuildError(RuntimeError):
    pass


class SearchRefreshError(BuildError):
    """The new pages are live; the search index is still the previous build's."""


def progress_wanted(env, stderr_isatty: bool) -> bool:
    """Progress on a terminal only: never in CI (CI=true) or when stderr is a file or a pipe."""
    return stderr_isatty and env.get("CI", "").lower() not in ("true", "1") and env.get("TERM") != "dumb"


def render(settings: Path, output: Path, content: Path | None = None, extra_env: dict | None = None,
           warm: WarmPelican | None = None) -> None:
    """Run Pelican into ``output`` (which must not exist yet); raise BuildError with its messages.

    ``warm``: a Pelican process kept waiting for builds (the preview server's), used if it can.
    """
    args = [str(content or ROOT / "content"), "-s", str(settings), "-o", str(output),
            "--fatal", "warnings", "-q", "--log-handler", "plain"]
    env = {**os.environ, **(extra_env or {})}
    done = warm.run(args, env) if warm is not None else None
    if done is not None:
        code, output_text = done.code, done.output
    else:
        path = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)  # wherever we run from
        proc = subprocess.run([sys.executable, "-m", "hubtools.pelican_main", *args], capture_output=True, text=True,
                              env={**env, "PYTHONPATH": path}, check=False)
        code, output_text = proc.returncode, proc.stdout + proc.stderr
    if code != 0:
        raise BuildError(output_text.strip() or f"pelican exited with {code}")


def verify(output: Path, memo: ScanMemo | None = None) -> None:
    """Refuse a staged site that lacks an expected page or links to something it does not contain."""
    missing = [f for f in REQUIRED_FILES if not (output / f).is_file()]
    if missing:
        raise BuildError(f"the new site lacks {', '.join(missing)}; the previous output is kept")
    # The search bundle is not verified: pages do not link into it, and it is carried in after
    # (a reused staging folder already holds most of it, which changes with every refresh).
    broken = check_site(output, memo=memo, skip=(BUNDLE,)).broken
    if broken:
        shown = "\n".join(str(b) for b in broken[:20]) + (f"\n… and {len(broken) - 20} more" if len(broken) > 20 else "")
        raise BuildError(f"the new site has {len(broken)} broken internal links; the previous output is kept:\n{shown}")


def recover(target: Path) -> None:
    """Finish a swap that was interrupted between its two renames: the old site comes back."""
    old = target.with_name(target.name + ".old")
    if old.exists() and not target.exists():
        old.rename(target)


def read_scans(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 (written by this build's own Pelican run)
    except (OSError, pickle.UnpicklingError, EOFError):
        return {}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _quiet(phase: str, seconds: float, detail: str = "") -> None:
    pass


def index_search(site: Path, log=None) -> None:
    start = time.monotonic()
    try:
        report = refresh(site)
    except SearchIndexError as exc:
        raise SearchRefreshError(f"the pages are live, but the search index was not refreshed: {exc}") from exc
    (log or _quiet)("search", time.monotonic() - start,
        f"{len(report.built)} shards indexed, {len(report.kept)} kept, {report.pages} pages")


def swap_into_place(new: Path, target: Path, on_live=None, spare: Path | None = None) -> Path | None:
    """Replace ``target`` with ``new`` using renames, so readers never see a half-written folder.

    ``on_live`` is called once the new site is in place. With ``spare``, the previous site is
    kept there for the next build to reuse; otherwise it is returned, moved aside for the caller
    to delete (at 10,000 stories a few seconds of clean-up nobody need wait for).
    """
    old = target.with_name(target.name + ".old")
    recover(target)
    if spare is not None and target.exists():
        exchange(new, target)  # one step: no moment without a site
        if on_live:
            on_live()
        new.rename(spare)
        return None
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if on_live:
        on_live()
    return old if old.exists() else None


def build(settings: Path, target: Path, content: Path | None = None, extra_env: dict | None = None,
          on_live=None, cache: Path | None = None, log=None, warm: WarmPelican | None = None) -> Path:
    """Render, mirror and verify into a staging folder, swap it in, then refresh the search index.

    ``cache``: a folder for the incremental state of every step (None: build everything anew).
    ``log(phase, seconds, detail)`` hears how long each step took. ``warm``: see render().
    """
    log = log or _quiet
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    # A killed build leaves its staging folder behind; clear it. (Two builds into one target at
    # once are not supported: the other one would fail, which still leaves the output intact.)
    for stale in [*target.parent.glob(f".build-{target.name}-*"), *target.parent.glob(f".search-{target.name}-*")]:
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".build-{target.name}-", dir=target.parent))
    new = staging / "site"
    previous = target if cache and target.is_dir() else None
    spare = spares.spare_path(target)  # where the replaced site waits to be reused (with --cache)
    env = dict(extra_env or {})
    if cache:
        env["HUB_CACHE"] = str(cache)
        if previous:
            env["HUB_PREVIOUS_OUTPUT"] = str(previous)  # pages to keep are linked from here
    clock = time.monotonic()

    def lap(phase: str, detail: str = "") -> None:
        nonlocal clock
        now = time.monotonic()
        log(phase, now - clock, detail)
        clock = now

    kept, stale_spare, preparation = spares.Prepared(), None, None
    try:
        if previous and spare.is_dir() and spares.worth_reusing(_read(cache / "last-build.txt")):
            spare.rename(new)
            env["HUB_LEFTOVERS"] = str(staging / "leftovers.pickle")
            preparation = spares.Preparation(new, previous, staging / "leftovers.pickle")
            preparation.start()  # while Pelican starts and reads
        elif spare.exists():
            # Not reusable (no live site, no cache, or it shares little): deleted while the search index is refreshed.
            stale_spare = spare.rename(staging.with_name(staging.name + "-stale"))
        scans_file = staging / "scans.pickle"  # hub_elder's scans of the pages it saw written
        # The link check's memo (~0.4 s to unpickle at 10,000 stories) is read while Pelican runs:
        # this process only waits for it then.
        memo_loading = ThreadPoolExecutor(1)
        memo_ready = memo_loading.submit(ScanMemo, cache / "linkscan.pickle" if cache else None)
        memo_loading.shutdown(wait=False)
        try:
            render(settings, new, content, {**env, "HUB_SCANS": str(scans_file)}, warm)
        finally:
            if preparation is not None:
                kept = preparation.result()
        spares.prune(new, kept.emptied)
        elder = read_scans(scans_file)
        shared = f"; {len(kept.pages)} pages shared with the live site at the start" if preparation else ""
        lap("render", f"长辈版 {elder.get('written', 0)} written, {elder.get('kept', 0)} kept{shared}")
        memo = memo_ready.result()
        memo.adopt(elder.get("scans", {}))
        verify(new, memo)
        lap("verify", f"{memo.parsed} pages parsed")
        if target.is_dir():
            spares.carry(target, new, kept.bundle)
        old = swap_into_place(new, target, on_live, spare if cache else None)
        memo.save()  # once the pages are live: only a passed check is kept, and readers need not wait for it
        lap("swap")
    finally:
        if cache and new.is_dir() and not spare.exists():
            new.rename(spare)  # a failed build's half-updated tree is still a good start (prepare trusts inodes only)
        shutil.rmtree(staging, ignore_errors=True)
    # Deleting the old tree is file-system work; the search index is Pagefind's CPU work: overlap them.
    doomed = [p for p in (old, stale_spare) if p is not None]
    cleanup = threading.Thread(target=lambda: [shutil.rmtree(p, ignore_errors=True) for p in doomed]) if doomed else None
    if cleanup:
        cleanup.start()
    try:
        index_search(target, log)
    finally:
        if cleanup:
            cleanup.join()
    return target


def print_timing(phase: str, seconds: float, detail: str = "") -> None:
    print(f"{phase:8} {seconds:7.2f} s" + (f"  ({detail})" if detail else ""), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the site into OUTPUT atomically.")
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--content", default=None)
    parser.add_argument("--cache", default=None, help="folder for the content cache and incremental state")
    parser.add_argument("--timings", action="store_true", help="print how long each step took")
    args = parser.parse_args(argv)
    env = {}
    if progress_wanted(os.environ, sys.stderr.isatty()):
        env["HUB_PROGRESS"] = "1"  # hub_progress draws on the terminal itself: Pelican's output is captured
    try:
        # For the bench (HUB_REPORT_LIVE=1): when the new site went live, on the system-wide monotonic clock.
        report = os.environ.get("HUB_REPORT_LIVE") == "1"
        out = build(Path(args.settings), Path(args.output), Path(args.content) if args.content else None, env,
                    on_live=(lambda: print(f"live at {time.monotonic():.3f}", flush=True)) if report else None,
                    cache=Path(args.cache).resolve() if args.cache else None,
                    log=print_timing if args.timings else None)
    except SearchRefreshError as exc:
        print(exc, file=sys.stderr)
        print("网页已更新，但搜索索引未能更新：搜索仍使用上一次的索引。", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(exc, file=sys.stderr)
        print("构建失败：上一次成功的网站保持不变。", file=sys.stderr)
        return 1
    print(f"built {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
