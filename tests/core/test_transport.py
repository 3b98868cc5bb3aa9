"""Timeouts, retries with backoff, rate limits, and never creating a thing twice."""

import threading

import pytest
import requests
import responses
import urllib3

import flattr_core
from flattr_core.errors import (
    FlattrOnce,
    NotFound,
    RateLimitExceeded,
    ResponseError,
    ServerError,
    TransportError,
)
from flattr_core.transport import RetryPolicy
from tests.core.core_helpers import API, TOKEN, created_json, thing_json

NOW = 1_700_000_000.0
URL = "https://example.com/post/"
CREATED = created_json(77)


def limit_headers(remaining, reset):
    return {
        "X-RateLimit-Limit": "1000",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Current": str(1000 - remaining),
        "X-RateLimit-Reset": str(reset),
    }


RATE_LIMITED = {
    "error": "rate_limit_exceeded",
    "error_description": "You have reached the rate limit",
}


@pytest.fixture
def clocked(sleeps):
    """A client whose clock is frozen at NOW, so rate-limit waits are exact."""
    client = flattr_core.api.get(
        TOKEN, api_url=API, retry=RetryPolicy(sleep=sleeps, clock=lambda: NOW, jitter=0)
    )
    yield client
    client.close()


# -- connection failures and 5xx --------------------------------------------------------------


def test_5xx_answers_are_retried_with_growing_waits(api, server, sleeps):
    server.get(f"{API}/things/5", status=503, body="")
    server.get(f"{API}/things/5", status=500, json={"error": "server_error"})
    server.get(f"{API}/things/5", json=thing_json(5))

    assert api.things.get(5).id == 5
    assert sleeps == [0.5, 1.0]


def test_retries_are_bounded(api, server, sleeps):
    for _ in range(4):
        server.get(f"{API}/things/5", status=502, body="")

    with pytest.raises(ServerError):
        api.things.get(5)

    assert len(server.calls) == 4  # first try + max_retries (3)
    assert sleeps == [0.5, 1.0, 2.0]


def test_a_connection_error_is_retried_then_becomes_a_transport_error(api, server, sleeps):
    for _ in range(4):
        server.get(f"{API}/things/5", body=requests.ConnectionError("connection reset"))

    with pytest.raises(TransportError) as caught:
        api.things.get(5)

    assert caught.value.url == f"{API}/things/5"
    assert "FLATTR_API_URL" in str(caught.value)
    assert len(sleeps) == 3


def test_a_timeout_is_a_transport_error_naming_the_limit(api, server):
    api.transport.max_retries = 0
    server.get(f"{API}/things/5", body=requests.ReadTimeout("read timed out"))

    with pytest.raises(TransportError, match="within 10.0s"):
        api.things.get(5)


def test_every_request_carries_the_timeout(server):
    server.get(f"{API}/categories", json=[])
    with flattr_core.api.get(TOKEN, api_url=API, timeout=2.5) as api:
        api.categories()

    assert server.calls[0].request.req_kwargs["timeout"] == 2.5


def test_a_real_refused_connection_is_a_transport_error(sleeps):
    # Port 9 on loopback ("discard") is closed on test machines: nothing leaves the host.
    with (
        flattr_core.api.get(
            TOKEN,
            api_url="http://127.0.0.1:9/rest/v2",
            max_retries=1,
            retry=RetryPolicy(sleep=sleeps, jitter=0),
        ) as api,
        pytest.raises(TransportError) as caught,
    ):
        api.things.get(5)

    assert caught.value.maybe_sent is False  # refused: surely never reached a server
    assert len(sleeps) == 1


def test_client_errors_are_not_retried(api, server, sleeps):
    server.get(f"{API}/things/5", status=404, json={"error": "not_found"})

    with pytest.raises(NotFound):
        api.things.get(5)

    assert sleeps == []


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [(500, "server_error", ServerError), (403, "flattr_once", FlattrOnce)],
)
def test_a_flattr_is_not_repeated_after_a_5xx_or_a_refusal(
    api, server, sleeps, status, code, error
):
    server.post(f"{API}/things/5/flattr", status=status, json={"error": code})

    with pytest.raises(error):
        api.things.flattr(5)

    assert len(server.calls) == 1 and sleeps == []


