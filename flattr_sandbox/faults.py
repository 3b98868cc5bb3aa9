"""Injected faults for reliability tests: 5xx answers, dropped connections and latency.

With ``fail_rate`` F each non-admin request fails with probability F, as one of the kinds below
picked at random. Tests that need determinism queue exact faults instead
(``SandboxServer.inject_faults("drop", "500")`` or ``POST /_sandbox/faults``): queued faults hit
the next requests in order, whatever the rate.

- ``500``: the API's ``server_error`` JSON body (saying the fault was injected).
- ``503``: an HTML page, as a proxy in front of the API would answer (clients must cope with
  non-JSON error bodies).
- ``drop``: the TCP connection is reset without any answer.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Iterable

from flask import Response, request

from .errors import ApiError
from .limits import MAX_QUEUED_FAULTS

KINDS = ("500", "503", "drop")
PROXY_PAGE = (
    "<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
    "<center><h1>503 Service Temporarily Unavailable</h1></center><hr>"
    "<center>nginx</center></body></html>"
)


class Faults:
    """Decides which requests fail; thread-safe."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._queue: deque[str] = deque()
        self._random = random.Random(seed)

    def inject(self, kinds: Iterable[str]) -> None:
        kinds = list(kinds)
        unknown = [kind for kind in kinds if not isinstance(kind, str) or kind not in KINDS]
        if unknown:
            shown = repr(unknown) if len(repr(unknown)) <= 100 else repr(unknown)[:97] + "..."
            raise ValueError(f"Unknown fault kind(s) {shown}; use {', '.join(KINDS)}")
        with self._lock:
            if len(self._queue) + len(kinds) > MAX_QUEUED_FAULTS:
                raise ValueError(
                    f"At most {MAX_QUEUED_FAULTS} faults can wait at once; "
                    f"{len(self._queue)} are queued, {len(kinds)} more were asked for"
                )
            self._queue.extend(kinds)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()

    def pending(self) -> list[str]:
        with self._lock:
            return list(self._queue)

    def next(self, fail_rate: float) -> str | None:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            if fail_rate > 0 and self._random.random() < fail_rate:
                return self._random.choice(KINDS)
        return None


def respond(kind: str) -> Response:
    """The answer (or non-answer) for one fault."""
    if kind == "drop":
        if "werkzeug.socket" in request.environ:
            # The sandbox's HTTP handler resets the connection instead of answering.
            request.environ["flattr_sandbox.drop"] = True
            return Response(b"", status=500)
        kind = "500"  # no socket (Flask test client): the closest thing is a 500
    if kind == "503":
        return Response(PROXY_PAGE, status=503, content_type="text/html")
    # No "we have been notified": nothing is logged for a fault a test asked for.
    return ApiError(
        500, "server_error", "Something went wrong (a fault injected by the sandbox)"
    ).response()
