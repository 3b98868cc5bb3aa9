"""The part of a sync that talks to the server: who the token is, what exists, and the creates,
updates and deletes, on a pool of threads (``flattr_core.publish.syncing`` says the rules).

Imported by ``syncing`` only when the state file leaves work to do: a warm build whose pages did
not change loads none of this, nor the error classes and the thread pool it needs.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import field
from typing import TYPE_CHECKING, Final, Literal

from flattr_core._records import Record, record_class
from flattr_core.errors import (
    FlattrError,
    NotFound,
    RateLimitExceeded,
    ResponseError,
    ThingExists,
    ValidationError,
)
from flattr_core.publish.entry import Item
from flattr_core.publish.report import PlannedAction, SyncFailure, format_epoch
from flattr_core.publish.state import SyncState, ThingRecord, same_user
from flattr_core.publish.syncing import Classified, classify

if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.api import FlattrApi
    from flattr_core.models import Thing
    from flattr_core.publish.syncing import _Run

PAGE_SIZE: Final = 100  # the largest page /user/things serves: the fewest requests


def execute_with_work(
    run: _Run, items: Sequence[Item], known_user: str | None, first: Classified
) -> None:
    """Steps 2 and 3 of ``run``, whose state left ``first`` (with work) to do."""
    while True:
        try:
            user, index = _survey(run, known_user, items)
            break
        except RateLimitExceeded as exc:
            # Not even the survey got through: everything with work is pending.
            reset = _reset_of(run, exc)
            if _wait_for_reset(run, reset):
                continue
            run.report.unchanged.extend(item.url for item in first.unchanged)
            run.report.skipped.extend(first.skipped)
            run.report.orphans.extend(first.orphans)
            run.report.pending.extend(
                [item.url for item, _ in first.changed]
                + [item.url for item in first.new]
                + [url for url, _ in first.prune]
            )
            run.report.reset_at = reset or None
            run.save()
            return
    run.report.user = user
    plan = classify(items, run.state, user, prune=run.prune)
    run.report.unchanged.extend(item.url for item in plan.unchanged)
    run.report.skipped.extend(plan.skipped)
    run.report.orphans.extend(plan.orphans)
    tasks = _tasks(run, plan, index)
    _run_tasks(run, tasks, _Worker(run.api, user, run.dry_run))
    run.save()


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


def thing_id(thing: Thing) -> int | str:
    """The id of a thing the server returned; an answer without one is unusable."""
    if thing.id is None:
        raise ResponseError(f"the server returned a thing without an id for {thing.url!r}")
    return thing.id


def owner_name(thing: Thing) -> str | None:
    owner = getattr(thing, "owner", None)
    name = getattr(owner, "username", None)
    return name if isinstance(name, str) else None


# -- tasks --------------------------------------------------------------------------------------


OutcomeKind = Literal["created", "updated", "adopted", "pruned", "failed", "planned"]


@record_class
class _Outcome(Record):
    """What one task did; applied to the state and the report by the main thread only."""

    kind: OutcomeKind
    url: str
    record: ThingRecord | None = None
    message: str = ""
    planned: list[PlannedAction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # for the report, whatever the kind

    def __init__(
        self,
        kind: OutcomeKind,
        url: str,
        record: ThingRecord | None = None,
        message: str = "",
        planned: list[PlannedAction] | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        self._init(
            kind=kind,
            url=url,
            record=record,
            message=message,
            planned=[] if planned is None else planned,
            warnings=[] if warnings is None else warnings,
        )


TaskKind = Literal["create", "ensure", "update", "adopt", "prune"]


@record_class
class _Task(Record):
    """A unit of work for a worker thread. ``thing`` set: adopt it (with ``record``: the listed
    thing that an update of ``record`` was checked against); ``record`` set: update."""

    kind: TaskKind
    url: str
    item: Item | None = None
    record: ThingRecord | None = None
    thing: Thing | None = None

    def __init__(
        self,
        kind: TaskKind,
        url: str,
        item: Item | None = None,
        record: ThingRecord | None = None,
        thing: Thing | None = None,
    ) -> None:
        self._init(kind=kind, url=url, item=item, record=record, thing=thing)


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
        if owner is not None and not same_user(owner, self.user):
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


# -- the run's steps ---------------------------------------------------------------------------


def _survey(
    run: _Run, known_user: str | None, items: Sequence[Item]
) -> tuple[str, dict[str, Thing] | None]:
    """Find out whose token this is and, when the state cannot tell, what exists already.

    Returns the token's username and, when fetched, the user's things by URL.
    """
    user: str | None = None
    if run.state.things:
        user = _whoami(run)
        if known_user is not None and not same_user(user, known_user):
            run.report.warnings.append(
                f"state file {run.state_path} belongs to Flattr user {known_user!r}, but "
                f"the token is {user!r}'s; rebuilding it from {user!r}'s things"
            )
            run.state = SyncState(api_url=run.api.api_url)
            run.dirty = True
    index: dict[str, Thing] | None = None
    if not run.state.things:
        index, user = _fetch_index(run, user)
    assert user is not None
    if run.state.user != user:
        run.state.user = user
        run.dirty = True
    if index is None:
        # Each new URL costs a lookup and each changed one a GET of its recorded id (the
        # check before a PATCH); the list of the user's things answers both.
        pending = classify(items, run.state, user)
        new = len(pending.new) + len(pending.changed)
        if new and _index_is_cheaper(run, new):
            index, _ = _fetch_index(run, user)
    return user, index


def _whoami(run: _Run) -> str:
    me = run.api.authenticated.get()
    name = getattr(me, "username", None)
    if not isinstance(name, str) or not name:
        raise ResponseError("/user answered without a username; cannot tell whose state")
    return name


def _fetch_index(run: _Run, user: str | None) -> tuple[dict[str, Thing], str]:
    """All the user's things by URL (100 per request). Their owner names the user."""
    index: dict[str, Thing] = {}
    for thing in run.api.authenticated.get_things(count=PAGE_SIZE):
        if thing.url:
            index.setdefault(thing.url, thing)
        if user is None:
            user = owner_name(thing)
    if user is None:  # the user owns nothing yet (or the server omits owners)
        user = _whoami(run)
    return index, user


