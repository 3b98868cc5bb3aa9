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

import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, Protocol

from flattr_core.errors import (
    FlattrError,
    NotFound,
    RateLimitExceeded,
    ResponseError,
    ThingExists,
    ValidationError,
)
from flattr_core.publish.entry import Item
from flattr_core.publish.report import (
    PlannedAction,
    SkippedItem,
    SyncFailure,
    SyncReport,
    format_epoch,
)
from flattr_core.publish.state import SyncState, ThingRecord, load_state, save_state

if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.api import FlattrApi
    from flattr_core.models import Thing

PAGE_SIZE: Final = 100  # the largest page /user/things serves: the fewest requests
DEFAULT_MAX_WAIT: Final = 3900.0  # one rate-limit window (an hour) plus a margin


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


@dataclass
class Classified:
    """Step 1 of sync: what the state alone says about each item (no request made)."""

    unchanged: list[Item] = field(default_factory=list)
    changed: list[tuple[Item, ThingRecord]] = field(default_factory=list)
    new: list[Item] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    prune: list[tuple[str, ThingRecord]] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # in the state, page gone, not pruned

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
        if user is not None and not _same(item.owner, user):
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


def fields_differ(thing: Thing, item: Item) -> bool:
    """Whether an existing thing needs an update to match the item (tag order ignored)."""
    for key, wanted in item.thing_fields().items():
        have = getattr(thing, key, None)
        if key == "tags":
            if sorted(have or []) != sorted(wanted):
                return True
        elif key == "hidden":
            if bool(have) != bool(wanted):
                return True
        elif (have or "") != (wanted or ""):
            return True
    return False


def _same(name: str, other: str) -> bool:
    """Flattr usernames are case-insensitive (resource URLs lower-case them)."""
    return name.casefold() == other.casefold()


def thing_id(thing: Thing) -> int | str:
    """The id of a thing the server returned; an answer without one is unusable."""
    if thing.id is None:
        raise ResponseError(f"the server returned a thing without an id for {thing.url!r}")
    return thing.id


def owner_name(thing: Thing) -> str | None:
    owner = getattr(thing, "owner", None)
    name = getattr(owner, "username", None)
    return name if isinstance(name, str) else None


# -- execution --------------------------------------------------------------------------------


