"""The browser half of ``flattr login``: a one-shot callback server and the paste fallback.

The authorize page redirects the browser to ``http://127.0.0.1:<port>/callback?code=...&state=...``.
:class:`CallbackServer` listens there (loopback only, a free port picked by the OS), in a
background thread, because opening the browser may block until the browser command exits, and
a browser that follows the redirect needs an answer meanwhile. The first request to the
callback path ends the wait; anything else (a favicon, a scanner) gets a 404 and is ignored.

With ``--no-browser`` nothing listens: the user opens the URL anywhere, and pastes the address
the browser was sent to (the page itself fails to load, the code is in the address bar), or just
the code. :func:`parse_redirect` reads both.
"""

from __future__ import annotations

import html
import socket
import socketserver
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

CALLBACK_PATH = "/callback"
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Redirect:
    """What came back from the authorize page: a code (and the echoed state), or an error."""

    code: str | None = None
    state: str | None = None
    error: str | None = None
    error_description: str | None = None

    def __repr__(self) -> str:
        # The code is short-lived but still a credential until exchanged: keep it out of reprs.
        shown = "<hidden>" if self.code else None
        return f"Redirect(code={shown}, state={self.state!r}, error={self.error!r})"


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0].strip() if values and values[0].strip() else None


def redirect_from_query(query_string: str) -> Redirect:
    query = parse_qs(query_string, keep_blank_values=True)
    return Redirect(
        code=_first(query, "code"),
        state=_first(query, "state"),
        error=_first(query, "error"),
        error_description=_first(query, "error_description"),
    )


def parse_redirect(pasted: str) -> Redirect:
    """A pasted redirect address (``http://127.0.0.1:.../callback?code=...``) or a bare code."""
    pasted = pasted.strip()
    if not pasted:
        return Redirect()
    if "://" in pasted or pasted.startswith("?") or "code=" in pasted or "error=" in pasted:
        parts = urlsplit(pasted)
        query = parts.query if "://" in pasted else pasted.lstrip("?")
        return redirect_from_query(query)
    if any(ch.isspace() for ch in pasted):
        return Redirect()  # not a code: codes are one token
    return Redirect(code=pasted)


def free_port(host: str = LOOPBACK) -> int:
    """A port nothing listens on right now (for the paste flow's redirect address)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>flattr login</title></head>
<body style="font-family: sans-serif; margin: 3em;"><h1>{title}</h1><p>{body}</p></body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    server: _OneShotHTTPServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != CALLBACK_PATH:
            self._answer(404, "Not found", "This address only receives the login redirect.")
            return
        redirect = redirect_from_query(parts.query)
        first = self.server.deliver(redirect)
        if not first:
            self._answer(200, "Already done", "This login has finished; you can close this tab.")
        elif redirect.error:
            detail = redirect.error_description or redirect.error
            self._answer(
                200, "Login not approved", f"{detail}. Return to the terminal for what to do."
            )
        elif self.server.expected_state and redirect.state != self.server.expected_state:
            self._answer(400, "Login refused", "The answer did not match this login attempt.")
        else:
            # Not "logged in" yet: the code exchange still happens in the terminal and may fail.
            self._answer(
                200, "Access approved", "Return to the terminal, which finishes the login there."
            )

    def _answer(self, status: int, title: str, body: str) -> None:
        page = _PAGE.format(title=html.escape(title), body=html.escape(body)).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: object) -> None:
        # The default logs every request line, code included, to stderr: stay silent.
        return


class _OneShotHTTPServer(HTTPServer):
    def __init__(self, address: tuple[str, int], expected_state: str | None) -> None:
        super().__init__(address, _Handler)
        self.expected_state = expected_state
        self.result: Redirect | None = None
        self.arrived = threading.Event()
        self._lock = threading.Lock()

    def server_bind(self) -> None:
        # HTTPServer.server_bind also resolves the host's FQDN, which can stall on a machine
        # with slow DNS; the loopback name is all a one-shot callback needs.
        socketserver.TCPServer.server_bind(self)
        self.server_name = LOOPBACK
        self.server_port = int(self.server_address[1])

    def deliver(self, redirect: Redirect) -> bool:
        """Keep the first callback; True when this was it."""
        with self._lock:
            if self.arrived.is_set():
                return False
            self.result = redirect
            self.arrived.set()
            return True


class CallbackServer:
    """Receives one OAuth redirect on 127.0.0.1; use as a context manager.

    >>> with CallbackServer() as server:            # doctest: +SKIP
    ...     open_browser(authorize_url(server.redirect_uri))
    ...     redirect = server.wait(timeout=300)     # None when nobody came back in time
    """

    def __init__(self, host: str = LOOPBACK, port: int = 0) -> None:
        self._httpd = _OneShotHTTPServer((host, port), expected_state=None)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="flattr-login-callback",
            daemon=True,
        )
        self._started = False

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def redirect_uri(self) -> str:
        return f"http://{LOOPBACK}:{self.port}{CALLBACK_PATH}"

    def expect_state(self, state: str | None) -> None:
        """The state sent to the authorize page, so the browser page can show a mismatch."""
        self._httpd.expected_state = state

    def start(self) -> CallbackServer:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def wait(self, timeout: float) -> Redirect | None:
        """The first callback, or None after ``timeout`` seconds."""
        if self._httpd.arrived.wait(timeout):
            return self._httpd.result
        return None

    def close(self) -> None:
        if self._started:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> CallbackServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
