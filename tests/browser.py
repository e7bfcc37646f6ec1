"""Drive the real Debian Chromium (headless) over a locally served site; run axe-core in pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


@dataclass
class Traffic:
    """What a page asked for and complained about, for assertions."""

    hosts: set[str] = field(default_factory=set)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@contextmanager
def served(root: Path) -> Iterator[str]:
    from hubtools.serve import make_server

    server = make_server(root, 0)  # the folder may be built after the server starts
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser_page(viewport=PHONE, javascript: bool = True) -> Iterator[tuple[Page, Traffic]]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript, locale="zh-CN",
                                      device_scale_factor=2, is_mobile=True, has_touch=True)
        page = context.new_page()
        traffic = Traffic()
        page.on("request", lambda r: traffic.hosts.add(urlparse(r.url).hostname or urlparse(r.url).scheme))
        page.on("console", lambda m: m.type == "error" and traffic.console_errors.append(m.text))
        page.on("pageerror", lambda e: traffic.page_errors.append(str(e)))
        try:
            yield page, traffic
        finally:
            context.close()
            browser.close()


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations for the current page (WCAG 2.0–2.2 A/AA and best practices)."""
    # Evaluated over the DevTools protocol, not as an inline <script>: the page's CSP refuses those.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations"""
    )
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]} for v in result]
