"""sync() against a small in-memory Flattr (Contract 1's shape): planning, resumption, limits.

The sandbox tests (test_sync_sandbox.py) check the same behaviour over HTTP; these pin down the
corner cases that are hard to provoke on a real server, and count requests exactly.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest

import tests.factories as factories
from flattr_core.errors import NotFound, RateLimitExceeded, ThingExists, TransportError
from flattr_core.errors import ValidationError as FlattrValidationError
from flattr_core.models import RateLimit, Thing, User
from flattr_core.publish import Item, SyncReport, sync
from flattr_core.publish.state import SyncState, ThingRecord, load_state, save_state
from flattr_core.publish.sync_work import fields_differ
from flattr_core.publish.syncing import classify

API_URL = "http://fake.test/rest/v2"
RESET = 1_800_000_000


def make_item(n: int, **fields: Any) -> Item:
    """Article ``n``, with a tag of its own so that no two articles have the same fields."""
    return factories.make_item(n, **{"tags": ("python", f"t{n}"), **fields})


def synced(items: list[Item], flattr: FakeFlattr, state_path: Any) -> list[Item]:
    """``items`` after a first sync; the request log then starts afresh for the run under test."""
    sync(items, flattr, state_path)
    flattr.requests.clear()
    return items


class FakeFlattr:
    """Just enough of Flattr: things with unique URLs, owners, a write budget, faults."""

    def __init__(self, user: str = "alice") -> None:
        self.user = user
        self.api_url = API_URL
        self.last_rate_limit: RateLimit | None = None
        self.store: dict[int, dict] = {}
        self.next_id = 1000
        self.requests: list[str] = []
        self.writes_left: int | None = None  # None: no rate limit
        self.reset = RESET
        self.fail: dict[str, Exception] = {}  # url -> error raised on create/update
        self.lose_answer: set[str] = set()  # creates that land, but the answer is lost
        self.lock = threading.Lock()
        self.things = _Things(self)
        self.authenticated = _Authenticated(self)

    def count(self, route: str) -> None:
        with self.lock:
            self.requests.append(route)
            if route.split()[0] in ("POST", "PATCH", "DELETE") and self.writes_left is not None:
                if self.writes_left <= 0:
                    raise RateLimitExceeded(
                        "hourly limit reached", status=403, rate_limit=RateLimit(reset=self.reset)
                    )
                self.writes_left -= 1

    def add(self, url: str, owner: str | None = None, **fields) -> int:
        with self.lock:
            self.next_id += 1
            defaults = {
                "title": "",
                "description": "",
                "category": "rest",
                "language": "en_GB",
                "tags": [],
                "hidden": False,
            }
            self.store[self.next_id] = {
                **defaults,
                **fields,
                "url": url,
                "owner": owner or self.user,
            }
            return self.next_id

    def thing(self, thing_id: int) -> Thing:
        data = self.store[thing_id]
        return Thing(
            id=thing_id,
            url=data["url"],
            title=data["title"],
            description=data["description"],
            tags=list(data["tags"]),
            language=data["language"],
            category=data["category"],
            hidden=data["hidden"],
            owner=User(username=data["owner"]),
        )

    def mine(self) -> list[Thing]:
        return [self.thing(i) for i, d in sorted(self.store.items()) if d["owner"] == self.user]

    def by_url(self, url: str) -> int | None:
        return next((i for i, d in self.store.items() if d["url"] == url), None)


class _Things:
    def __init__(self, server: FakeFlattr) -> None:
        self.s = server

    def create(self, url, **fields):
        """As ThingsApi.create behaves: an attempt whose answer was lost is looked up, and the
        thing it created is returned (the client retries only when the lookup finds nothing)."""
        self.s.count("POST /things")
        if url in self.s.fail:
            raise self.s.fail[url]
        if self.s.by_url(url) is not None:
            raise ThingExists("Thing already exists", status=400, code="validation")
        thing_id = self.s.add(url, **fields)
        if url in self.s.lose_answer:
            self.s.lose_answer.discard(url)
            found = self.lookup(url)
            assert found is not None
            return found
        return self.s.thing(thing_id)

    def update(self, thing_id, **fields):
        self.s.count("PATCH /things/:id")
        if thing_id not in self.s.store:
            raise NotFound("no such thing", status=404)
        url = self.s.store[thing_id]["url"]
        if url in self.s.fail:
            raise self.s.fail[url]
        self.s.store[thing_id].update(fields)

    def delete(self, thing_id):
        self.s.count("DELETE /things/:id")
        if self.s.store.pop(thing_id, None) is None:
            raise NotFound("no such thing", status=404)

    def get(self, thing_id):
        self.s.count("GET /things/:id")
        if thing_id not in self.s.store:
            raise NotFound("no such thing", status=404)
        return self.s.thing(thing_id)

    def lookup(self, url):
        self.s.count("GET /things/lookup")
        thing_id = self.s.by_url(url)
        return None if thing_id is None else self.s.thing(thing_id)


class _Authenticated:
    def __init__(self, server: FakeFlattr) -> None:
        self.s = server

    def get(self):
        self.s.count("GET /user")
        return User(username=self.s.user)

    def get_things(self, count=None, page=None, full=False):
        assert count == 100 and page is None
        mine = self.s.mine()
        pages = [mine[i : i + 100] for i in range(0, len(mine), 100)]
        if not pages or len(pages[-1]) == 100:
            pages.append([])  # a client stops on a short page: a full last page costs one more
        for chunk in pages:
            self.s.count("GET /user/things")
            yield from chunk


class FakeClock:
    """Time that passes only when sync sleeps; ``on_sleep`` is what the world does meanwhile."""

    def __init__(self, now: float, on_sleep: Callable[[], None] = lambda: None) -> None:
        self.now = now
        self.slept: list[float] = []
        self.on_sleep = on_sleep

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        self.on_sleep()


@pytest.fixture
def flattr() -> FakeFlattr:
    return FakeFlattr()


@pytest.fixture
def state_path(tmp_path):
    return tmp_path / ".flattr-state.json"


def things_by_url(server: FakeFlattr) -> dict[str, int]:
    urls = [d["url"] for d in server.store.values()]
    assert len(urls) == len(set(urls)), "duplicate things"
    return {d["url"]: i for i, d in server.store.items()}


# -- the normal life of a site ---------------------------------------------------------------


def test_first_sync_creates_every_item_with_one_request_each_plus_one_page(flattr, state_path):
    items = [make_item(n) for n in range(5)]

    report = sync(items, flattr, state_path)

    assert sorted(report.created) == sorted(i.url for i in items)
    assert report.ok
    # No state: list the user's things (1 page: its owners name the user), then 5 creates.
    assert flattr.requests.count("POST /things") == 5
    assert len(flattr.requests) == 5 + 2  # empty list: one page, then /user to learn the name
    state = load_state(state_path).state
    assert state.user == "alice" and state.api_url == API_URL
    assert set(state.things) == {i.url for i in items}
    assert all(rec.created for rec in state.things.values())


def test_second_sync_with_nothing_changed_makes_zero_requests(flattr, state_path):
    items = [make_item(n) for n in range(5)]
    sync(items, flattr, state_path)
    before = state_path.read_text()
    flattr.requests.clear()

    report = sync(items, flattr, state_path)

    assert flattr.requests == []
    assert len(report.unchanged) == 5
    assert report.summary() == (
        "Flattr sync: 0 created, 0 updated, 5 unchanged, 0 adopted, 0 failed, 0 pending"
    )
    assert state_path.read_text() == before


def test_an_edited_item_is_updated_and_only_it(flattr, state_path):
    items = synced([make_item(n) for n in range(3)], flattr, state_path)
    items[1] = make_item(1, title="A better title for one")

    report = sync(items, flattr, state_path)

    assert report.updated == [items[1].url]
    assert len(report.unchanged) == 2
    assert flattr.requests == ["GET /user", "GET /things/:id", "PATCH /things/:id"]
    thing_id = things_by_url(flattr)[items[1].url]
    assert flattr.store[thing_id]["title"] == "A better title for one"


def test_deleted_state_adopts_existing_things_instead_of_duplicating(flattr, state_path):
    items = [make_item(n) for n in range(250)]
    sync(items, flattr, state_path, concurrency=8)
    state_path.unlink()
    flattr.requests.clear()

    report = sync(items, flattr, state_path)

    assert len(report.adopted) == 250 and not report.created
    assert flattr.requests == ["GET /user/things"] * 3  # 250 things: 3 pages, no /user needed
    assert len(things_by_url(flattr)) == 250
    assert not any(rec.created for rec in load_state(state_path).state.things.values())


def test_adopted_thing_with_other_fields_is_updated(flattr, state_path):
    item = make_item(1)
    flattr.add(item.url, title="Old title", description="old")

    report = sync([item], flattr, state_path)

    assert report.updated == [item.url], "a PATCH was sent: that is an update"
    assert report.adopted == []
    assert flattr.requests == ["GET /user/things", "PATCH /things/:id"]
    assert flattr.store[things_by_url(flattr)[item.url]]["title"] == item.title


def test_state_of_another_user_is_rebuilt_for_the_token_user(flattr, state_path):
    items = [make_item(1)]
    save_state(SyncState(API_URL, "bob", {items[0].url: ThingRecord(5, "stale", True)}), state_path)

    report = sync(items, flattr, state_path)

    assert any("belongs to Flattr user 'bob'" in w for w in report.warnings)
    assert report.created == [items[0].url]
    assert load_state(state_path).state.user == "alice"


def test_state_of_another_server_is_rebuilt(flattr, state_path):
    items = [make_item(1)]
    flattr.add(items[0].url, **items[0].thing_fields())
    save_state(
        SyncState(
            "https://api.flattr.com/rest/v2",
            "alice",
            {items[0].url: ThingRecord(5, items[0].fingerprint())},
        ),
        state_path,
    )

    report = sync(items, flattr, state_path)

    assert any("was written for https://api.flattr.com/rest/v2" in w for w in report.warnings)
    assert report.adopted == [items[0].url]
    assert load_state(state_path).state.api_url == API_URL


def test_corrupt_state_is_reported_moved_aside_and_rebuilt(flattr, state_path):
    items = [make_item(1)]
    sync(items, flattr, state_path)
    state_path.write_text("{ half a file")

    report = sync(items, flattr, state_path)

    assert any("unusable" in w and "moved it to" in w for w in report.warnings)
    assert report.adopted == [items[0].url]
    assert len(things_by_url(flattr)) == 1
    assert list(state_path.parent.glob(".flattr-state.json.corrupt-*"))


def test_items_of_other_owners_are_skipped_and_said_so(flattr, state_path):
    items = [make_item(1), make_item(2, owner="bob")]

    report = sync(items, flattr, state_path)

    assert report.created == [items[0].url]
    assert [(s.url, s.owner) for s in report.skipped] == [(items[1].url, "bob")]
    assert "1 skipped (owned by other Flattr users" in report.summary()
    assert "auto-submit" in report.summary()
    # Known user in the state: the skip costs nothing the next time.
    flattr.requests.clear()
    assert len(sync(items, flattr, state_path).skipped) == 1
    assert flattr.requests == []


# -- new pages on a synced site: lookups or the list, whichever is cheaper --------------------


def test_a_few_new_items_are_looked_up_then_created(flattr, state_path):
    items = synced([make_item(n) for n in range(150)], flattr, state_path)

    report = sync([*items, make_item(900)], flattr, state_path)

    assert report.created == [make_item(900).url]
    assert flattr.requests == ["GET /user", "GET /things/lookup", "POST /things"]


def test_many_new_items_are_matched_against_the_list(flattr, state_path):
    items = synced([make_item(n) for n in range(10)], flattr, state_path)
    more = [make_item(n) for n in range(100, 110)]

    sync(items + more, flattr, state_path)

    assert flattr.requests.count("GET /things/lookup") == 0
    assert flattr.requests.count("GET /user/things") == 1
    assert flattr.requests.count("POST /things") == 10


def test_many_edited_items_are_checked_against_the_list_not_one_get_each(flattr, state_path):
    synced([make_item(n) for n in range(10)], flattr, state_path)

    report = sync([make_item(n, title=f"Edited title {n}") for n in range(10)], flattr, state_path)

    assert len(report.updated) == 10
    assert flattr.requests.count("GET /things/:id") == 0
    assert flattr.requests.count("GET /user/things") == 1
    assert flattr.requests.count("PATCH /things/:id") == 10


def test_a_new_item_whose_thing_exists_is_adopted_not_duplicated(flattr, state_path):
    items = [make_item(n) for n in range(3)]
    sync(items, flattr, state_path)
    late = make_item(7)
    flattr.add(late.url, **late.thing_fields())  # created elsewhere, e.g. by a killed run

    report = sync([*items, late], flattr, state_path)

    assert report.adopted == [late.url]
    assert len(things_by_url(flattr)) == 4


# -- lost answers, failures, gone things ------------------------------------------------------


def test_create_whose_answer_was_lost_is_looked_up_not_repeated(flattr, state_path):
    items = [make_item(n) for n in range(3)]
    flattr.lose_answer.add(items[1].url)

    report = sync(items, flattr, state_path)

    assert sorted(report.created) == sorted(i.url for i in items)
    assert len(things_by_url(flattr)) == 3
    assert flattr.requests.count("POST /things") == 3
    assert flattr.requests.count("GET /things/lookup") == 1
    assert load_state(state_path).state.things[items[1].url].created


def test_a_create_the_client_gave_up_on_is_a_failure_and_not_posted_again(flattr, state_path):
    items = [make_item(n) for n in range(2)]
    flattr.fail[items[0].url] = TransportError("connection reset by peer (after the retries)")

    report = sync(items, flattr, state_path)

    assert [failure.url for failure in report.failed] == [items[0].url]
    assert report.created == [items[1].url]
    assert flattr.requests.count("POST /things") == 2, "one create call per item, no second loop"


def test_create_refused_as_existing_is_resolved_by_a_lookup(flattr, state_path):
    items = [make_item(n) for n in range(2)]
    sync(items[:1], flattr, state_path)
    real_lookup = flattr.things.lookup
    misses = iter([True])

    def racing_lookup(url):
        # Another process creates the thing right after our lookup missed it.
        if next(misses, False):
            flattr.add(url, **items[1].thing_fields())
            return None
        return real_lookup(url)

    flattr.things.lookup = racing_lookup
    flattr.requests.clear()

    report = sync(items, flattr, state_path)

    assert report.adopted == [items[1].url]
    assert flattr.requests == ["GET /user", "POST /things", "GET /things/lookup"]
    assert len(things_by_url(flattr)) == 2


def test_a_single_failure_is_reported_and_the_others_go_on(flattr, state_path):
    items = [make_item(n) for n in range(6)]
    flattr.fail[items[3].url] = FlattrValidationError("Invalid url", status=400)

    report = sync(items, flattr, state_path, concurrency=2)

    assert len(report.created) == 5
    assert [f.url for f in report.failed] == [items[3].url]
    assert "Invalid url" in report.failed[0].message
    assert not report.ok
    assert "1 failed" in report.summary()
    assert items[3].url not in load_state(state_path).state.things
    # The next run tries the failed one again, and only it.
    del flattr.fail[items[3].url]
    flattr.requests.clear()
    assert sync(items, flattr, state_path).created == [items[3].url]


def test_a_thing_owned_by_someone_else_is_a_failure_not_an_adoption(flattr, state_path):
    item = make_item(1)
    sync([make_item(2)], flattr, state_path)
    flattr.add(item.url, owner="bob")

    report = sync([make_item(2), item], flattr, state_path)

    assert report.failed and "belongs to Flattr user 'bob'" in report.failed[0].message
    assert item.url not in load_state(state_path).state.things


def test_update_of_a_thing_deleted_on_flattr_recreates_it(flattr, state_path):
    items = [make_item(1)]
    sync(items, flattr, state_path)
    flattr.store.clear()
    flattr.requests.clear()

    report = sync([make_item(1, title="Changed title here")], flattr, state_path)

    assert report.created == [items[0].url]
    assert flattr.requests == [
        "GET /user",
        "GET /things/:id",
        "GET /things/lookup",
        "POST /things",
    ]
    assert len(flattr.store) == 1
    assert "thing 1001 in the state file was deleted; treated as gone" in report.warnings[0]


def test_an_id_that_now_names_another_url_is_never_patched(flattr, state_path):
    item = make_item(1)
    sync([item], flattr, state_path)
    (old_id,) = flattr.store
    other = {**flattr.store.pop(old_id), "url": "https://elsewhere.example/", "title": "Other"}
    flattr.store[old_id] = other  # the server gave the id to an unrelated thing
    flattr.requests.clear()

    report = sync([make_item(1, title="Edited title")], flattr, state_path)

    assert flattr.store[old_id]["title"] == "Other", "the unrelated thing is untouched"
    assert report.created == [item.url]
    assert "PATCH /things/:id" not in flattr.requests
    assert "now belongs to https://elsewhere.example/" in report.warnings[0]
    assert load_state(state_path).state.things[item.url].id != old_id


# -- the rate limit -----------------------------------------------------------------------------


def test_rate_limit_stops_saves_and_reports_pending_and_reset(flattr, state_path):
    items = [make_item(n) for n in range(20)]
    flattr.writes_left = 8

    report = sync(items, flattr, state_path, concurrency=3)

    assert len(report.created) == 8
    assert len(report.pending) == 12
    assert report.reset_at == RESET
    assert "8 created" in report.summary() and "12 pending" in report.summary()
    assert "rate limit reached, rerun after 2027-01-15 08:00:00 UTC" in report.summary()
    assert len(load_state(state_path).state.things) == 8
    # After the reset a rerun finishes the job: no duplicate, nothing lost.
    flattr.writes_left = None
    rerun = sync(items, flattr, state_path)
    assert len(rerun.created) == 12 and len(rerun.unchanged) == 8
    assert len(things_by_url(flattr)) == 20


def test_rate_limit_with_wait_sleeps_until_the_reset_then_finishes(flattr, state_path):
    items = [make_item(n) for n in range(10)]
    flattr.writes_left = 4

    def reset_window() -> None:
        flattr.writes_left = None

    clock = FakeClock(RESET - 600, on_sleep=reset_window)
    report = sync(items, flattr, state_path, wait=True, clock=clock)

    assert clock.slept == [601.0]
    assert len(report.created) == 10 and not report.pending
    assert any("waited until" in w for w in report.warnings)


def test_wait_is_bounded(flattr, state_path):
    flattr.writes_left = 0
    clock = FakeClock(RESET - 100_000)

    report = sync([make_item(1)], flattr, state_path, wait=True, clock=clock, max_wait=3900)

    assert clock.slept == []
    assert report.pending == [make_item(1).url]
    assert any("not waiting" in w for w in report.warnings)


def test_rate_limit_before_any_write_leaves_everything_pending(flattr, state_path):
    items = [make_item(n) for n in range(3)]
    flattr.writes_left = 0

    def limited_listing(count=None, page=None, full=False):
        raise RateLimitExceeded(
            "hourly limit reached", status=403, rate_limit=RateLimit(reset=RESET)
        )
        yield  # pragma: no cover (a generator, like the client's)

    flattr.authenticated.get_things = limited_listing

    report = sync(items, flattr, state_path)

    assert sorted(report.pending) == sorted(i.url for i in items)
    assert report.reset_at == RESET
    assert flattr.store == {}


def test_a_limit_that_keeps_coming_back_is_waited_for_within_max_wait_in_all(flattr, state_path):
    items = [make_item(n) for n in range(10)]
    flattr.writes_left = 2

    def next_window() -> None:
        flattr.writes_left = 2  # a new hour, a new (tiny) budget
        flattr.reset += 601

    clock = FakeClock(RESET - 600, on_sleep=next_window)
    report = sync(items, flattr, state_path, wait=True, clock=clock, max_wait=1500)

    assert clock.slept == [601.0, 601.0]
    assert len(report.created) == 6 and len(report.pending) == 4
    assert any("would exceed max_wait (1500 s in all)" in w for w in report.warnings)


# -- prune and dry run --------------------------------------------------------------------------


def test_prune_deletes_only_things_this_state_created_whose_page_is_gone(flattr, state_path):
    kept, gone = make_item(1), make_item(2)
    adopted_gone = make_item(3)
    flattr.add(adopted_gone.url, **adopted_gone.thing_fields())
    sync([kept, gone, adopted_gone], flattr, state_path)

    without_prune = sync([kept], flattr, state_path)
    assert without_prune.pruned == [] and len(flattr.store) == 3

    report = sync([kept], flattr, state_path, prune=True)

    assert report.pruned == [gone.url]
    assert "1 pruned" in report.summary()
    assert set(things_by_url(flattr)) == {kept.url, adopted_gone.url}
    assert gone.url not in load_state(state_path).state.things


def test_prune_with_no_items_at_all_deletes_nothing(flattr, state_path):
    sync([make_item(1)], flattr, state_path)

    report = sync([], flattr, state_path, prune=True)

    assert report.pruned == [] and len(flattr.store) == 1
    assert any("not pruning anything" in w for w in report.warnings)


def test_a_changed_url_creates_a_new_thing_and_prune_removes_the_old(flattr, state_path):
    old = make_item(1)
    sync([old], flattr, state_path)
    moved = dataclasses.replace(old, url="https://blog.example/2024/one.html")

    report = sync([moved], flattr, state_path, prune=True)

    assert report.created == [moved.url] and report.pruned == [old.url]
    assert set(things_by_url(flattr)) == {moved.url}


def test_a_renamed_pages_old_thing_is_reported_as_an_orphan(flattr, state_path):
    sync([make_item(1), make_item(2)], flattr, state_path)
    renamed = make_item(2, url="https://blog.example/2-new-slug.html")

    report = sync([make_item(1), renamed], flattr, state_path)

    assert report.created == [renamed.url]
    assert report.orphans == ["https://blog.example/2.html"]
    assert "1 orphaned (in the state file, page gone; sync with prune" in report.summary()
    assert report.to_dict()["orphans"] == ["https://blog.example/2.html"]


def test_orphans_are_reported_when_nothing_else_changed_too(flattr, state_path):
    sync([make_item(1), make_item(2)], flattr, state_path)
    flattr.requests.clear()

    report = sync([make_item(1)], flattr, state_path)

    assert flattr.requests == []
    assert report.orphans == ["https://blog.example/2.html"]


def test_pruned_things_are_no_longer_orphans(flattr, state_path):
    sync([make_item(1), make_item(2)], flattr, state_path)

    report = sync([make_item(1)], flattr, state_path, prune=True)

    assert report.pruned == ["https://blog.example/2.html"] and report.orphans == []


def test_dry_run_writes_nothing_and_lists_the_plan(flattr, state_path):
    items = [make_item(n) for n in range(4)]
    sync(items[:2], flattr, state_path, prune=False)
    before = state_path.read_text()
    store_before = {k: dict(v) for k, v in flattr.store.items()}
    flattr.requests.clear()
    edited = [make_item(0, title="New title for zero"), items[2], items[3]]

    report = sync(edited, flattr, state_path, dry_run=True, prune=True)

    assert {(a.action, a.url) for a in report.plan} == {
        ("update", items[0].url),
        ("create", items[2].url),
        ("create", items[3].url),
        ("prune", items[1].url),
    }
    assert report.summary().startswith(
        "Flattr sync (dry run, nothing written): would create 2, update 1, adopt 0, prune 1"
    )
    assert state_path.read_text() == before
    assert flattr.store == store_before
    assert all(r.startswith("GET") for r in flattr.requests)
    assert report.to_dict()["plan"][0].keys() == {"action", "url", "thing_id", "reason"}


def test_dry_run_leaves_a_corrupt_state_in_place(flattr, state_path):
    state_path.write_text("nonsense")

    report = sync([make_item(1)], flattr, state_path, dry_run=True)

    assert state_path.read_text() == "nonsense"
    assert any("would be moved aside" in w for w in report.warnings)


# -- pieces ----------------------------------------------------------------------------------


def test_progress_is_reported_per_finished_write(flattr, state_path):
    seen: list[tuple[int, int]] = []
    items = [make_item(n) for n in range(3)]

    sync(items, flattr, state_path, progress=lambda done, total: seen.append((done, total)))

    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_state_is_saved_during_a_long_run_not_only_at_the_end(flattr, state_path):
    saved_sizes: list[int] = []
    original_update = flattr.things.create

    def create_and_peek(url, **fields):
        if state_path.exists():
            saved_sizes.append(len(load_state(state_path).state.things))
        return original_update(url, **fields)

    flattr.things.create = create_and_peek  # type: ignore[method-assign]
    sync([make_item(n) for n in range(30)], flattr, state_path, concurrency=1, save_every=10)

    assert max(saved_sizes) >= 20


def test_duplicate_urls_are_synced_once_with_a_warning(flattr, state_path):
    a = make_item(1)
    b = dataclasses.replace(a, title="Same page, other file", source="content/copy.md")

    report = sync([a, b], flattr, state_path)

    assert report.created == [a.url]
    assert any("content/copy.md: same Flattr URL as content/1.md" in w for w in report.warnings)


def test_bad_concurrency_is_refused():
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        sync([], object(), "x.json", concurrency=0)  # type: ignore[arg-type]


def test_classify_sorts_items_by_what_the_state_says():
    state = SyncState(
        API_URL,
        "alice",
        {
            make_item(1).url: ThingRecord(1, make_item(1).fingerprint()),
            make_item(2).url: ThingRecord(2, "old"),
            "https://blog.example/gone.html": ThingRecord(3, "x", created=True),
            "https://blog.example/adopted-gone.html": ThingRecord(4, "x", created=False),
        },
    )
    items = [make_item(1), make_item(2), make_item(3), make_item(4, owner="Bob")]

    result = classify(items, state, "ALICE", prune=True)

    assert [i.url for i in result.unchanged] == [make_item(1).url]
    assert [(i.url, r.id) for i, r in result.changed] == [(make_item(2).url, 2)]
    assert [i.url for i in result.new] == [make_item(3).url]
    assert [s.owner for s in result.skipped] == ["Bob"]
    assert [url for url, _ in result.prune] == ["https://blog.example/gone.html"]


def test_fields_differ_ignores_tag_order_but_not_content():
    item = make_item(1)
    same = Thing(
        id=1,
        url=item.url,
        title=item.title,
        description=item.description,
        tags=list(reversed(item.tags)),
        language="en_GB",
        category="text",
        hidden=False,
    )
    assert not fields_differ(same, item)
    same.title = "Another title"
    assert fields_differ(same, item)


def test_report_to_dict_is_json_ready():
    report = SyncReport(created=["https://a.example/"], reset_at=RESET)

    data = json.loads(json.dumps(report.to_dict()))

    assert data["counts"]["created"] == 1
    assert data["created"] == ["https://a.example/"]
    assert data["reset_at"] == RESET
