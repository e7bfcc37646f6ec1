"""Speed and safety rules checked on every HTML page of the built site, not a sample."""

from __future__ import annotations

import gzip
import itertools
import re
import statistics
from pathlib import Path

from bs4 import BeautifulSoup

BUDGET = 14 * 1024  # one TCP round trip (10 packets of ~1.4 KB): the page can render from the first flight
JS_BUDGET = 3 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def pages(site) -> list[tuple[str, BeautifulSoup, bytes]]:
    out = []
    for path in site.html_pages():
        if "pagefind" in path.relative_to(site.root).parts:
            continue
        data = path.read_bytes()
        out.append((path.relative_to(site.root).as_posix(), BeautifulSoup(data, "html.parser"), data))
    return out


def stylesheet(site, rel: str, soup) -> bytes:
    href = soup.select_one('link[rel="stylesheet"]')["href"]
    if "://" in href:  # the 404 page links absolutely: hosts serve it at any depth
        return (site.root / href.split("/", 3)[3]).read_bytes()
    return (site.root / Path(rel).parent / href).resolve().read_bytes()


def test_every_page_fits_one_round_trip(site):
    sizes = {rel: gz(data) + gz(stylesheet(site, rel, soup)) for rel, soup, data in pages(site)}
    over = {rel: size for rel, size in sizes.items() if size >= BUDGET}
    assert not over, f"HTML+CSS over {BUDGET} bytes gzipped: {over}"
    assert len(sizes) > 40  # the elder mirror doubles the pages; a broken glob must not pass
    print(f"HTML+CSS gzipped over {len(sizes)} pages: max {max(sizes.values())}, median {statistics.median(sizes.values())}")


def test_scripts_are_deferred_small_and_external(site):
    for rel, soup, _ in pages(site):
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # data, not code: CSP does not run it
            assert script.get("src"), f"{rel}: inline script (the CSP forbids it)"
            assert script.has_attr("defer") or script.get("type") == "module", f"{rel}: render-blocking {script['src']}"
    for js in (site.root / "theme" / "js").glob("*.js"):
        assert gz(js.read_bytes()) < JS_BUDGET, js.name
        assert re.fullmatch(r"[a-z]+\.[0-9a-f]{10}\.js", js.name), f"{js.name} is not fingerprinted"


def test_no_inline_styles(site):
    for rel, soup, _ in pages(site):
        assert not soup.find("style"), rel
        assert not soup.select("[style]"), f"{rel}: style attribute (the CSP's style-src 'self' blocks it)"


def test_content_security_policy_comes_first(site):
    for rel, soup, _ in pages(site):
        head = [el for el in soup.head.children if getattr(el, "name", None)]
        assert head[0].get("charset") == "utf-8", rel
        csp = head[1]
        assert csp.get("http-equiv") == "Content-Security-Policy", f"{rel}: CSP must precede every resource"
        policy = dict(d.strip().split(" ", 1) for d in csp["content"].split(";"))
        own = "'self'" if rel != "404.html" else "'self' http://127.0.0.1:8000"  # 404: absolute links
        assert policy["default-src"] == own and policy["style-src"] == own and policy["object-src"] == "'none'"
        assert "unsafe-inline" not in csp["content"] and "'unsafe-eval'" not in csp["content"]
        wasm = "'wasm-unsafe-eval'" in policy["script-src"]
        assert wasm == rel.endswith("search/index.html"), f"{rel}: only the search page may compile WebAssembly"


def test_headings_in_order_everywhere(site):
    for rel, soup, _ in pages(site):
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1 and levels.count(1) == 1, (rel, levels)
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (rel, levels)


def test_fingerprinted_assets_and_cache_headers(site):
    headers = (site.root / "_headers").read_text(encoding="utf-8")
    for folder in ("css", "js"):  # fingerprinted only: theme/favicon.svg keeps its name
        assert re.search(rf"^/theme/{folder}/\*\n\s+Cache-Control: public, max-age=31536000, immutable$", headers, re.M)
    css = list((site.root / "theme" / "css").glob("*.css"))
    assert len(css) == 1 and re.fullmatch(r"site\.[0-9a-f]{10}\.css", css[0].name)
