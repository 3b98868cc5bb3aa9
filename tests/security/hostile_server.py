"""A tiny raw-socket HTTP server on loopback that misbehaves on purpose, for the client's tests.

``HostileServer(behaviour)`` listens on 127.0.0.1 on a free port; for each connection it reads
the request head (and a form body when Content-Length says there is one), then hands the socket
and the request to ``behaviour(sock, request)``, which writes whatever hostile answer the test
needs: dripping bytes, endless or huge bodies, gzip bombs, echoed headers, absurd rate-limit
headers. ``stop`` closes everything, so a test never waits on the server longer than it chose to.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    """What the client sent: the request line and the headers (lower-cased names)."""

    line: str
    headers: dict[str, str] = field(default_factory=dict)


Behaviour = Callable[[socket.socket, Request], None]


def head(status: str = "200 OK", **headers: str | int) -> bytes:
    """A response head; ``Content_Type="x"`` becomes ``Content-Type: x``.

    ``Connection: close`` unless told otherwise: the server answers one request per connection.
    """
    headers.setdefault("Connection", "close")
    lines = [f"HTTP/1.1 {status}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def gzip_bomb(decompressed_mib: int) -> bytes:
    """A gzip stream of ``decompressed_mib`` MiB of zeros, about 1 KiB per MiB on the wire.

    One compressed MiB, repeated: a gzip stream may hold many members, read one after another.
    """
    return gzip.compress(bytes(1024 * 1024), 9) * decompressed_mib


class HostileServer:
    """Serves ``behaviour`` to every connection until ``stop``."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[Request] = []
        self._stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._accepter.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}/rest/v2"

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def pause(self, seconds: float) -> bool:
        """Sleep unless stopped; False once the server is stopping (behaviours then return)."""
        return not self._stopped.wait(seconds)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                continue
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = self._read_request(conn)
                if request is not None:
                    self.requests.append(request)
                    self.behaviour(conn, request)
            except OSError:
                pass  # the client gave up and closed the connection: that is the point

    @staticmethod
    def _read_request(conn: socket.socket) -> Request | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head_bytes, _, rest = data.partition(b"\r\n\r\n")
        line, *header_lines = head_bytes.decode("latin-1").split("\r\n")
        headers = {}
        for header in header_lines:
            name, _, value = header.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return Request(line, headers)

    def stop(self) -> None:
        self._stopped.set()
        self._listener.close()
        self._accepter.join(timeout=2)
        for worker in self._threads:
            worker.join(timeout=2)


def elapsed(since: float) -> float:
    return time.monotonic() - since
