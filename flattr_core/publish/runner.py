"""``run_site_sync``: sync as a site plugin runs it, with checks first and logging throughout.

Plugins call this once per build after normalising their pages. Everything that can go wrong
before or during a sync becomes a ``logger.warning`` naming what to fix, and the build goes on,
or, with ``strict=True`` (e.g. ``mkdocs build --strict``), a ``SettingsError``. The state file is
saved before any such error is raised, so a rerun continues where this one stopped.

Items left pending at the rate limit are one warning (with the UTC time to build again), as
failures are, and so is a token of another Flattr user than the site's (every page skipped, at
INFO only, would otherwise look like a silent success); the summary line, with the orphans (state
records whose page is gone), and a dry run's plan are INFO.

The access token comes from ``FLATTR_ACCESS_TOKEN`` or the ``flattr login`` store, never from a
settings file, and never appears in a log line or an error.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, cast

from flattr_core._error_base import FlattrError
from flattr_core.config import DEFAULT_API_URL, ConfigError, resolve_api_url, resolve_token
from flattr_core.publish.entry import Item, SettingsError
from flattr_core.publish.hosts import is_local_url
from flattr_core.publish.options import PREVIEW_HELP
from flattr_core.publish.report import SyncReport
from flattr_core.publish.syncing import sync
from flattr_core.urls import is_absolute_http_url

if TYPE_CHECKING:
    from flattr_core.api import FlattrApi

MAX_PLAN_LINES: Final = 100  # a dry run of a big site logs this many actions, then a count
#: Workers for a site sync. Against a remote API each request waits a round trip; with 50 ms of
#: latency 8 workers were 6.6x faster than one-at-a-time creates, 4 workers 3.9x
#: (bench/sync_bench.py). The rate limit, not these connections, bounds what a run can do.
SITE_CONCURRENCY: Final = 8


if TYPE_CHECKING:  # pragma: no cover
    # A type only: creating a Protocol class at run time costs every build that syncs.
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
    site_url_setting: str = "site_url",
    owner: str | None = None,
    prefix: str = "flattr: ",
) -> SyncReport | None:
    """Check the setup, run ``sync``, log progress and one summary line; None when not run.

    ``site_url_setting`` is the name the user knows the site URL by (``SITEURL`` in Pelican)
    so that the warning says what to change. ``owner`` is the site's configured Flattr user
    (``PublishOptions.user``): when the token belongs to someone else, one warning says so.
    ``prefix`` starts every message; pass ``""`` when the logger adds its own (MkDocs'
    plugin loggers do), so that no line reads ``mkdocs_flattr: flattr: ...``.
    """
    if not is_absolute_http_url(site_url or ""):
        _problem(
            logger,
            strict,
            f"{prefix}sync skipped: it needs the site's absolute http(s) URL; set "
            f"{site_url_setting} to something like 'https://example.org' (got {site_url!r})",
        )
        return None
    try:
        token = resolve_token(api_url=api_url)
        api_base = resolve_api_url(api_url)
    except ConfigError as exc:
        _problem(logger, strict, f"{prefix}sync is not possible: {exc}")
        return None
    if not token:
        _problem(logger, strict, no_token_message(api_base, prefix))
        return None
    items = list(items)
    if not is_local_url(api_base):
        # Flattr would register things for pages nobody else can open, and their URLs would be
        # taken for good: a local preview syncs to a local server (the sandbox) only.
        local = [item for item in items if is_local_url(item.url)]
        if local:
            _problem(
                logger,
                strict,
                f"{prefix}{len(local)} of {len(items)} pages have a local address "
                f"(e.g. {local[0].url}) and are not synced to {api_base}: set "
                f"{site_url_setting} to the public URL for builds that sync, or sync a local "
                f"preview to the sandbox; {PREVIEW_HELP}",
            )
            items = [item for item in items if not is_local_url(item.url)]
            if not items:
                return None

    def progress(done: int, total: int) -> None:
        if progress_every > 0 and (done % progress_every == 0) and done < total:
            logger.info("%ssync %d/%d", prefix, done, total)

    try:
        with _ClientOnFirstUse(token, api_url) as client:
            report = sync(
                items,
                cast("FlattrApi", client),
                state_file,
                dry_run=dry_run,
                prune=prune,
                concurrency=concurrency,
                progress=progress,
            )
    except (FlattrError, OSError) as exc:  # ConfigError, TokenStoreError are FlattrErrors
        _problem(logger, strict, _scrub(f"{prefix}sync failed: {exc}", token))
        return None

    for warning in report.warnings:
        logger.warning("%s%s", prefix, _scrub(warning, token))
    if dry_run:
        for action in report.plan[:MAX_PLAN_LINES]:
            logger.info("%sdry run: would %s", prefix, action)
        if len(report.plan) > MAX_PLAN_LINES:
            logger.info("%sdry run: ... and %d more", prefix, len(report.plan) - MAX_PLAN_LINES)
    for failure in report.failed:
        logger.warning(
            "%ssync of %s failed: %s", prefix, failure.url, _scrub(failure.message, token)
        )
    if report.pending:
        # A warning, not only the INFO summary: Pelican and MkDocs show WARNING by default, and
        # the user must learn that some pages have no Flattr thing yet.
        logger.warning("%s", pending_message(len(report.pending), report.reset_at))
    # Pelican and MkDocs hide INFO, where the summary's "skipped" count is: a token of another
    # user than the configured one would otherwise sync nothing without a visible word.
    mismatch = owner_mismatch_message(report, owner)
    if mismatch:
        logger.warning("%s%s", prefix, mismatch)
    logger.info("%s", report.summary())
    if strict and (not report.ok or mismatch):
        what = []
        if report.failed:
            what.append(f"{len(report.failed)} failed")
        if report.pending:
            what.append(f"{len(report.pending)} pending at the rate limit")
        if mismatch:
            what.append(f"{len(report.skipped)} skipped: the token is not the owner's")
        raise SettingsError(
            f"{prefix}sync incomplete ({', '.join(what)}); see the warnings above. The state "
            f"is saved in {report.state_path}: run the build again to finish."
        )
    return report


class _ClientOnFirstUse:
    """``flattr_core.api.get(token, api_url=...)``, made when sync first needs it.

    A warm build whose state says nothing changed sends no request; then the HTTP stack
    (requests and urllib3, most of what a warm sync cost a build) is never imported. Only
    ``api_url`` (the state file's key) is known without the client.
    """

    def __init__(self, token: str, api_url: str | None) -> None:
        self.api_url = resolve_api_url(api_url)
        self._token = token
        self._requested_url = api_url
        self._api: FlattrApi | None = None

    def _client(self) -> FlattrApi:
        if self._api is None:
            import flattr_core.api

            self._api = flattr_core.api.get(self._token, api_url=self._requested_url)
        return self._api

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client(), name)

    def __repr__(self) -> str:
        return f"<client of {self.api_url}>"  # never the token

    def __enter__(self) -> _ClientOnFirstUse:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._api is not None:
            self._api.close()


def no_token_message(api_url: str, prefix: str = "flattr: ") -> str:
    """The reason not to sync when there is no token, naming the server it was looked for."""
    login = "`flattr login`"
    if api_url != DEFAULT_API_URL:
        login += f" for that server (`flattr --api-url {api_url} login`)"
    return (
        f"{prefix}sync is on but no access token was found for {api_url}; set "
        f"FLATTR_ACCESS_TOKEN or run {login}"
    )


def owner_mismatch_message(report: SyncReport, owner: str | None) -> str | None:
    """One warning when the site's Flattr user is not the token's, else None.

    ``owner`` is the configured site user; when the plugin does not say, a run in which every
    item was skipped for one other user is the same trap (nothing synced, no visible reason).
    """
    token_user = report.user
    if token_user is None or not report.skipped:
        return None
    skipped_owners = {item.owner.casefold(): item.owner for item in report.skipped}
    if owner is None:
        synced_any = report.unchanged or report.created or report.updated or report.adopted
        if synced_any or report.failed or report.pending or len(skipped_owners) != 1:
            return None
        (owner,) = skipped_owners.values()
    if owner.casefold() == token_user.casefold() or owner.casefold() not in skipped_owners:
        return None
    count = sum(1 for item in report.skipped if item.owner.casefold() == owner.casefold())
    pages = "1 page" if count == 1 else f"{count} pages"
    were = "was" if count == 1 else "were"
    return (
        f"the Flattr user in the settings is {owner!r} but the access token is {token_user!r}'s, "
        f"so {pages} owned by {owner!r} {were} not synced; set 'user' to {token_user!r} or use a "
        f"token of {owner!r} (FLATTR_ACCESS_TOKEN or `flattr login`)"
    )


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


def _scrub(text: str, token: str) -> str:
    """``text`` without the token (``flattr_core._redact``, loaded only when a sync has
    something to report: a warm build has nothing)."""
    from flattr_core._redact import redact

    return redact(text, (token,))


def _problem(logger: Logger, strict: bool, message: str) -> None:
    """A reason not to sync: an error in strict builds, else a warning and the build goes on."""
    if strict:
        raise SettingsError(message)
    logger.warning("%s", message)
