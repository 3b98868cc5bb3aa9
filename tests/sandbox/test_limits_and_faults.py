"""Rate limiting (Flattr API docs: rate limiting) and injected faults (5xx, dropped connections,
latency)."""

import time

import pytest
import requests

from flattr_sandbox import SandboxServer
from tests.sandbox.sandbox_helpers import Api, as_user, assert_error

RATE_HEADERS = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Current",
    "X-RateLimit-Reset",
)


def test_every_limited_answer_carries_the_four_headers(flattr_sandbox):
    answer = Api(flattr_sandbox).get("/things/268185")
    limit, remaining, current, reset = (int(answer.headers[name]) for name in RATE_HEADERS)
    assert (limit, remaining, current) == (1000, 999, 1)
    assert reset % 3600 == 0 and 0 < reset - time.time() <= 3600
    error = Api(flattr_sandbox).get("/things/999")
    assert error.headers["X-RateLimit-Current"] == "2"


def test_exceeding_the_hourly_limit_answers_403_rate_limit_exceeded(flattr_sandbox):
    flattr_sandbox.configure(rate_limit=3)
    api = Api(flattr_sandbox)
    for _ in range(3):
        assert api.get("/categories").status_code == 200
    refused = api.get("/categories")
    body = assert_error(refused, 403, "rate_limit_exceeded", "3 requests per hour")
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert refused.headers["X-RateLimit-Reset"] in body["error_description"]


def test_limits_are_per_token_and_rate_limit_endpoint_is_exempt(flattr_sandbox):
    flattr_sandbox.configure(rate_limit=2)
    anonymous, alice = Api(flattr_sandbox), as_user(flattr_sandbox, "alice")
    anonymous.get("/categories")
    anonymous.get("/categories")
    assert anonymous.get("/categories").status_code == 403
    assert alice.get("/categories").status_code == 200  # a token has its own window
    status = anonymous.get("/rate_limit")
    assert status.status_code == 200
    assert not any(name in status.headers for name in RATE_HEADERS)
    figures = status.json()
    assert (figures["hourly_limit"], figures["current_hits"], figures["remaining_hits"]) == (
        2,
        3,
        0,
    )
    assert alice.get("/rate_limit").json()["current_hits"] == 1
    assert figures["reset_time"].endswith("+0000 GMT")


def test_reset_restores_the_configured_limit(flattr_sandbox):
    flattr_sandbox.configure(rate_limit=1)
    flattr_sandbox.reset()
    assert Api(flattr_sandbox).get("/categories").headers["X-RateLimit-Limit"] == "1000"


def test_queued_faults_hit_the_next_requests_in_order(flattr_sandbox):
    flattr_sandbox.inject_faults("500", "503", "drop")
    api = Api(flattr_sandbox)
    assert_error(api.get("/categories"), 500, "server_error", "went wrong")
    proxy = api.get("/categories")
    assert proxy.status_code == 503 and proxy.headers["Content-Type"].startswith("text/html")
    with pytest.raises(requests.ConnectionError):
        api.get("/categories")
    assert api.get("/categories").status_code == 200  # the session reconnects


def test_fail_rate_one_fails_everything_but_admin():
    with SandboxServer(fail_rate=1.0) as sandbox:
        outcomes = set()
        for _ in range(12):
            try:
                outcomes.add(requests.get(sandbox.api_url + "/categories", timeout=5).status_code)
            except requests.ConnectionError:
                outcomes.add("dropped")
        assert outcomes <= {500, 503, "dropped"} and len(outcomes) >= 2
        admin = requests.get(
            sandbox.url + "/_sandbox/requests", headers=sandbox.admin_headers, timeout=5
        )
        assert admin.json()["total"] == 12


def test_latency_delays_answers(flattr_sandbox):
    flattr_sandbox.configure(latency_ms=150)
    started = time.perf_counter()
    Api(flattr_sandbox).get("/categories")
    assert time.perf_counter() - started >= 0.15


def test_faults_can_be_queued_over_http(flattr_sandbox):
    admin = flattr_sandbox.admin_headers
    answer = requests.post(
        flattr_sandbox.url + "/_sandbox/faults", json={"next": ["500"]}, headers=admin, timeout=5
    )
    assert answer.json()["pending_faults"] == ["500"]
    assert Api(flattr_sandbox).get("/categories").status_code == 500
    bad = requests.post(
        flattr_sandbox.url + "/_sandbox/faults", json={"next": ["fire"]}, headers=admin, timeout=5
    )
    assert_error(bad, 400, "invalid_parameters", "fire")


def test_bad_settings_are_refused_with_a_clear_message():
    for kwargs, mentions in (
        ({"rate_limit": 0}, "rate_limit"),
        ({"fail_rate": 2}, "fail_rate"),
        ({"latency_ms": -1}, "latency_ms"),
        ({"auto_approve": "mallory"}, "mallory"),
    ):
        with pytest.raises(ValueError, match=mentions):
            SandboxServer(**kwargs).start()
