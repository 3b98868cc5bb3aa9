"""Helpers for the hostile-input tests: raw HTTP over a socket, the admin header name.

``raw_exchange`` speaks bytes to the sandbox's port, for what ``requests`` refuses to send
(garbage request lines, oversized headers). (``browser_form``, which reads a page's form as a
browser would, is in ``sandbox_helpers``: the sandbox's own tests post forms too.)
"""

from __future__ import annotations

import contextlib
import json
import socket
from typing import Any

ADMIN_HEADER = "X-Sandbox-Admin-Token"


class RawAnswer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)


def raw_exchange(sandbox: Any, data: bytes, timeout: float = 10) -> RawAnswer:
    """Send ``data`` as is, read the answer until the server closes or the body is complete."""
    with socket.create_connection((sandbox.host, sandbox.port), timeout=timeout) as sock:
        # The server may answer and close before reading everything we send.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return RawAnswer(status, headers, body)
