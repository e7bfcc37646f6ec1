"""Serve a built site on 127.0.0.1 (not 0.0.0.0: a preview, not a public server)."""

from __future__ import annotations

import argparse
import contextlib
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8",
                      ".xml": "application/xml; charset=utf-8", ".html": "text/html; charset=utf-8",
                      ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.exists():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def make_server(root: Path, port: int, host: str = "127.0.0.1", verbose: bool = False) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), functools.partial(Handler, directory=str(root)))
    server.verbose = verbose  # tests serve quietly; `invoke serve` shows each request
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the built site.")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1] / "output"))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = make_server(Path(args.root), args.port, verbose=True)
    print(f"网站预览：http://127.0.0.1:{args.port}/  （Ctrl+C 停止）", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
