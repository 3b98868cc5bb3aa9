"""Everything one running sandbox keeps besides the database: settings, counters, limiter, faults.

The app factory puts one :class:`SandboxState` in ``app.extensions``; routes reach it through
:func:`current`. ``reset()`` puts everything back as the server was started.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from flask import current_app

from .faults import Faults
from .ratelimit import RateLimiter
from .store import Store

EXTENSION = "flattr_sandbox"


@dataclass(frozen=True)
class Settings:
    """Switches of one sandbox (the ``flattr sandbox`` options)."""

    rate_limit: int = 1000
    fail_rate: float = 0.0
    latency_ms: int = 0
    auto_approve: str | None = None

    def checked(self) -> Settings:
        if (
            isinstance(self.rate_limit, bool)
            or not isinstance(self.rate_limit, int)
            or self.rate_limit < 1
        ):
            raise ValueError(
                f"rate_limit must be a whole number of requests per hour >= 1, "
                f"got {self.rate_limit!r}"
            )
        if not isinstance(self.fail_rate, (int, float)) or not 0.0 <= self.fail_rate <= 1.0:
            raise ValueError(
                f"fail_rate must be a fraction between 0 and 1 (e.g. 0.1), got {self.fail_rate!r}"
            )
        if (
            isinstance(self.latency_ms, bool)
            or not isinstance(self.latency_ms, int)
            or self.latency_ms < 0
        ):
            raise ValueError(
                f"latency_ms must be a whole number of milliseconds >= 0, got {self.latency_ms!r}"
            )
        return self


class SandboxState:
    def __init__(self, store: Store, settings: Settings) -> None:
        if settings.auto_approve is not None and store.user(settings.auto_approve) is None:
            names = ", ".join(row["username"] for row in store.users())
            raise ValueError(
                f"auto_approve user {settings.auto_approve!r} does not exist; use one of: {names}"
            )
        self.store = store
        self.initial = settings.checked()
        self.settings = self.initial
        self.limiter = RateLimiter()
        self.faults = Faults()
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def configure(self, **changes: object) -> Settings:
        self.settings = replace(self.settings, **changes).checked()  # type: ignore[arg-type]
        return self.settings

    def count(self, route: str) -> None:
        with self._lock:
            self._counts[route] = self._counts.get(route, 0) + 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(sorted(self._counts.items()))

    def clear_counts(self) -> None:
        with self._lock:
            self._counts.clear()

    def reset(self) -> None:
        self.store.reset()
        self.settings = self.initial
        self.limiter.clear()
        self.faults.clear()
        self.clear_counts()


def current() -> SandboxState:
    state: SandboxState = current_app.extensions[EXTENSION]
    return state