def test_a_flattr_is_repeated_when_the_connection_was_refused(api, server, sleeps):
    refused = requests.ConnectionError(
        urllib3.exceptions.MaxRetryError(
            None, "/", urllib3.exceptions.NewConnectionError(None, "refused")
        )
    )
    server.post(f"{API}/things/5/flattr", body=refused)
    server.post(f"{API}/things/5/flattr", json={"message": "ok", "description": "flattred"})

    assert api.things.flattr(5).ok
    assert len(sleeps) == 1


def test_a_truncated_body_is_a_response_error(api, server):
    server.get(
        f"{API}/things/5",
        body=requests.exceptions.ChunkedEncodingError("IncompleteRead(10 bytes read)"),
    )

    with pytest.raises(ResponseError, match="cut off"):
        api.things.get(5)


def test_retry_after_is_honoured_on_a_503(api, server, sleeps):
    server.get(f"{API}/things/5", status=503, headers={"Retry-After": "7"}, body="")
    server.get(f"{API}/things/5", json=thing_json(5))

    api.things.get(5)

    assert sleeps == [7.0]


# -- rate limits ------------------------------------------------------------------------------


def test_rate_limit_waits_until_the_reset_when_it_is_near(clocked, server, sleeps):
    reset = int(NOW) + 20
    server.get(f"{API}/things/5", status=403, headers=limit_headers(0, reset), json=RATE_LIMITED)
    server.get(f"{API}/things/5", headers=limit_headers(999, reset + 3600), json=thing_json(5))

    clocked.things.get(5)

    assert sleeps == [21.0]  # until the reset second has passed


def test_rate_limit_far_away_is_raised_at_once_with_the_reset_time(clocked, server, sleeps):
    reset = int(NOW) + 1800
    server.get(f"{API}/things/5", status=403, headers=limit_headers(0, reset), json=RATE_LIMITED)

    with pytest.raises(RateLimitExceeded) as caught:
        clocked.things.get(5)

    assert caught.value.rate_limit.reset == reset
    assert sleeps == []


def test_a_429_is_a_rate_limit_too(clocked, server, sleeps):
    server.get(f"{API}/things/5", status=429, body="slow down")
    server.get(f"{API}/things/5", json=thing_json(5))

    clocked.things.get(5)

    assert len(sleeps) == 1


def test_the_wait_cap_is_configurable(server, sleeps):
    reset = int(NOW) + 200
    server.get(f"{API}/categories", status=403, headers=limit_headers(0, reset), json=RATE_LIMITED)
    server.get(f"{API}/categories", json=[])
    policy = RetryPolicy(sleep=sleeps, clock=lambda: NOW, max_rate_limit_wait=300, jitter=0)
    with flattr_core.api.get(TOKEN, api_url=API, retry=policy) as api:
        api.categories()

    assert sleeps == [201.0]


def test_last_rate_limit_shows_the_figures_of_the_last_answer(api, server):
    server.get(f"{API}/categories", headers=limit_headers(999, 1_700_003_600), json=[])
    server.get(f"{API}/languages", headers=limit_headers(998, 1_700_003_600), json=[])
    assert api.last_rate_limit is None

    api.categories()
    assert api.last_rate_limit.remaining == 999
    api.languages()

    rate = api.last_rate_limit
    assert (rate.limit, rate.remaining, rate.current, rate.reset) == (1000, 998, 2, 1_700_003_600)


def test_rate_limit_endpoint(api, server):
    server.get(
        f"{API}/rate_limit",
        json={
            "hourly_limit": 1000,
            "remaining_hits": 986,
            "current_hits": 14,
            "reset_time_in_seconds": 1342521939,
            "reset_time": "Tue, 17 Jul 2012 10:45:39 +0000 GMT",
        },
    )

    rate = api.rate_limit()

    assert (rate.limit, rate.remaining, rate.current, rate.reset) == (1000, 986, 14, 1342521939)


# -- creating never duplicates ----------------------------------------------------------------


def _lookup_finds(server, ident):
    server.get(f"{API}/things/lookup", status=302, headers={"Location": f"{API}/things/{ident}"})
    server.get(f"{API}/things/{ident}", json=thing_json(ident, url=URL))


def test_a_create_whose_answer_was_lost_returns_the_thing_it_made(api, server, sleeps):
    server.post(f"{API}/things", body=requests.ReadTimeout("read timed out"))
    _lookup_finds(server, 77)

    thing = api.things.create(URL, title="Hello world")

    assert thing.id == 77
    assert [c.request.method for c in server.calls].count("POST") == 1


