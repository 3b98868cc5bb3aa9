"""Hourly request windows per caller, and the ``X-RateLimit-*`` headers (Flattr API docs: rate
limiting).

The key is the access token for authenticated calls and the client IP for anonymous ones (the
docs do not say; this is the sandbox's choice). Windows are clock hours, so ``X-RateLimit-Reset``
is the next full hour as a unix timestamp. A refused request still counts, so ``Current`` can
exceed ``Limit`` while ``Remaining`` stays at 0.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Window:
    limit: int
    current: int
    reset: int

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.current)

    @property
    def exceeded(self) -> bool:
        return self.current > self.limit

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Current": str(self.current),
            "X-RateLimit-Reset": str(self.reset),
        }

    def body(self) -> dict[str, object]:
        """The ``/rate_limit`` body; ``reset_time`` in the live server's odd text format."""
        text = formatdate(self.reset, usegmt=False).replace("-0000", "+0000") + " GMT"
        return {
            "hourly_limit": self.limit,
            "remaining_hits": self.remaining,
            "current_hits": self.current,
            "reset_time_in_seconds": self.reset,
            "reset_time": text,
        }


class RateLimiter:
    """Counts requests per key in the current clock hour; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def _window_end(self) -> int:
        return (int(self._clock()) // WINDOW_SECONDS + 1) * WINDOW_SECONDS

    def hit(self, key: str, limit: int) -> Window:
        end = self._window_end()
        with self._lock:
            window_end, count = self._windows.get(key, (end, 0))
            count = count + 1 if window_end == end else 1
            self._windows[key] = (end, count)
        return Window(limit, count, end)

    def peek(self, key: str, limit: int) -> Window:
        end = self._window_end()
        with self._lock:
            window_end, count = self._windows.get(key, (end, 0))
        return Window(limit, count if window_end == end else 0, end)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
