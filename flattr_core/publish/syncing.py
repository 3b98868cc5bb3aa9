"""Sync: one Flattr thing per item, idempotent, resumable, cheap when nothing changed.

``sync(items, api, state_path)`` runs in three steps:

1. **Classify, for free.** With the state file (``publish.state``) each item is *unchanged*
   (same fingerprint: no request at all, not even ``/user``), *changed* (update its thing),
   *new* (no record), or *skipped* (owned by another Flattr user than the token's: those are left
   to the auto-submit flow, which needs no token). Records this state created whose item is gone
   are *prune* candidates when pruning is asked for; any other record whose item is gone (a
   renamed page's old URL, an adopted thing) is an *orphan*, listed in the report.
2. **Know who and what exists, cheaply**, only when there is work. A state written for another
   server or user, or none at all, is rebuilt from the user's things (``/user/things``, 100 per
   page; their owner also names the user, so a cold run needs no ``/user``); existing things with
   an item's URL are *adopted* (and reported as updated when their fields differed and were
   PATCHed), never duplicated. With a valid
   state, a few new URLs are each looked up before creation; many are matched against the list,
   whichever costs fewer requests.
3. **Execute** creates, updates and deletes on ``concurrency`` threads sharing one client (one
   keep-alive session), saving the state atomically every ``save_every`` completions or
   ``save_interval`` seconds and at the end. A create whose answer was lost is the client's to
   resolve (``ThingsApi.create`` looks the URL up before it retries); a "thing exists" answer is
   resolved here by a lookup, so a killed run can simply be run again. Before an update the
   recorded id is fetched: a thing that is gone (404) or that now has another URL is never
   PATCHed; the page's URL is looked up, then adopted or created anew, with a warning (one
   entry costs a lookup, not a listing of every thing). At the rate limit no new work
   starts; the state is saved and the report says how many items are pending and when the limit
   resets (``wait=True`` sleeps until then instead, at most ``max_wait`` seconds). A failing
   item (validation, ...) is reported and the others go on.

``dry_run=True`` makes only read requests, writes nothing (no thing, no state file) and fills
``report.plan``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from flattr_core.publish.entry import Item
from flattr_core.publish.report import SkippedItem, SyncReport
from flattr_core.publish.state import (
    SyncState,
    ThingRecord,
    load_state,
    same_user,
    save_state,
)

DEFAULT_MAX_WAIT: Final = 3900.0  # one rate-limit window (an hour) plus a margin


if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.api import FlattrApi

    # A type only: creating a Protocol class at run time costs every build that syncs.
    class Clock(Protocol):
        """What sync needs of time; tests pass a fake one so that waiting costs nothing."""

        def time(self) -> float: ...

        def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


# -- planning ---------------------------------------------------------------------------------


class Classified:
    """Step 1 of sync: what the state alone says about each item (no request made).

    A plain class: made once or twice per sync and never compared or printed, it need not pay
    for being a dataclass in every build that syncs.
    """

    __slots__ = ("unchanged", "changed", "new", "skipped", "prune", "orphans")

    def __init__(self) -> None:
        self.unchanged: list[Item] = []
        self.changed: list[tuple[Item, ThingRecord]] = []
        self.new: list[Item] = []
        self.skipped: list[SkippedItem] = []
        self.prune: list[tuple[str, ThingRecord]] = []
        self.orphans: list[str] = []  # in the state, page gone, not pruned

    @property
    def has_work(self) -> bool:
        return bool(self.changed or self.new or self.prune)


def classify(
    items: Sequence[Item], state: SyncState, user: str | None, *, prune: bool = False
) -> Classified:
    """Sort items by what the state says about them. ``user`` (when known) marks the others'."""
    result = Classified()
    wanted = {item.url for item in items}
    for item in items:
        if user is not None and not same_user(item.owner, user):
            result.skipped.append(SkippedItem(item.url, item.owner))
            continue
        record = state.things.get(item.url)
        if record is None:
            result.new.append(item)
        elif record.hash == item.fingerprint():
            result.unchanged.append(item)
        else:
            result.changed.append((item, record))
    for url, record in sorted(state.things.items()):
        if url in wanted:
            continue
        if prune and record.created:
            result.prune.append((url, record))
        else:
            result.orphans.append(url)
    return result


# -- the run -----------------------------------------------------------------------------------


ProgressCallback = Callable[[int, int], None]