def test_a_create_that_failed_before_landing_is_tried_again(api, server, sleeps):
    server.post(f"{API}/things", status=503, body="")
    server.get(
        f"{API}/things/lookup",
        status=404,
        json={"message": "not_found", "description": "No thing was found"},
    )
    server.post(f"{API}/things", status=201, json=CREATED)

    thing = api.things.create(URL, title="Hello world")

    assert thing.id == 77
    assert [c.request.method for c in server.calls] == ["POST", "GET", "POST"]
    assert sleeps == [0.5]


def test_a_create_with_a_garbled_201_is_resolved_by_lookup(api, server):
    server.post(f"{API}/things", status=201, body='{"id": 77, "li')
    _lookup_finds(server, 77)

    assert api.things.create(URL).id == 77


def test_a_create_refused_before_sending_needs_no_lookup(api, server, sleeps):
    refused = requests.ConnectionError(
        urllib3.exceptions.MaxRetryError(
            None, "/", urllib3.exceptions.NewConnectionError(None, "refused")
        )
    )
    server.post(f"{API}/things", body=refused)
    server.post(f"{API}/things", status=201, json=CREATED)

    api.things.create(URL)

    assert [c.request.method for c in server.calls] == ["POST", "POST"]


def test_create_gives_up_after_max_retries(api, server, sleeps):
    for _ in range(4):
        server.post(f"{API}/things", status=500, json={"error": "server_error"})
        server.get(f"{API}/things/lookup", status=404, json={"message": "not_found"})

    with pytest.raises(ServerError):
        api.things.create(URL)

    assert [c.request.method for c in server.calls].count("POST") == 4


def test_a_create_the_server_cannot_do_is_looked_up_but_not_tried_again(api, server, sleeps):
    server.post(f"{API}/things", status=501, json={"error": "not_implemented"})
    server.get(f"{API}/things/lookup", status=404, json={"message": "not_found"})

    with pytest.raises(ServerError):
        api.things.create(URL)

    assert [c.request.method for c in server.calls] == ["POST", "GET"]
    assert sleeps == []


def test_commit_uses_the_same_safe_create(api, server):
    server.post(f"{API}/things", body=requests.ConnectionError("connection reset by peer"))
    _lookup_finds(server, 77)

    thing = api.things.new(url=URL, title="Hello world")
    thing.commit()

    assert thing.id == 77


# -- headers, tokens, threads -----------------------------------------------------------------


def test_the_token_goes_in_a_bearer_header_and_json_is_asked_for(api, server):
    server.get(f"{API}/user", json={"username": "alice"})

    api.authenticated.get()

    headers = server.calls[0].request.headers
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("flattr-suite/")


def test_without_a_token_no_authorization_header_is_sent(anon, server):
    server.get(f"{API}/users/flattr", json={"username": "flattr"})

    anon.users.get("flattr")

    assert "Authorization" not in server.calls[0].request.headers


def test_a_shared_session_is_used_and_its_headers_never_change(server):
    session = requests.Session()
    before = dict(session.headers)
    server.get(f"{API}/users/flattr/activities.as", json={"items": []})
    server.get(f"{API}/users/flattr", json={"username": "flattr"})

    api = flattr_core.api.get(TOKEN, api_url=API, session=session)
    api.users("flattr").get_activities()
    api.users.get("flattr")
    api.close()  # not ours to close, but must not break it either

    assert dict(session.headers) == before
    assert server.calls[1].request.headers["Accept"] == "application/json"


def test_threads_can_share_one_client(api):
    seen = []
    with responses.RequestsMock() as mock:
        for n in range(1, 21):
            mock.get(
                f"{API}/things/{n}",
                json=thing_json(n),
                headers=limit_headers(1000 - n, 1_700_003_600),
            )

        def work(first):
            for n in range(first, 21, 4):
                seen.append(api.things.get(n).id)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(1, 5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert sorted(seen) == list(range(1, 21))
    assert 980 <= api.last_rate_limit.remaining <= 999


def test_a_reset_time_already_past_still_pauses_briefly(clocked, server, sleeps):
    server.get(
        f"{API}/things/5", status=403, headers=limit_headers(0, int(NOW) - 30), json=RATE_LIMITED
    )
    server.get(f"{API}/things/5", json=thing_json(5))

    clocked.things.get(5)

    assert sleeps == [0.5]
