"""A total deadline per request, however slowly a server drips its answer.

requests' timeouts bound each read from the socket, not the whole answer: a server sending one
byte of its headers or body every few seconds never trips them. Here one daemon thread (the
watchdog) keeps the deadlines of the requests in flight and shuts down the socket of any request
that overruns, which ends the blocked read at once; the transport then reports the deadline.

How a socket becomes known: the connections of the sessions the transport creates
(:mod:`flattr_core._adapter`) hand their socket to :func:`attach` when they wait for the answer,
which arms the deadline the calling thread opened with :func:`watch`. A session passed in by a
caller keeps its own adapters; there the transport checks the deadline between body chunks only.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["Watch", "attach", "watch"]


class Watch:
    """One request's deadline (``time.monotonic()`` seconds) and the socket it waits on."""

    __slots__ = ("deadline", "expired", "sock")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sock: socket.socket | None = None
        #: True once the watchdog cut the connection because the deadline passed.
        self.expired = False

    def overdue(self) -> bool:
        return self.expired or time.monotonic() >= self.deadline


class _Watchdog:
    """The thread that cuts overdue connections; it sleeps until the earliest deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._order = itertools.count()
        self._wake_at = float("inf")
        self._thread: threading.Thread | None = None

    def arm(self, watch: Watch, sock: socket.socket) -> None:
        with self._cond:
            watch.sock = sock
            heapq.heappush(self._heap, (watch.deadline, next(self._order), watch))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="flattr-deadlines", daemon=True
                )
                self._thread.start()
            # Wake the thread only when it sleeps past this deadline: with requests in sequence
            # each new deadline is later than the one it sleeps towards, so it stays asleep.
            if watch.deadline < self._wake_at:
                self._cond.notify()

    def disarm(self, watch: Watch) -> None:
        with self._cond:
            watch.sock = None  # the entry stays in the heap, inert, until its time comes

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                while self._heap and (self._heap[0][0] <= now or self._heap[0][2].sock is None):
                    _, _, watch = heapq.heappop(self._heap)
                    if watch.sock is not None:
                        watch.expired = True
                        _cut(watch.sock)
                        watch.sock = None
                self._wake_at = self._heap[0][0] if self._heap else float("inf")
                self._cond.wait(None if not self._heap else max(0.0, self._wake_at - now))


def _cut(sock: socket.socket) -> None:
    # shutdown, not close: the blocked recv returns at once. OSError: already closed.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()
_current = threading.local()


def _after_fork_in_child() -> None:
    # A forked child has none of the parent's threads, and the lock may have been held: start
    # over with an idle watchdog (its thread starts with the child's first request).
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def watch(seconds: float) -> Iterator[Watch]:
    """Bound everything this thread sends and reads inside the block to ``seconds`` in total."""
    current = Watch(time.monotonic() + seconds)
    _current.watch = current
    try:
        yield current
    finally:
        _current.watch = None
        if current.sock is not None:
            _WATCHDOG.disarm(current)


def attach(sock: Any) -> None:
    """Arm the current thread's deadline (if it opened one) to cut ``sock`` when overdue."""
    current: Watch | None = getattr(_current, "watch", None)
    if current is not None and current.sock is not sock and isinstance(sock, socket.socket):
        # A redirect moves to another connection: the deadline follows it (same watch).
        _WATCHDOG.arm(current, sock)