@dataclass
class _Outcome:
    """What one task did; applied to the state and the report by the main thread only."""

    kind: Literal["created", "updated", "adopted", "pruned", "failed", "planned"]
    url: str
    record: ThingRecord | None = None
    message: str = ""
    planned: list[PlannedAction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # for the report, whatever the kind


@dataclass
class _Task:
    """A unit of work for a worker thread. ``thing`` set: adopt it (with ``record``: the listed
    thing that an update of ``record`` was checked against); ``record`` set: update."""

    kind: Literal["create", "ensure", "update", "adopt", "prune"]
    url: str
    item: Item | None = None
    record: ThingRecord | None = None
    thing: Thing | None = None


class _Worker:
    """The request logic of each task; runs on pool threads and touches no shared state."""

    def __init__(self, api: FlattrApi, user: str, dry_run: bool) -> None:
        self.api = api
        self.user = user
        self.dry_run = dry_run

    def run(self, task: _Task) -> _Outcome:
        try:
            if task.kind == "prune":
                assert task.record is not None
                return self._prune(task.url, task.record)
            assert task.item is not None
            if task.kind == "create":
                return self._create(task.item)
            if task.kind == "ensure":
                return self._ensure(task.item)
            if task.kind == "adopt":
                assert task.thing is not None
                return self._adopt(task.item, task.thing, created=False)
            assert task.record is not None
            return self._update(task.item, task.record, task.thing)
        except RateLimitExceeded:
            raise
        except FlattrError as exc:  # this item only: refused values, a failed request, ...
            return _Outcome("failed", task.url, message=str(exc))

    # Each method returns what happened; a write in a dry run becomes a planned action instead.

    def _plan(self, action: PlannedAction, record: ThingRecord | None = None) -> _Outcome:
        return _Outcome("planned", action.url, record=record, planned=[action])

    def _create(self, item: Item) -> _Outcome:
        if self.dry_run:
            return self._plan(PlannedAction("create", item.url))
        try:
            # The client owns lost-answer handling: it looks the URL up before each retry and
            # returns the thing a lost attempt created, so one item is POSTed at most
            # 1 + max_retries times. A second loop here would multiply that.
            thing = self.api.things.create(item.url, **item.thing_fields())
        except ThingExists:
            return self._resolve_existing(item)
        except ValidationError as exc:
            # Servers word "exists" differently; a lookup tells for sure and costs one request.
            if "exist" not in str(exc).lower():
                raise
            return self._resolve_existing(item)
        record = ThingRecord(thing_id(thing), item.fingerprint(), created=True)
        return _Outcome("created", item.url, record)

    def _resolve_existing(self, item: Item) -> _Outcome:
        found = self.api.things.lookup(item.url)
        if found is None:
            return _Outcome(
                "failed",
                item.url,
                message="the server says a thing with this URL exists, "
                "but a lookup does not find it; rerun the sync later",
            )
        return self._adopt(item, found, created=False)

    def _ensure(self, item: Item) -> _Outcome:
        """Create the thing unless one with this URL exists (then adopt it)."""
        found = self.api.things.lookup(item.url)
        if found is None:
            return self._create(item)
        return self._adopt(item, found, created=False)

    def _adopt(self, item: Item, thing: Thing, *, created: bool) -> _Outcome:
        owner = owner_name(thing)
        if owner is not None and not _same(owner, self.user):
            return _Outcome(
                "failed",
                item.url,
                message=f"a thing with this URL exists already (thing {thing.id}) and belongs to "
                f"Flattr user {owner!r}, not {self.user!r}; left alone",
            )
        record = ThingRecord(thing_id(thing), item.fingerprint(), created)
        if not fields_differ(thing, item):
            if created:
                return _Outcome("created", item.url, record)
            return _adopted_as_is(item, thing, self.dry_run)
        if self.dry_run:
            return self._plan(
                PlannedAction("adopt", item.url, thing.id, "exists; its fields would be updated")
            )
        self.api.things.update(record.id, **item.thing_fields())
        # A PATCH was sent: the user must see an update, not a plain adoption.
        return _Outcome("created" if created else "updated", item.url, record)

    def _update(self, item: Item, record: ThingRecord, checked: Thing | None = None) -> _Outcome:
        # The id in the state is only trusted while the server says it is this page's thing: a
        # thing deleted on Flattr, or an id that now names another URL (a server that reuses
        # ids), must never be PATCHed with this page's fields. The PATCH answer carries no URL,
        # so one GET before it is the check, unless the user's things were listed (``checked``).
        current: Thing | None = checked
        if current is None:
            try:
                current = self.api.things.get(record.id)
            except NotFound:
                current = None
        if current is None or current.url != item.url:
            what = "was deleted" if current is None else f"now belongs to {current.url}"
            outcome = self._ensure(item)
            outcome.warnings.insert(
                0,
                f"{item.source or item.url}: thing {record.id} in the state file {what}; "
                f"treated as gone, so {item.url} gets its own thing again",
            )
            return outcome
        if self.dry_run:
            return self._plan(PlannedAction("update", item.url, record.id, "fields changed"))
        try:
            self.api.things.update(record.id, **item.thing_fields())
        except NotFound:
            # Deleted between the GET and the PATCH: find or recreate it.
            return self._ensure(item)
        fresh = ThingRecord(record.id, item.fingerprint(), record.created)
        return _Outcome("updated", item.url, fresh)

    def _prune(self, url: str, record: ThingRecord) -> _Outcome:
        if self.dry_run:
            return self._plan(
                PlannedAction("prune", url, record.id, "created by this state; page is gone")
            )
        with contextlib.suppress(NotFound):  # already gone: the goal is reached
            self.api.things.delete(record.id)
        return _Outcome("pruned", url)


def _adopted_as_is(item: Item, thing: Thing, dry_run: bool) -> _Outcome:
    record = ThingRecord(thing_id(thing), item.fingerprint())
    if dry_run:
        action = PlannedAction("adopt", item.url, thing.id, "exists with the same fields")
        return _Outcome("planned", item.url, planned=[action])
    return _Outcome("adopted", item.url, record)


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
        if known_user and not any(_same(i.owner, known_user) for i in items):
            skip_for = None
        first = classify(items, self.state, skip_for, prune=self.prune)
        if not first.has_work:
            # Everything is as the state says: zero requests, not even /user.
            self._finish_without_work(first)
            return self.report
        while True:
            try:
                user, index = self._survey(known_user, items)
                break
            except RateLimitExceeded as exc:
                # Not even the survey got through: everything with work is pending.
                reset = self._reset_of(exc)
                if self._wait_for_reset(reset):
                    continue
                self.report.unchanged.extend(item.url for item in first.unchanged)
                self.report.skipped.extend(first.skipped)
                self.report.orphans.extend(first.orphans)
                self.report.pending.extend(
                    [item.url for item, _ in first.changed]
                    + [item.url for item in first.new]
                    + [url for url, _ in first.prune]
                )
                self.report.reset_at = reset or None
                self.save()
                return self.report
        self.report.user = user
        plan = classify(items, self.state, user, prune=self.prune)
        self.report.unchanged.extend(item.url for item in plan.unchanged)
        self.report.skipped.extend(plan.skipped)
        self.report.orphans.extend(plan.orphans)
        tasks = self._tasks(plan, index)
        self._run_tasks(tasks, _Worker(self.api, user, self.dry_run))
        self.save()
        return self.report

    def _survey(
        self, known_user: str | None, items: Sequence[Item]
    ) -> tuple[str, dict[str, Thing] | None]:
        """Find out whose token this is and, when the state cannot tell, what exists already.

        Returns the token's username and, when fetched, the user's things by URL.
        """
        user: str | None = None
        if self.state.things:
            user = self._whoami()
            if known_user is not None and not _same(user, known_user):
                self.report.warnings.append(
                    f"state file {self.state_path} belongs to Flattr user {known_user!r}, but "
                    f"the token is {user!r}'s; rebuilding it from {user!r}'s things"
                )
                self.state = SyncState(api_url=self.api.api_url)
                self.dirty = True
        index: dict[str, Thing] | None = None
        if not self.state.things:
            index, user = self._fetch_index(user)
        assert user is not None
        if self.state.user != user:
            self.state.user = user
            self.dirty = True
        if index is None:
            # Each new URL costs a lookup and each changed one a GET of its recorded id (the
            # check before a PATCH); the list of the user's things answers both.
            pending = classify(items, self.state, user)
            new = len(pending.new) + len(pending.changed)
            if new and self._index_is_cheaper(new):
                index, _ = self._fetch_index(user)
        return user, index

    def _finish_without_work(self, first: Classified) -> None:
        self.report.unchanged.extend(item.url for item in first.unchanged)
        self.report.skipped.extend(first.skipped)
        self.report.orphans.extend(first.orphans)
        self.report.user = self.state.user
        if self.dirty:  # e.g. a corrupt file was moved aside and there is nothing to sync
            self.save()

    def _whoami(self) -> str:
        me = self.api.authenticated.get()
        name = getattr(me, "username", None)
        if not isinstance(name, str) or not name:
            raise ResponseError("/user answered without a username; cannot tell whose state")
        return name

    def _fetch_index(self, user: str | None) -> tuple[dict[str, Thing], str]:
        """All the user's things by URL (100 per request). Their owner names the user."""
        index: dict[str, Thing] = {}
        for thing in self.api.authenticated.get_things(count=PAGE_SIZE):
            if thing.url:
                index.setdefault(thing.url, thing)
            if user is None:
                user = owner_name(thing)
        if user is None:  # the user owns nothing yet (or the server omits owners)
            user = self._whoami()
        return index, user

    def _index_is_cheaper(self, new_count: int) -> bool:
        # One request per new or changed URL, or one per page of the user's things: fewer wins.
        pages = (len(self.state.things) + new_count) // PAGE_SIZE + 1
        return new_count > pages

    def _tasks(self, plan: Classified, index: dict[str, Thing] | None) -> deque[_Task]:
        tasks: deque[_Task] = deque()
        for item, record in plan.changed:
            listed = index.get(item.url) if index is not None else None
            # Listed under this URL with the recorded id: checked already, no GET before the PATCH.
            checked = listed if listed is not None and str(listed.id) == str(record.id) else None
            tasks.append(_Task("update", item.url, item=item, record=record, thing=checked))
        for item in plan.new:
            if index is None:
                tasks.append(_Task("ensure", item.url, item=item))
                continue
            thing = index.get(item.url)
            if thing is None:
                tasks.append(_Task("create", item.url, item=item))
            elif fields_differ(thing, item):
                tasks.append(_Task("adopt", item.url, item=item, thing=thing))
            else:  # adopted as is: no request
                self._apply(_adopted_as_is(item, thing, self.dry_run))
        for url, record in plan.prune:
            tasks.append(_Task("prune", url, record=record))
        return tasks

    def _apply(self, outcome: _Outcome) -> None:
        report = self.report
        report.warnings.extend(outcome.warnings)
        if outcome.kind == "failed":
            report.failed.append(SyncFailure(outcome.url, outcome.message))
            return
        if outcome.kind == "planned":
            report.plan.extend(outcome.planned)
            return
        if outcome.kind == "pruned":
            self.state.things.pop(outcome.url, None)
            report.pruned.append(outcome.url)
        else:
            assert outcome.record is not None
            self.state.things[outcome.url] = outcome.record
            getattr(report, outcome.kind).append(outcome.url)
        self.dirty = True

    def _run_tasks(self, tasks: deque[_Task], worker: _Worker) -> None:
        total = len(tasks)
        done = 0
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="flattr-sync") as pool:
            while tasks:
                limited = self._run_until_limited(pool, tasks, worker, total, done)
                done = total - len(tasks)
                if limited is None:
                    break
                self.save()  # keep what was done before any waiting or stopping
                if not self._wait_for_reset(limited):
                    self.report.pending.extend(task.url for task in tasks)
                    self.report.reset_at = limited
                    return
                self.report.warnings.append(
                    f"rate limit reached; waited until {format_epoch(limited)} and went on"
                )

    def _run_until_limited(
        self,
        pool: ThreadPoolExecutor,
        tasks: deque[_Task],
        worker: _Worker,
        total: int,
        done: int,
    ) -> int | None:
        """Run tasks until done (None) or the rate limit stops them (its reset epoch, or 0).

        At most ``concurrency`` tasks are in flight, so stopping leaves no queued-up requests.
        A task stopped by the rate limit goes back to the front of the queue.
        """
        running: dict[Future[_Outcome], _Task] = {}
        limited: int | None = None
        while tasks or running:
            while tasks and limited is None and len(running) < self.concurrency:
                task = tasks.popleft()
                running[pool.submit(worker.run, task)] = task
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                try:
                    outcome = future.result()
                except RateLimitExceeded as exc:
                    tasks.appendleft(task)
                    limited = max(limited or 0, self._reset_of(exc))
                    continue
                self._apply(outcome)
                done += 1
                if self.progress is not None:
                    self.progress(done, total)
                self.save_if_due()
        return limited

    def _reset_of(self, exc: RateLimitExceeded) -> int:
        for source in (exc.rate_limit, getattr(self.api, "last_rate_limit", None)):
            reset = getattr(source, "reset", None)
            if isinstance(reset, int) and reset > 0:
                return reset
        return 0

    def _wait_for_reset(self, reset: int) -> bool:
        """Sleep until the limit resets when asked to and the wait is bounded; else False."""
        if not self.wait_for_reset or reset <= 0:
            return False
        delay = max(0.0, reset - self.clock.time() + 1.0)  # +1: that second is still limited
        if self.waited + delay > self.max_wait:
            # The bound is on the whole run, so a limit that keeps coming back cannot hang it.
            self.report.warnings.append(
                f"rate limit resets at {format_epoch(reset)}; waiting for it would exceed "
                f"max_wait ({self.max_wait:.0f} s in all); not waiting"
            )
            return False
        self.waited += delay
        self.clock.sleep(delay)
        return True


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
