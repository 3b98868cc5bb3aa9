"""sync() over HTTP: the real client against the sandbox, counting the requests it makes."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests

import flattr_core.api
import tests.factories as factories
from flattr_core.api import RetryPolicy
from flattr_core.publish import Item, sync
from flattr_core.publish.state import load_state

SITE = "https://blog.example"
FAST_RETRY = RetryPolicy(backoff_base=0.01, jitter=0.0)


def make_item(n: int, **fields: Any) -> Item:
    """Article ``n`` with a sentence of description and two tags, as the server will store it."""
    values = {
        "description": f"What article {n} is about, in a sentence.",
        "tags": ("python", "flattr"),
    }
    return factories.make_item(n, site=SITE, **{**values, **fields})


@pytest.fixture
def api(flattr_sandbox):
    with flattr_core.api.get(
        flattr_sandbox.mint_token("alice"), api_url=flattr_sandbox.api_url, retry=FAST_RETRY
    ) as client:
        yield client


@pytest.fixture
def state_path(tmp_path):
    return tmp_path / ".flattr-state.json"


def counts(sandbox) -> dict[str, int]:
    """Requests per route since the last reset, without the /rest/v2 prefix."""
    return {route.replace("/rest/v2", ""): n for route, n in sandbox.request_counts().items()}


def alice_things(api) -> dict[str, int]:
    """URL -> id of every blog thing alice owns; fails on a duplicate URL."""
    urls: dict[str, int] = {}
    for thing in api.authenticated.get_things(count=100):
        if thing.url.startswith(SITE):
            assert thing.url not in urls, f"duplicate thing for {thing.url}"
            urls[thing.url] = thing.id
    return urls


def test_first_sync_creates_one_thing_per_item(flattr_sandbox, api, state_path):
    items = [make_item(n) for n in range(5)]

    report = sync(items, api, state_path)

    assert sorted(report.created) == sorted(item.url for item in items)
    assert counts(flattr_sandbox) == {"GET /user/things": 1, "POST /things": 5}
    assert set(alice_things(api)) == {item.url for item in items}
    assert report.summary() == (
        "Flattr sync: 5 created, 0 updated, 0 unchanged, 0 adopted, 0 failed, 0 pending"
    )


def test_second_sync_makes_no_request_at_all(flattr_sandbox, api, state_path):
    items = [make_item(n) for n in range(5)]
    sync(items, api, state_path)
    flattr_sandbox.reset_counts()

    report = sync(items, api, state_path)

    assert flattr_sandbox.request_count() == 0
    assert len(report.unchanged) == 5


def test_an_edited_item_updates_its_thing(flattr_sandbox, api, state_path):
    items = [make_item(n) for n in range(3)]
    sync(items, api, state_path)
    flattr_sandbox.reset_counts()

    report = sync([make_item(0, title="A sharper title"), *items[1:]], api, state_path)

    assert report.updated == [items[0].url]
    # The GET checks that the recorded id still names this page's thing before the PATCH.
    assert counts(flattr_sandbox) == {
        "GET /user": 1,
        "GET /things/<ids>": 1,
        "PATCH /things/<ids>": 1,
    }
    thing = api.things.lookup(items[0].url)
    assert thing is not None and thing.title == "A sharper title"


def test_deleted_state_adopts_the_things_instead_of_duplicating_them(
    flattr_sandbox, api, state_path
):
    items = [make_item(n) for n in range(120)]
    sync(items, api, state_path, concurrency=8)
    state_path.unlink()
    flattr_sandbox.reset_counts()

    report = sync(items, api, state_path)

    assert len(report.adopted) == 120 and not report.created
    assert counts(flattr_sandbox) == {"GET /user/things": 2}  # 120 + seed things: 2 pages
    assert len(alice_things(api)) == 120
    assert len(load_state(state_path).state.things) == 120


def test_a_page_whose_thing_was_deleted_never_updates_the_next_thing(
    flattr_sandbox, api, state_path
):
    page = make_item(1)
    sync([page], api, state_path)
    old_id = alice_things(api)[page.url]
    api.things.delete(old_id)
    other = api.things.create(f"{SITE}/unrelated", title="Somebody else's page")

    report = sync([make_item(1, title="The page, edited")], api, state_path)

    assert other.id != old_id, "the sandbox never reuses a thing id"
    assert api.things.get(other.id).title == "Somebody else's page"
    assert report.created == [page.url]
    assert f"thing {old_id} in the state file was deleted" in report.warnings[0]
    assert alice_things(api)[page.url] not in (old_id, other.id)


def test_a_create_whose_answer_is_lost_is_not_duplicated(flattr_sandbox, state_path):
    class LosesOneAnswer(requests.Session):
        """The first POST /things reaches the server, but its answer never comes back."""

        lost = 0

        def send(self, request, **kwargs):
            response = super().send(request, **kwargs)
            if request.method == "POST" and request.url.endswith("/things") and not self.lost:
                self.lost += 1
                raise requests.ConnectionError("connection reset while reading the answer")
            return response

    items = [make_item(n) for n in range(4)]
    with flattr_core.api.get(
        flattr_sandbox.mint_token("alice"),
        api_url=flattr_sandbox.api_url,
        retry=FAST_RETRY,
        session=LosesOneAnswer(),
    ) as api:
        report = sync(items, api, state_path, concurrency=1)

        assert sorted(report.created) == sorted(item.url for item in items)
        assert counts(flattr_sandbox)["POST /things"] == 4  # looked up, never re-posted
        assert len(alice_things(api)) == 4


def test_dropped_create_answers_post_each_item_at_most_the_clients_retry_count(
    flattr_sandbox, state_path
):
    class DropsEveryCreate(requests.Session):
        """Every POST /things is dropped by the sandbox before it lands (connection reset)."""

        posts: dict[str, int] = {}

        def send(self, request, **kwargs):
            if request.method == "POST" and request.url.endswith("/things"):
                url = parse_qs(request.body)["url"][0]
                self.posts[url] = self.posts.get(url, 0) + 1
                flattr_sandbox.inject_faults("drop")
            return super().send(request, **kwargs)

    items = [make_item(n) for n in range(3)]
    session = DropsEveryCreate()
    max_retries = 3
    with flattr_core.api.get(
        flattr_sandbox.mint_token("alice"),
        api_url=flattr_sandbox.api_url,
        retry=FAST_RETRY,
        max_retries=max_retries,
        session=session,
    ) as api:
        report = sync(items, api, state_path, concurrency=1)

        assert sorted(failure.url for failure in report.failed) == [item.url for item in items]
        assert session.posts == {item.url: max_retries + 1 for item in items}
        assert counts(flattr_sandbox)["POST /things"] == 3 * (max_retries + 1)
        assert alice_things(api) == {}


def test_random_server_faults_end_with_every_thing_once(flattr_sandbox, state_path):
    items = [make_item(n) for n in range(30)]
    flattr_sandbox.configure(fail_rate=0.2)  # 500s, HTML 503s and dropped connections
    token = flattr_sandbox.mint_token("alice")

    with flattr_core.api.get(
        token, api_url=flattr_sandbox.api_url, retry=FAST_RETRY, max_retries=6
    ) as api:
        first = sync(items, api, state_path)
        flattr_sandbox.configure(fail_rate=0.0)
        second = sync(items, api, state_path)

        assert len(first.created) + len(first.adopted) + len(first.failed) == 30
        assert len(first.created) + len(second.created) + len(second.adopted) == 30
        assert second.ok
        assert len(alice_things(api)) == 30


def test_rate_limit_leaves_the_rest_pending_with_the_reset_time(flattr_sandbox, api, state_path):
    items = [make_item(n) for n in range(20)]
    flattr_sandbox.configure(rate_limit=10)

    report = sync(items, api, state_path, concurrency=2)

    assert len(report.created) == 9  # 10 requests: the list of things, then 9 creates
    assert len(report.pending) == 11
    assert report.reset_at is not None and report.reset_at > 0
    assert "11 pending; rate limit reached, rerun after" in report.summary()
    assert len(load_state(state_path).state.things) == 9
    flattr_sandbox.configure(rate_limit=1000)
    rerun = sync(items, api, state_path)
    assert len(rerun.created) == 11 and len(rerun.unchanged) == 9
    assert len(alice_things(api)) == 20


def test_one_refused_item_does_not_stop_the_others(flattr_sandbox, api, state_path):
    bad = make_item(99, url="https://blog.example/" + "x" * 5000)
    items = [make_item(1), bad, make_item(2)]

    report = sync(items, api, state_path)

    assert sorted(report.created) == [make_item(1).url, make_item(2).url]
    assert [failure.url for failure in report.failed] == [bad.url]
    assert report.failed[0].message


def test_a_url_owned_by_another_user_is_reported_not_taken(flattr_sandbox, api, state_path):
    bob = flattr_core.api.get(flattr_sandbox.mint_token("bob"), api_url=flattr_sandbox.api_url)
    with bob:
        bob.things.create(f"{SITE}/taken.html", title="Bob was here first")
    items = [make_item(1), make_item(2, url=f"{SITE}/taken.html")]

    report = sync(items, api, state_path)

    assert report.created == [make_item(1).url]
    assert [f.url for f in report.failed] == [f"{SITE}/taken.html"]
    assert "belongs to Flattr user 'bob'" in report.failed[0].message


def test_prune_deletes_the_things_of_removed_pages(flattr_sandbox, api, state_path):
    items = [make_item(n) for n in range(3)]
    sync(items, api, state_path)

    kept = sync(items[:2], api, state_path)
    assert kept.pruned == [] and len(alice_things(api)) == 3

    report = sync(items[:2], api, state_path, prune=True)

    assert report.pruned == [items[2].url]
    assert set(alice_things(api)) == {items[0].url, items[1].url}


def test_dry_run_reads_but_writes_nothing(flattr_sandbox, api, state_path):
    items = [make_item(n) for n in range(3)]
    sync(items[:2], api, state_path)
    before = state_path.read_text()
    flattr_sandbox.reset_counts()

    report = sync(
        [make_item(0, title="Retitled article"), items[2]],
        api,
        state_path,
        dry_run=True,
        prune=True,
    )

    assert sorted((a.action, a.url) for a in report.plan) == [
        ("create", items[2].url),
        ("prune", items[1].url),
        ("update", items[0].url),
    ]
    assert all(route.startswith("GET") for route in counts(flattr_sandbox))
    assert state_path.read_text() == before
    assert set(alice_things(api)) == {items[0].url, items[1].url}
    assert json.loads(before)["version"] == 1
