"""`invoke validate`: the built site's markup through the Nu Html Checker, and its links through linkcheck.

vnu.jar comes from the npm package ``vnu-jar`` (package-lock.json) and runs on
the machine's Java (``./dev`` installs Debian's default-jre-headless when it is
missing); nothing is downloaded at run time. Errors are printed as
``page:line:column: message`` and make the exit status 1; warnings are not errors.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from hubtools.linkcheck import check_site

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class ValidatorMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class HtmlError:
    page: str
    line: int | None
    column: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line or 0}:{self.column or 0}: {self.message} [{self.extract.strip()[:60]}]"


def vnu_errors(root: Path, jar: Path = VNU_JAR, java: str | None = None) -> list[HtmlError]:
    """Every Nu Html Checker error in the HTML files under ``root``."""
    java = java or shutil.which("java")
    if not java:
        raise ValidatorMissing("java is not installed: run ./dev setup (it installs default-jre-headless)")
    if not jar.is_file():
        raise ValidatorMissing(f"{jar} is missing: run `npm ci` (./dev setup does)")
    proc = subprocess.run([java, "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
                           str(root)], capture_output=True, text=True, check=False, timeout=600)
    try:
        messages = json.loads(proc.stderr or proc.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise ValidatorMissing(f"vnu.jar did not answer in JSON (exit {proc.returncode}): {proc.stderr[:500]}") from None
    return [HtmlError(_page(m.get("url", ""), root), m.get("lastLine"), m.get("firstColumn"),
                      m.get("message", ""), m.get("extract", ""))
            for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def _page(url: str, root: Path) -> str:
    """vnu names files ``file:/abs/path``; show them relative to the site like linkcheck does."""
    path = Path(unquote("/" + url.removeprefix("file:").lstrip("/")))
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the built site's HTML and links.")
    parser.add_argument("root", nargs="?", default=str(ROOT / "output"))
    parser.add_argument("--siteurl", default=None, help="absolute URLs starting with this are checked as internal")
    args = parser.parse_args(argv)
    root = Path(args.root)
    report = check_site(root, args.siteurl)
    for broken in report.broken:
        print(broken, file=sys.stderr)
    print(f"链接检查：{report.pages} 个页面，{report.links} 个链接，{len(report.broken)} 个失效。")
    try:
        errors = vnu_errors(root)
    except ValidatorMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    for error in errors:
        print(error, file=sys.stderr)
    print(f"HTML 校验（Nu Html Checker）：{len(errors)} 个错误。")
    return 1 if errors or report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
