"""A werkzeug request handler with HTTP/1.1 keep-alive and without access-log lines.

werkzeug's development handler closes every connection ("Connection: close") and, after each
response, drains whatever the client has already sent, which would swallow a keep-alive
client's next request. The sandbox's answers are small, so this handler reads each request
body fully up front (up to ``BUFFER_LIMIT``), runs the app, sends the whole answer with a
``Content-Length`` and keeps the connection open for the next request. Requests it cannot
frame safely (chunked bodies, huge bodies) get their answer and a closed connection.

It also enforces the HTTP-level limits of :mod:`.limits` before any app code runs: a request
line over ``MAX_REQUEST_LINE`` answers 414, a header line over ``MAX_HEADER_LINE``, more than
``MAX_HEADERS`` headers or more than ``MAX_HEADER_BYTES`` of them answer 431, a malformed request
line, method, header or ``Content-Length`` answers 400, each with the API's JSON error body and
``Connection: close``; the thread then serves other connections as before.

A fault of kind ``drop`` (see :mod:`.faults`) is honoured here: the connection is reset
without any answer.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import socket
import struct
import time
from email.utils import formatdate
from http import HTTPStatus
from typing import Any

from werkzeug.serving import WSGIRequestHandler

from . import requesthead
from .errors import JSON_TYPE, ApiError
from .limits import MAX_HEADER_BYTES, MAX_HEADER_LINE, MAX_HEADERS, MAX_REQUEST_LINE

BUFFER_LIMIT = 1024 * 1024
DROP_KEY = "flattr_sandbox.drop"
IDLE_TIMEOUT_SECONDS = 120
log = logging.getLogger("flattr_sandbox")
#: An HTTP method is a token (RFC 9110 §5.6.2); anything else is no request.
_METHOD = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}")
_LENGTH = re.compile(r"[0-9]{1,18}")
#: ``Name:`` at the start of every header line (no folded continuation lines, RFC 9112 §5.2).
_HEADER = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+:")
#: After refusing a request, read what the client still sends for this long (so closing the
#: socket does not reset the connection before the client has read the answer).
DRAIN_SECONDS = 0.5
DRAIN_BYTES = 4 * 1024 * 1024
_date = (0, "")  # (second, its Date header text)


def read_head(rfile: io.BufferedIOBase) -> tuple[bytes, tuple[int, str] | None]:
    """The header block after the request line, read within the limits of :mod:`.limits`.

    ``(bytes read, None)``, or ``(bytes read so far, (status, reason))`` at the first limit
    crossed; the caller answers and closes the connection.
    """
    lines: list[bytes] = []
    total = 0
    while True:
        line = rfile.readline(MAX_HEADER_LINE + 1)
        if len(line) > MAX_HEADER_LINE:
            return b"", (431, f"A header line is longer than {MAX_HEADER_LINE} bytes")
        lines.append(line)
        if line in (b"\r\n", b"\n", b""):
            return b"".join(lines), None
        total += len(line)
        if not _HEADER.match(line):
            return b"", (400, "Malformed header line: expected Name: value")
        if len(lines) > MAX_HEADERS:
            return b"", (431, f"More than {MAX_HEADERS} header lines")
        if total > MAX_HEADER_BYTES:
            return b"", (431, f"The headers are larger than {MAX_HEADER_BYTES} bytes")


def http_date() -> str:
    """The ``Date`` header's value, formatted once a second rather than once a request."""
    global _date
    now = int(time.time())
    if _date[0] != now:
        _date = (now, formatdate(now, usegmt=True))
    return _date[1]


def connections(server: object) -> set[socket.socket]:
    """The server's open client connections (kept so that stopping can close idle ones)."""
    found: set[socket.socket] | None = getattr(server, "flattr_sandbox_connections", None)
    if found is None:
        found = set()
        setattr(server, "flattr_sandbox_connections", found)  # noqa: B010 - not our class
    return found


def close_connections(server: object) -> None:
    """Shut down every open keep-alive connection, so their threads end now."""
    for connection in list(connections(server)):
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)


class KeepAliveHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT_SECONDS  # idle keep-alive connections give their thread back

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connections(self.server).add(self.connection)

    def finish(self) -> None:
        connections(self.server).discard(self.connection)
        super().finish()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None  # no access log: benchmarks and terminals stay quiet

    def log_error(self, format: str, *args: Any) -> None:
        return None  # refused requests answer the client; nothing for the terminal

    def handle_one_request(self) -> None:
        """One request, as :class:`http.server.BaseHTTPRequestHandler` reads it, but within
        the limits of :mod:`.limits` and with JSON error answers."""
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self._refuse(414, f"The request line is longer than {MAX_REQUEST_LINE} bytes")
                return
            head, problem = read_head(self.rfile)
            if problem is not None:
                self._refuse(*problem)
                return
            real, self.rfile = self.rfile, io.BytesIO(head)
            try:
                parsed = self.parse_request()
            finally:
                self.rfile = real
            if not parsed:
                self._drain()
                return
            if self.request_version == "HTTP/0.9" or not _METHOD.fullmatch(self.command):
                self._refuse(400, "Malformed request line: send METHOD /path HTTP/1.1")
                return
            length = self.headers.get("Content-Length")
            if length is not None and not _LENGTH.fullmatch(length.strip()):
                self._refuse(400, "Content-Length must be a whole number of bytes")
                return
            self.run_wsgi()
            self.wfile.flush()
        except TimeoutError:
            self.close_connection = True

    def _refuse(self, code: int, reason: str) -> None:
        # What parse_request would have set: the answer is HTTP/1.1 whatever was sent.
        self.command, self.requestline, self.request_version = "", "", "HTTP/1.1"
        self.send_error(code, reason)
        self._drain()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Every HTTP-level refusal as the API's JSON error body, then close."""
        self.close_connection = True
        status = HTTPStatus(code)
        text = (message or status.phrase)[:200]
        body = ApiError(code, "invalid_request", f"Bad request ({code}): {text}").response()
        data = body.get_data()
        if not getattr(self, "request_version", None) or self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.1"
        try:
            self.send_response(code, status.phrase)
            self.send_header("Content-Type", JSON_TYPE)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self._headers_buffer.append(b"\r\n")
            if self.command != "HEAD":
                self._headers_buffer.append(data)
            self.flush_headers()
        except OSError:
            pass  # the client is gone

    def _drain(self) -> None:
        """Read (and drop) what the client still sends, briefly, before the socket closes."""
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(DRAIN_SECONDS)
            deadline = time.monotonic() + DRAIN_SECONDS
            read = 0
            while read < DRAIN_BYTES and time.monotonic() < deadline:
                chunk = self.connection.recv(65536)
                if not chunk:
                    break
                read += len(chunk)

    def run_wsgi(self) -> None:
        if self.headers.get("Expect", "").strip().lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.environ = self.make_environ()
        keep_alive = not self.close_connection and self.request_version == "HTTP/1.1"
        if environ.get("wsgi.input_terminated"):
            keep_alive = False  # chunked request body: let werkzeug's reader deal with it
        else:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length, keep_alive = 0, False
            if 0 <= length <= BUFFER_LIMIT:
                environ["wsgi.input"] = io.BytesIO(self.rfile.read(length) if length else b"")
            else:
                keep_alive = False
        answer: dict[str, Any] = {}

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            answer["status"], answer["headers"] = status, headers
            return lambda data: answer.setdefault("early", []).append(data)

        try:
            result = self.server.app(environ, start_response)
            try:
                body = b"".join([*answer.get("early", []), *result])
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        except Exception:
            log.exception("sandbox bug while answering %s %s", self.command, self.path)
            error = ApiError(500, "server_error", "Something went wrong, we have been notified")
            response = error.response()
            answer = {"status": response.status, "headers": list(response.headers.items())}
            body = response.get_data()
        if environ.get(DROP_KEY):
            self._drop()
            return
        self._send(answer["status"], answer["headers"], body, keep_alive)

    def _send(
        self, status: str, headers: list[tuple[str, str]], body: bytes, keep_alive: bool
    ) -> None:
        code = int(status[:3])
        # The status line and headers are built here in one go rather than through
        # send_response()/send_header(), which cost a call, a format and an encode per line.
        lines = [
            f"{self.protocol_version} {status}",
            f"Server: {self.version_string()}",
            f"Date: {http_date()}",
        ]
        names = set()
        for name, value in headers:
            lower = name.lower()
            if lower != "connection":
                names.add(lower)
                lines.append(f"{name}: {value}")
        if "content-length" not in names and code not in (204, 304) and code >= 200:
            lines.append(f"Content-Length: {len(body)}")
        if not keep_alive:
            lines.append("Connection: close")
        lines.append("\r\n")
        head = "\r\n".join(lines).encode("latin-1")
        if self.request_version == "HTTP/0.9":
            head = b""  # no status line nor headers in HTTP/0.9
        # Headers and body in one write: two small writes would meet Nagle's algorithm
        # and delayed ACKs (a 40 ms stall per keep-alive request).
        data = head + body if body and self.command != "HEAD" else head
        try:
            self.wfile.write(data)
        except (TimeoutError, ConnectionError) as error:
            self.connection_dropped(error, self.environ)
            self.close_connection = True
        if not keep_alive:
            self.close_connection = True

    def parse_request(self) -> bool:
        # As the standard library's, without the email package's parser.
        return requesthead.parse_request(self, self.raw_requestline)

    def _drop(self) -> None:
        """Reset the connection (RST, no answer), as a crashed upstream would."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
