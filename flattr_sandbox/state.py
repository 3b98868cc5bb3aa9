"""Everything one running sandbox keeps besides the database: settings, counters, limiter,
faults, and its :class:`~.access.Access` (admin secret, address, form-token key).

The app factory puts one :class:`SandboxState` in ``app.extensions``; routes reach it through
:func:`current`. ``reset()`` puts everything back as the server was started.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from flask import current_app

from .access import Access
from .faults import Faults
from .limits import MAX_LATENCY_MS, MAX_RATE_LIMIT
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
        """``self`` if every switch is within its bounds (:mod:`.limits`), else ValueError."""
        if not _whole(self.rate_limit, 1, MAX_RATE_LIMIT):
            raise ValueError(
                f"rate_limit must be a whole number of requests per hour from 1 to "
                f"{MAX_RATE_LIMIT}, got {_shown(self.rate_limit)}"
            )
        if (
            isinstance(self.fail_rate, bool)
            or not isinstance(self.fail_rate, (int, float))
            or not 0.0 <= self.fail_rate <= 1.0
        ):
            raise ValueError(
                "fail_rate must be a fraction between 0 and 1 (e.g. 0.1), "
                f"got {_shown(self.fail_rate)}"
            )
        if not _whole(self.latency_ms, 0, MAX_LATENCY_MS):
            raise ValueError(
                f"latency_ms must be a whole number of milliseconds from 0 to {MAX_LATENCY_MS}, "
                f"got {_shown(self.latency_ms)}"
            )
        return self


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class SandboxState:
    def __init__(self, store: Store, settings: Settings, access: Access | None = None) -> None:
        if settings.auto_approve is not None and store.user(settings.auto_approve) is None:
            names = ", ".join(row["username"] for row in store.users())
            raise ValueError(
                f"auto_approve user {settings.auto_approve!r} does not exist; use one of: {names}"
            )
        self.store = store
        self.access = access or Access()
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
