"""A quiet static file server on a free loopback port, for serving built sites to the browser."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def start_static_server(directory: Path) -> tuple[str, Callable[[], None]]:
    """Serve ``directory`` (it may not exist yet: files are read per request); the base URL
    (``http://127.0.0.1:PORT``) and a function that stops the server."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A short poll: stopping waits for the loop to notice, up to one interval (0.5 s by default).
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", stop
