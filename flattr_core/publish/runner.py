"""``run_site_sync``: sync as a site plugin runs it, with checks first and logging throughout.

Plugins call this once per build after normalising their pages. Everything that can go wrong
before or during a sync becomes a ``logger.warning`` naming what to fix, and the build goes on,
or, with ``strict=True`` (e.g. ``mkdocs build --strict``), a ``SettingsError``. The state file is
saved before any such error is raised, so a rerun continues where this one stopped.

Items left pending at the rate limit are one warning (with the UTC time to build again), as
failures are; the summary line and a dry run's plan are INFO.

The access token comes from ``FLATTR_ACCESS_TOKEN`` or the ``flattr login`` store, never from a
settings file, and never appears in a log line or an error.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, cast
from urllib.parse import urlsplit

from flattr_core._redact import redact
from flattr_core.config import DEFAULT_API_URL, ConfigError, resolve_api_url
from flattr_core.errors import FlattrError
from flattr_core.publish.entry import Item, SettingsError
from flattr_core.publish.report import SyncReport
from flattr_core.publish.syncing import sync
from flattr_core.tokens import resolve_token

if TYPE_CHECKING:
    from flattr_core.api import FlattrApi


def no_token_message(api_url: str) -> str:
    """Why sync did not run, naming the API the token was looked for (the ``flattr login``
    store keeps one token per API URL) and the login command for that API."""
    login = "`flattr login`"
    if api_url != DEFAULT_API_URL:
        login += f" for that API (`flattr --api-url {api_url} login`)"
    return (
        f"flattr: sync is on but no access token was found for {api_url}; set "
        f"FLATTR_ACCESS_TOKEN or run {login}"
    )


MAX_PLAN_LINES: Final = 100  # a dry run of a big site logs this many actions, then a count
#: Workers for a site sync. Against a remote API each request waits a round trip; with 50 ms of
#: latency 8 workers were 6.6x faster than one-at-a-time creates, 4 workers 3.9x
#: (bench/sync_bench.py). The rate limit, not these connections, bounds what a run can do.
SITE_CONCURRENCY: Final = 8


class Logger(Protocol):
    """What run_site_sync needs of a logger (``logging.Logger`` fits)."""

    def info(self, msg: str, /, *args: object) -> None: ...

    def warning(self, msg: str, /, *args: object) -> None: ...


def run_site_sync(
    items: Iterable[Item],
    *,
    api_url: str | None = None,
    state_file: str | Path,
    dry_run: bool = False,
    strict: bool = False,
    site_url: str,
    logger: Logger,
    prune: bool = False,
    progress_every: int = 100,
    concurrency: int = SITE_CONCURRENCY,
    wait: bool = False,
    site_url_setting: str = "site_url",
) -> SyncReport | None:
    """Check the setup, run ``sync``, log progress and one summary line; None when not run.

    ``site_url_setting`` is the name the user knows the site URL by (``SITEURL`` in Pelican)
    so that the warning says what to change.
    """
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        _problem(
            logger,
            strict,
            f"flattr: sync needs the site's absolute http(s) URL; set {site_url_setting} to "
            f"something like 'https://example.org' (got {site_url!r})",
        )
        return None
    try:
        token = resolve_token(api_url=api_url)
        if not token:
            _problem(logger, strict, no_token_message(resolve_api_url(api_url)))
            return None
    except ConfigError as exc:
        _problem(logger, strict, f"flattr: sync is not possible: {exc}")
        return None

    def progress(done: int, total: int) -> None:
        if progress_every > 0 and (done % progress_every == 0) and done < total:
            logger.info("flattr: sync %d/%d", done, total)

    try:
        with _ClientOnFirstUse(token, api_url) as api:
            report = sync(
                items,
                cast("FlattrApi", api),
                state_file,
                dry_run=dry_run,
                prune=prune,
                concurrency=concurrency,
                wait=wait,
                progress=progress,
            )
    except (FlattrError, OSError) as exc:  # ConfigError, TokenStoreError are FlattrErrors
        _problem(logger, strict, redact(f"flattr: sync failed: {exc}", (token,)))
        return None

    for warning in report.warnings:
        logger.warning("flattr: %s", redact(warning, (token,)))
    if dry_run:
        for action in report.plan[:MAX_PLAN_LINES]:
            logger.info("flattr: dry run: would %s", action)
        if len(report.plan) > MAX_PLAN_LINES:
            logger.info("flattr: dry run: ... and %d more", len(report.plan) - MAX_PLAN_LINES)
    for failure in report.failed:
        logger.warning(
            "flattr: sync of %s failed: %s", failure.url, redact(failure.message, (token,))
        )
    if report.pending:
        # A warning, not only the INFO summary: Pelican and MkDocs show WARNING by default, and
        # the user must learn that some pages have no Flattr thing yet.
        logger.warning("%s", pending_message(len(report.pending), report.reset_at))
    logger.info("%s", report.summary())
    if strict and not report.ok:
        what = []
        if report.failed:
            what.append(f"{len(report.failed)} failed")
        if report.pending:
            what.append(f"{len(report.pending)} pending at the rate limit")
        raise SettingsError(
            f"flattr: sync incomplete ({', '.join(what)}); see the warnings above. The state "
            f"is saved in {report.state_path}: run the build again to finish."
        )
    return report


class _ClientOnFirstUse:
    """The API client, made when sync first needs it. A sync whose state file says nothing
    changed makes no request and reads only ``api_url``, so a warm build never imports
    ``requests`` (about a tenth of a second of every ``mkdocs build`` / ``pelican`` run)."""

    def __init__(self, token: str, api_url: str | None) -> None:
        self.api_url = resolve_api_url(api_url)
        self._token = token
        self._client: FlattrApi | None = None

    def __getattr__(self, name: str) -> Any:
        if self._client is None:
            import flattr_core.api

            self._client = flattr_core.api.get(self._token, api_url=self.api_url)
        return getattr(self._client, name)

    def __repr__(self) -> str:
        return f"<client of {self.api_url}>"  # never the token

    def __enter__(self) -> _ClientOnFirstUse:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()


def pending_message(count: int, reset_at: int | None, now: float | None = None) -> str:
    """The one warning for items left at the rate limit, with the UTC time to build again."""
    items = f"{count} item{'' if count == 1 else 's'}"
    head = f"Flattr sync: {items} pending: the rate limit was reached; "
    if reset_at is None:
        return head + "run the build again later (the API did not say when the limit resets)"
    # Rounded up to the minute: "after 14:00" must not be a moment when it is still limited.
    reset = datetime.fromtimestamp(-(-reset_at // 60) * 60, tz=timezone.utc)
    current = time.time() if now is None else now
    shown = f"{reset:%H:%M}" if reset_at - current < 20 * 3600 else f"{reset:%Y-%m-%d %H:%M}"
    return head + f"run the build again after {shown} UTC (when it resets)"


def _problem(logger: Logger, strict: bool, message: str) -> None:
    """A reason not to sync: an error in strict builds, else a warning and the build goes on."""
    if strict:
        raise SettingsError(message)
    logger.warning("%s", message)