class _Run:
    """One sync run: owns the state and the report; only the calling thread touches them."""

    def __init__(
        self,
        api: FlattrApi,
        state_path: Path,
        *,
        dry_run: bool,
        prune: bool,
        concurrency: int,
        wait: bool,
        progress: ProgressCallback | None,
        clock: Clock,
        max_wait: float,
        save_every: int,
        save_interval: float,
    ) -> None:
        self.api = api
        self.state_path = state_path
        self.dry_run = dry_run
        self.prune = prune
        self.concurrency = concurrency
        self.wait_for_reset = wait
        self.progress = progress
        self.clock = clock
        self.max_wait = max_wait
        self.save_every = save_every
        self.save_interval = save_interval
        self.report = SyncReport(dry_run=dry_run, state_path=str(state_path))
        self.state = SyncState()
        self.dirty = False
        self.waited = 0.0  # seconds slept at the rate limit so far (bounded by max_wait)
        self.since_save = 0
        self.last_save = time.monotonic()

    # -- state ---------------------------------------------------------------------------------

    def load(self) -> None:
        loaded = load_state(self.state_path, move_corrupt=not self.dry_run)
        if loaded.warning:
            self.report.warnings.append(loaded.warning)
            self.dirty = True  # the moved-aside file must be replaced by a valid one
        self.state = loaded.state
        api_url = self.api.api_url
        if self.state.things and not self.state.belongs_to(api_url):
            self.report.warnings.append(
                f"state file {self.state_path} was written for {self.state.api_url}, not "
                f"{api_url}; rebuilding it from the user's things"
            )
            self.state = SyncState()
            self.dirty = True
        self.state.api_url = api_url

    def save(self, *, force: bool = False) -> None:
        if self.dry_run or not (self.dirty or force):
            return
        save_state(self.state, self.state_path)
        self.dirty = False
        self.since_save = 0
        self.last_save = time.monotonic()

    def save_if_due(self) -> None:
        self.since_save += 1
        if self.since_save >= self.save_every or (
            time.monotonic() - self.last_save >= self.save_interval
        ):
            self.save()

    # -- the run -------------------------------------------------------------------------------

    def execute(self, items: Sequence[Item]) -> SyncReport:
        self.load()
        known_user = self.state.user if self.state.things else None
        # Items of other owners are skipped without a request, unless none of the items is the
        # state's user's: then the site probably changed hands, and /user must tell.
        skip_for = known_user
        if known_user and not any(same_user(i.owner, known_user) for i in items):
            skip_for = None
        first = classify(items, self.state, skip_for, prune=self.prune)
        if not first.has_work:
            # Everything is as the state says: zero requests, not even /user.
            self._finish_without_work(first)
            return self.report
        # Work to do: only now are the requests, the error classes and the thread pool loaded.
        from flattr_core.publish.sync_work import execute_with_work

        execute_with_work(self, items, known_user, first)
        return self.report

    def _finish_without_work(self, first: Classified) -> None:
        self.report.unchanged.extend(item.url for item in first.unchanged)
        self.report.skipped.extend(first.skipped)
        self.report.orphans.extend(first.orphans)
        self.report.user = self.state.user
        if self.dirty:  # e.g. a corrupt file was moved aside and there is nothing to sync
            self.save()


def _unique(items: Iterable[Item], warnings: list[str]) -> Iterator[Item]:
    seen: dict[str, Item] = {}
    for item in items:
        first = seen.get(item.url)
        if first is None:
            seen[item.url] = item
            yield item
        elif first != item:
            warnings.append(
                f"{item.source or item.url}: same Flattr URL as {first.source or 'another page'} "
                f"({item.url}); only the first is synced"
            )


def sync(
    items: Iterable[Item],
    api: FlattrApi,
    state_path: str | Path,
    *,
    dry_run: bool = False,
    prune: bool = False,
    concurrency: int = 4,
    wait: bool = False,
    progress: ProgressCallback | None = None,
    clock: Clock | None = None,
    max_wait: float = DEFAULT_MAX_WAIT,
    save_every: int = 50,
    save_interval: float = 1.0,
) -> SyncReport:
    """Create or update one Flattr thing per item; see the module docstring for the rules.

    ``progress(done, total)`` is called after each write (or planned write) finishes.
    Raises only for problems that concern every item (no token, wrong token, server down at the
    start); those of single items end up in ``report.failed``.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency!r}")
    if save_every < 1:
        raise ValueError(f"save_every must be at least 1, got {save_every!r}")
    run = _Run(
        api,
        Path(state_path),
        dry_run=dry_run,
        prune=prune,
        concurrency=concurrency,
        wait=wait,
        progress=progress,
        clock=clock or SystemClock(),
        max_wait=max_wait,
        save_every=save_every,
        save_interval=save_interval,
    )
    unique = list(_unique(items, run.report.warnings))
    if prune and not unique:
        # An empty site is far more likely a broken build than a wish to delete every thing.
        run.report.warnings.append(
            "no items to sync: not pruning anything (prune needs at "
            "least one page, so that a broken build deletes nothing)"
        )
        run.prune = False
    try:
        return run.execute(unique)
    finally:
        # Whatever stopped the run (a crash, Ctrl-C), keep what was done.
        if run.dirty:
            run.save()
