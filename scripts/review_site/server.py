"""Serve a built site on 127.0.0.1 in-process, the way a static host does.

Used by the browser tests and the benchmark: an ephemeral port (no clash with a stale server
left by a crashed run), directory URLs served from ``index.html``, and unknown paths answered
with the site's ``404.html`` and status 404, as GitHub Pages does.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder; the site's own 404 page for unknown paths."""

    def send_error(self, code, message=None, explain=None):  # noqa: D102 - http.server API
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass


#: The handler :func:`serve` uses; a caller may pass a subclass (the benchmark's gzip and log).
SiteHandler = _SiteHandler


@contextlib.contextmanager
def serve(site: Path, handler_class: type[SimpleHTTPRequestHandler] = SiteHandler):
    """Serve the folder ``site`` until the ``with`` block ends.

    Args:
        site: a built site (the folder holding ``index.html`` and ``404.html``).
        handler_class: the request handler, :data:`SiteHandler` or a subclass; it is given
            ``directory=site``.

    Yields:
        The base URL as ``str``, e.g. ``"http://127.0.0.1:41327/"`` (port chosen by the OS).

    Raises:
        FileNotFoundError: ``site`` has no ``index.html``.
    """
    site = Path(site)
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html: not a built site")
    handler = functools.partial(handler_class, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
