"""Flattring feed entries against the sandbox: once each, whatever the API answers."""

import json

import pytest
import responses

import flattr_core.api
from flattr_core import errors
from flattr_core.feeds import (
    ALREADY_FLATTRED,
    FLATTRED,
    NO_PAYMENT_LINK,
    OWN_THING,
    RECORDED,
    REJECTED,
    UNKNOWN_USER,
    WOULD_FLATTR,
    Ledger,
    flattr_entries,
    flattr_once,
    read_feed,
)
from flattr_core.transport import RetryPolicy
from tests.feeds.feed_samples import auto, episodes, rss


@pytest.fixture
def listener(flattr_sandbox):
    """A client for bob: a reader with means, flattring alice's episodes."""
    token = flattr_sandbox.mint_token("bob", scopes=["flattr"])
    no_waiting = RetryPolicy(max_rate_limit_wait=0, backoff_base=0.01)
    with flattr_core.api.get(token, api_url=flattr_sandbox.api_url, retry=no_waiting) as api:
        yield api


def flattrs_of(sandbox, username):
    with flattr_core.api.get(api_url=sandbox.api_url) as api:
        return [f.thing.url for f in api.users.get_flattrs(username)]


def posts(sandbox, count):
    return read_feed(episodes(count, user="alice", web=sandbox.url)).entries


def flattr_requests(sandbox):
    return sum(n for route, n in sandbox.request_counts().items() if "flattr" in route)


def test_each_entry_is_flattred_once_and_a_second_run_sends_nothing(
    flattr_sandbox, listener, tmp_path
):
    entries = posts(flattr_sandbox, 4)
    ledger_path = tmp_path / "flattred.json"
    before = flattrs_of(flattr_sandbox, "bob")

    flattr_sandbox.reset_counts()
    first = flattr_entries(listener, entries, Ledger(ledger_path))
    first_requests = flattr_sandbox.request_count()
    flattr_sandbox.reset_counts()
    second = flattr_entries(listener, entries, Ledger(ledger_path))
    second_requests = flattr_sandbox.request_count()

    assert [o.status for o in first.outcomes] == [FLATTRED] * 4
    assert first.requests == first_requests == 4  # one POST /flattr each, nothing else
    new = [url for url in flattrs_of(flattr_sandbox, "bob") if url not in before]
    assert sorted(new) == sorted(e.auto_submit.url for e in entries)
    assert [o.status for o in second.outcomes] == [RECORDED] * 4
    assert second.requests == second_requests == 0
    saved = json.loads(ledger_path.read_text())
    assert set(saved["feeds"][entries[0].feed]) == {e.guid for e in entries}


def test_the_ledger_is_written_after_every_answer(flattr_sandbox, listener, tmp_path):
    ledger = Ledger(tmp_path / "flattred.json")
    seen = []
    flattr_entries(
        listener,
        posts(flattr_sandbox, 3),
        ledger,
        on_outcome=lambda o: seen.append(len(Ledger(ledger.path).episodes(o.entry.feed))),
    )
    assert seen == [1, 2, 3] and ledger.writes == 3


def test_an_episode_flattred_elsewhere_this_month_is_recorded_as_already_flattred(
    flattr_sandbox, listener, tmp_path
):
    (entry,) = posts(flattr_sandbox, 1)
    listener.flattr_url(entry.payment_url)  # say, from the web page

    outcome = flattr_once(listener, entry, Ledger(tmp_path / "f.json"))

    assert outcome.status == ALREADY_FLATTRED
    assert Ledger(tmp_path / "f.json").get(entry.feed, entry.guid).result == "already_flattred"


def test_one_s_own_episode_is_recorded_and_never_asked_again(flattr_sandbox, tmp_path):
    (entry,) = posts(flattr_sandbox, 1)
    with flattr_core.api.get(
        flattr_sandbox.mint_token("alice"), api_url=flattr_sandbox.api_url
    ) as alice:
        ledger = Ledger(tmp_path / "f.json")
        first = flattr_once(alice, entry, ledger)
        flattr_sandbox.reset_counts()
        again = flattr_once(alice, entry, ledger)
    assert (first.status, again.status) == (OWN_THING, RECORDED)
    assert flattr_sandbox.request_count() == 0


def test_an_unknown_user_in_the_link_is_reported_and_the_rest_is_flattred(
    flattr_sandbox, listener, tmp_path
):
    feed = read_feed(
        rss(
            [
                {
                    "guid": "ghost",
                    "title": "Ghost",
                    "payment": auto("nobody", "https://x/1", web=flattr_sandbox.url),
                },
                {"guid": "none", "title": "No link"},
                {
                    "guid": "real",
                    "title": "Real",
                    "payment": auto("alice", "https://x/2", web=flattr_sandbox.url),
                },
            ]
        )
    )
    ledger = Ledger(tmp_path / "f.json")
    report = flattr_entries(listener, feed.entries, ledger)
    assert [o.status for o in report.outcomes] == [UNKNOWN_USER, NO_PAYMENT_LINK, FLATTRED]
    assert "nobody" in report.outcomes[0].message
    assert ledger.get(feed.source, "ghost") is None  # not recorded: the publisher may fix it
    assert report.requests == 2