def _index_is_cheaper(run: _Run, new_count: int) -> bool:
    # One request per new or changed URL, or one per page of the user's things: fewer wins.
    pages = (len(run.state.things) + new_count) // PAGE_SIZE + 1
    return new_count > pages


def _tasks(run: _Run, plan: Classified, index: dict[str, Thing] | None) -> deque[_Task]:
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
            _apply(run, _adopted_as_is(item, thing, run.dry_run))
    for url, record in plan.prune:
        tasks.append(_Task("prune", url, record=record))
    return tasks


def _apply(run: _Run, outcome: _Outcome) -> None:
    report = run.report
    report.warnings.extend(outcome.warnings)
    if outcome.kind == "failed":
        report.failed.append(SyncFailure(outcome.url, outcome.message))
        return
    if outcome.kind == "planned":
        report.plan.extend(outcome.planned)
        return
    if outcome.kind == "pruned":
        run.state.things.pop(outcome.url, None)
        report.pruned.append(outcome.url)
    else:
        assert outcome.record is not None
        run.state.things[outcome.url] = outcome.record
        getattr(report, outcome.kind).append(outcome.url)
    run.dirty = True


def _run_tasks(run: _Run, tasks: deque[_Task], worker: _Worker) -> None:
    # Imported here: a warm build, with nothing to do, starts no thread.
    from concurrent.futures import ThreadPoolExecutor

    total = len(tasks)
    done = 0
    with ThreadPoolExecutor(run.concurrency, thread_name_prefix="flattr-sync") as pool:
        while tasks:
            limited = _run_until_limited(run, pool, tasks, worker, total, done)
            done = total - len(tasks)
            if limited is None:
                break
            run.save()  # keep what was done before any waiting or stopping
            if not _wait_for_reset(run, limited):
                run.report.pending.extend(task.url for task in tasks)
                run.report.reset_at = limited
                return
            run.report.warnings.append(
                f"rate limit reached; waited until {format_epoch(limited)} and went on"
            )


def _run_until_limited(
    run: _Run,
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
        while tasks and limited is None and len(running) < run.concurrency:
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
                limited = max(limited or 0, _reset_of(run, exc))
                continue
            _apply(run, outcome)
            done += 1
            if run.progress is not None:
                run.progress(done, total)
            run.save_if_due()
    return limited


def _reset_of(run: _Run, exc: RateLimitExceeded) -> int:
    for source in (exc.rate_limit, getattr(run.api, "last_rate_limit", None)):
        reset = getattr(source, "reset", None)
        if isinstance(reset, int) and reset > 0:
            return reset
    return 0


def _wait_for_reset(run: _Run, reset: int) -> bool:
    """Sleep until the limit resets when asked to and the wait is bounded; else False."""
    if not run.wait_for_reset or reset <= 0:
        return False
    delay = max(0.0, reset - run.clock.time() + 1.0)  # +1: that second is still limited
    if run.waited + delay > run.max_wait:
        # The bound is on the whole run, so a limit that keeps coming back cannot hang it.
        run.report.warnings.append(
            f"rate limit resets at {format_epoch(reset)}; waiting for it would exceed "
            f"max_wait ({run.max_wait:.0f} s in all); not waiting"
        )
        return False
    run.waited += delay
    run.clock.sleep(delay)
    return True
