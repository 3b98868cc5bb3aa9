"""A cheap HTTP/1.1 load generator: a few keep-alive sockets, precomputed requests, one loop.

A ``requests.Session`` costs about a millisecond of client CPU per request, more than the server
it measures; this generator costs a few tens of microseconds, so the server is what is measured.
Each connection has exactly one request in flight (no pipelining): when its answer is complete,
the next request goes out on it. Answers are framed by ``Content-Length`` (the sandbox's
handler always sends one on keep-alive connections).
"""

from __future__ import annotations

import selectors
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

#: Builds the bytes of request number ``n`` (a GET can ignore ``n``; a create needs unique data).
RequestMaker = Callable[[int], bytes]


@dataclass
class LoadResult:
    requests: int
    seconds: float
    statuses: Counter[int]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def get_request(host: str, path: str, headers: dict[str, str] | None = None) -> RequestMaker:
    """The same GET every time."""
    data = _head("GET", path, host, headers or {}) + b"\r\n"
    return lambda _n: data


def json_post_request(
    host: str, path: str, body: Callable[[int], bytes], headers: dict[str, str] | None = None
) -> RequestMaker:
    """A POST of ``body(n)`` as JSON."""

    def make(n: int) -> bytes:
        payload = body(n)
        extra = {
            **(headers or {}),
            "Content-Type": "application/json",
            "Content-Length": str(len(payload)),
        }
        return _head("POST", path, host, extra) + b"\r\n" + payload

    return make


def _head(method: str, path: str, host: str, headers: dict[str, str]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Accept: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def run(
    address: tuple[str, int], make: RequestMaker, total: int, connections: int = 4, first: int = 0
) -> LoadResult:
    """Send ``total`` requests (numbered from ``first``) over ``connections`` sockets."""
    requests = [make(first + n) for n in range(total)]  # built before the clock starts
    selector = selectors.DefaultSelector()
    buffers: dict[socket.socket, bytearray] = {}
    statuses: Counter[int] = Counter()
    sent = done = 0
    started = time.perf_counter()
    for _ in range(min(connections, total)):
        sock = socket.create_connection(address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffers[sock] = bytearray()
        sock.sendall(requests[sent])
        sent += 1
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    try:
        while done < total:
            events = selector.select(timeout=30)
            if not events:
                raise TimeoutError(f"no answer for 30 s after {done} answers")
            for key, _ in events:
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                data = sock.recv(65536)
                if not data:
                    raise ConnectionError(f"the server closed a connection after {done} answers")
                buffer = buffers[sock]
                buffer += data
                while (answer := _answer_length(buffer)) is not None:
                    statuses[int(buffer[9:12])] += 1
                    del buffer[:answer]
                    done += 1
                    if sent < total:
                        sock.setblocking(True)
                        sock.sendall(requests[sent])
                        sock.setblocking(False)
                        sent += 1
    finally:
        seconds = time.perf_counter() - started
        selector.close()
        for sock in buffers:
            sock.close()
    return LoadResult(done, seconds, statuses)


def _answer_length(buffer: bytearray) -> int | None:
    """Bytes of the first complete answer in ``buffer``, or None while it is incomplete."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    # The trailing CRLF lets the last header line be found like the others.
    head = bytes(buffer[: head_end + 2]).lower()
    at = head.find(b"\r\ncontent-length:")
    length = int(head[at + 17 : head.index(b"\r\n", at + 2)]) if at >= 0 else 0
    end = head_end + 4 + length
    return end if len(buffer) >= end else None