def test_no_means_stops_the_run_and_records_nothing(flattr_sandbox, tmp_path):
    token = flattr_sandbox.mint_token("carol", scopes=["flattr"])
    with flattr_core.api.get(token, api_url=flattr_sandbox.api_url) as carol:
        report = flattr_entries(carol, posts(flattr_sandbox, 3), Ledger(tmp_path / "f.json"))
    assert report.outcomes == [] and len(report.pending) == 3
    assert "no means" in report.stopped
    assert not (tmp_path / "f.json").exists()


def test_the_rate_limit_stops_the_run_keeps_what_was_done_and_says_when_to_go_on(
    flattr_sandbox, listener, tmp_path
):
    flattr_sandbox.configure(rate_limit=2)
    entries = posts(flattr_sandbox, 5)
    ledger = Ledger(tmp_path / "f.json")

    report = flattr_entries(listener, entries, ledger)

    assert [o.status for o in report.outcomes] == [FLATTRED, FLATTRED]
    assert report.stopped == "rate limit reached" and report.resume_at is not None
    assert [e.guid for e in report.pending] == [e.guid for e in entries[2:]]
    assert len(ledger.episodes(entries[0].feed)) == 2


def test_at_most_n_per_run_and_dry_run_sends_nothing(flattr_sandbox, listener, tmp_path):
    entries = posts(flattr_sandbox, 5)
    ledger = Ledger(tmp_path / "f.json")

    dry = flattr_entries(listener, entries, ledger, dry_run=True, limit=3)
    assert [o.status for o in dry.outcomes] == [WOULD_FLATTR] * 3 and dry.requests == 0
    assert flattr_requests(flattr_sandbox) == 0 and not ledger.path.exists()

    first = flattr_entries(listener, entries, ledger, limit=2)
    second = flattr_entries(listener, entries, ledger, limit=2)
    assert first.count(FLATTRED) == 2 and len(first.pending) == 3
    assert second.count(FLATTRED) == 2 and second.count(RECORDED) == 2


def test_a_podcatcher_flattrs_the_episode_playing_by_its_link_alone(
    flattr_sandbox, listener, tmp_path
):
    link = auto("alice", "https://pod.example.org/ep/7", "Episode 7", web=flattr_sandbox.url)
    ledger = Ledger(tmp_path / "f.json")

    first = flattr_once(listener, link, ledger)
    second = flattr_once(listener, link, ledger)

    assert (first.status, second.status) == (FLATTRED, RECORDED)
    assert first.thing is not None and second.thing == first.thing
    assert ledger.get("", "https://pod.example.org/ep/7").result == "flattred"


def test_a_refused_token_is_raised_by_flattr_once(flattr_sandbox, tmp_path):
    (entry,) = posts(flattr_sandbox, 1)
    with (
        flattr_core.api.get("not-a-token", api_url=flattr_sandbox.api_url) as api,
        pytest.raises(errors.Unauthorized),
    ):
        flattr_once(api, entry, Ledger(tmp_path / "f.json"))


def test_a_link_whose_content_url_the_server_rejects_is_reported_and_the_run_goes_on(
    flattr_sandbox, listener, tmp_path
):
    bad = flattr_sandbox.url + "/submit/auto?user_id=alice&url=ftp%3A%2F%2Fpod.example.org%2Fx"
    good = auto("alice", "https://pod.example.org/ok", web=flattr_sandbox.url)
    feed = read_feed(
        rss(
            [
                {"guid": "bad", "title": "Bad", "payment": bad},
                {"guid": "ok", "title": "Ok", "payment": good},
            ]
        )
    )
    report = flattr_entries(listener, feed.entries, Ledger(tmp_path / "f.json"))
    assert [o.status for o in report.outcomes] == [REJECTED, FLATTRED]
    assert "url" in report.outcomes[0].message.lower()


@responses.activate
def test_a_server_that_does_not_create_things_from_links_rejects_each_and_the_run_goes_on(
    tmp_path,
):
    api_url = "https://api.example.org/rest/v2"
    not_found = {"error": "not_found", "error_description": "No thing has this url"}
    responses.post(api_url + "/flattr", status=404, json=not_found)
    entries = read_feed(episodes(2)).entries
    with flattr_core.api.get("token", api_url=api_url) as api:
        report = flattr_entries(api, entries, Ledger(tmp_path / "f.json"))
    assert [o.status for o in report.outcomes] == [REJECTED, REJECTED]
    assert report.outcomes[0].message == "No thing has this url"
    assert report.requests == 2 and not (tmp_path / "f.json").exists()
