"""A hostile or broken server cannot hang the client, exhaust its memory or fool it.

Each test points a client at a loopback server that misbehaves one way (see hostile_server.py)
and checks the client gives up promptly with an error that says what happened. Timeouts are
small so every test ends within a few seconds.
"""

import dataclasses
import json
import time

import pytest

import flattr_core
from flattr_core.errors import RateLimitExceeded, ResponseError, ServerError, TransportError
from flattr_core.transport import RetryPolicy
from tests.security.hostile_server import gzip_bomb, head

TOKEN = "hostile-test-token-5f1d2c3b4a"


def client(server, sleeps=None, **options):
    """A client for ``server`` with short timeouts and, unless asked, no retries."""
    options.setdefault("timeout", 0.5)
    options.setdefault("max_retries", 0)
    retry = RetryPolicy(sleep=sleeps.append if sleeps is not None else time.sleep, jitter=0)
    return flattr_core.api.get(TOKEN, api_url=server.url, retry=retry, **options)


def drip(data, every):
    """A behaviour that sends ``data`` one byte at a time, ``every`` seconds apart."""

    def behaviour(sock, request):
        for n in range(len(data)):
            sock.sendall(data[n : n + 1])
            time.sleep(every)

    return behaviour


JSON_HEAD = head(Content_Type="application/json", Content_Length=40)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(JSON_HEAD + b" " * 40, id="body"),
        pytest.param(b"HTTP/1.1 200 OK" + b" " * 40 + b"\r\n\r\n", id="status-line"),
        pytest.param(head(Content_Type="application/json", X_Pad="a" * 40) + b"{}", id="headers"),
        pytest.param(
            head(Content_Type="application/json", Transfer_Encoding="chunked") + b"1\r\n \r\n" * 40,
            id="chunked-body",
        ),
    ],
)
def test_an_answer_dripping_slower_than_the_deadline_is_cut_off_at_the_deadline(hostile, answer):
    # Each byte arrives well within the 0.5 s read timeout, so only a total deadline stops it
    # (the whole answer would take over 4 s).
    server = hostile(drip(answer, 0.1))
    started = time.monotonic()
    with client(server, deadline=0.4) as api, pytest.raises(TransportError) as caught:
        api.authenticated.get()
    assert time.monotonic() - started < 2.0
    assert "did not finish within the 0.4s deadline" in str(caught.value)


def test_the_default_deadline_is_a_little_over_the_timeout():
    with flattr_core.api.get(TOKEN, api_url="http://127.0.0.1:9/rest/v2", timeout=4) as api:
        assert 4 < api.transport.deadline <= 8


def endless(chunked):
    def behaviour(sock, request):
        framing = {"Transfer_Encoding": "chunked"} if chunked else {"Connection": "close"}
        sock.sendall(head(Content_Type="application/json", **framing))
        block = b" " * 65536
        piece = b"10000\r\n" + block + b"\r\n" if chunked else block
        until = time.monotonic() + 5
        while time.monotonic() < until:
            sock.sendall(piece)

    return behaviour


@pytest.mark.parametrize("chunked", [False, True], ids=["until-closed", "chunked"])
def test_an_endless_body_stops_at_the_size_cap(hostile, chunked):
    server = hostile(endless(chunked))
    with client(server, max_body=1024 * 1024) as api, pytest.raises(ResponseError) as caught:
        api.authenticated.get()
    assert "more than the 1,048,576-byte limit (max_body" in str(caught.value)


def test_a_body_announced_bigger_than_the_cap_is_refused_before_reading_it(hostile):
    def huge(sock, request):
        sock.sendall(head(Content_Type="application/json", Content_Length=300 * 2**20))
        sock.sendall(b" " * 65536)  # and then nothing: a client reading it all would hang here

    server = hostile(huge)
    started = time.monotonic()
    with client(server, timeout=3) as api, pytest.raises(ResponseError) as caught:
        api.authenticated.get()
    assert time.monotonic() - started < 2
    assert "announces 314,572,800 bytes" in str(caught.value)


def test_a_gzip_bomb_stops_at_the_default_cap_counted_after_decompression(hostile):
    bomb = gzip_bomb(1024)  # 1 GiB of zeros in about 1 MiB

    def send_bomb(sock, request):
        sock.sendall(
            head(Content_Type="application/json", Content_Encoding="gzip", Content_Length=len(bomb))
        )
        sock.sendall(bomb)

    server = hostile(send_bomb)
    with client(server, timeout=3) as api, pytest.raises(ResponseError) as caught:
        api.authenticated.get()
    assert "more than the 33,554,432-byte limit" in str(caught.value)


def echo_authorization(status, content_type):
    """A behaviour that answers with the request's Authorization header in its body."""

    def behaviour(sock, request):
        said = f"you sent {request.headers.get('authorization')}"
        if content_type == "application/json" and not status.startswith("200"):
            body = json.dumps({"error": "nope", "error_description": said}).encode()
        elif content_type == "application/json":
            body = json.dumps([said]).encode()  # JSON, but a list where a user object belongs
        else:
            body = f"<html><body><pre>{said}</pre></body></html>".encode()
        sock.sendall(head(status, Content_Type=content_type, Content_Length=len(body)) + body)

    return behaviour


@pytest.mark.parametrize("status", ["200 OK", "401 Unauthorized", "500 Oops"])
@pytest.mark.parametrize("content_type", ["text/html", "text/plain", "application/json"])
def test_an_echoed_token_never_reaches_an_error_text(hostile, status, content_type):
    server = hostile(echo_authorization(status, content_type))
    with client(server) as api, pytest.raises(flattr_core.FlattrError) as raised:
        api.authenticated.get()
    caught = raised.value
    texts = [str(caught), repr(caught), *map(str, caught.args)]
    texts += [str(getattr(caught, name, "")) for name in ("received", "description")]
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert not [text for text in texts if TOKEN in text]
    assert "[token hidden]" in str(caught) or "[token hidden]" in str(caught.received)


def test_an_error_excerpt_cut_in_the_middle_of_the_token_shows_no_part_of_it(hostile):
    def echo_late(sock, request):
        # The token straddles the 120-character cut of the excerpt.
        body = ("x" * 110 + request.headers["authorization"]).encode()
        sock.sendall(head(Content_Type="text/html", Content_Length=len(body)) + body)

    server = hostile(echo_late)
    with client(server) as api, pytest.raises(ResponseError) as caught:
        api.authenticated.get()
    assert TOKEN[:6] not in str(caught.value)
    assert "Bearer [to..." in str(caught.value)  # the placeholder, cut where the excerpt ends


def rate_limited(reset, status="429 Too Many Requests"):
    def behaviour(sock, request):
        body = b'{"error": "rate_limit_exceeded", "error_description": "slow down"}'
        sock.sendall(
            head(
                status,
                Content_Type="application/json",
                Content_Length=len(body),
                X_RateLimit_Limit=100,
                X_RateLimit_Remaining=0,
                X_RateLimit_Reset=reset,
            )
            + body
        )

    return behaviour


@pytest.mark.parametrize(
    "reset",
    [
        pytest.param(10**20, id="10^20"),
        pytest.param(int(time.time() * 1000) + 30_000, id="milliseconds"),
        pytest.param(-5, id="negative"),
    ],
)
@pytest.mark.parametrize("status", ["429 Too Many Requests", "403 Forbidden"])
def test_an_absurd_rate_limit_reset_is_treated_as_absent(hostile, reset, status):
    sleeps = []
    server = hostile(rate_limited(reset, status))
    with client(server, sleeps, max_retries=2) as api, pytest.raises(RateLimitExceeded) as caught:
        api.authenticated.get()
    assert sleeps and max(sleeps) < 5  # ordinary backoff, not a wait for a reset in 10^20
    assert "wait and try again" in str(caught.value)  # and the message still renders
    assert api.last_rate_limit.reset is None or abs(api.last_rate_limit.reset - time.time()) < 60


def test_no_single_wait_is_longer_than_max_wait():
    policy = RetryPolicy(max_rate_limit_wait=10**9, max_wait=120, jitter=0)
    error = ServerError("busy", status=503)
    assert policy.delay(30, error) == 30.0  # backoff_max
    later = RateLimitExceeded("slow", status=429, rate_limit=flattr_core.RateLimit(reset=None))
    later.rate_limit.reset = int(policy.clock()) + 3600
    assert policy.delay(0, later) == 120


def test_a_reset_an_hour_away_is_believed_and_beyond_the_wait_limit_raises_at_once(hostile):
    sleeps = []
    reset = int(time.time()) + 3600
    server = hostile(rate_limited(reset))
    with client(server, sleeps, max_retries=3) as api, pytest.raises(RateLimitExceeded) as caught:
        api.authenticated.get()
    assert sleeps == [] and caught.value.rate_limit.reset == reset


@pytest.mark.parametrize("reset", [10**20, int(time.time() * 1000)], ids=["10^20", "milliseconds"])
def test_flattr_whoami_against_an_absurd_reset_is_one_error_line(hostile, monkeypatch, reset):
    from click.testing import CliRunner

    import flattr_core.cli.state as cli_state
    from flattr_core.cli import cli
    from tests.cli.cli_helpers import failed

    waits = []
    policy = cli_state.retry_policy()
    monkeypatch.setattr(
        cli_state, "retry_policy", lambda: dataclasses.replace(policy, sleep=waits.append)
    )
    server = hostile(rate_limited(reset))

    result = CliRunner().invoke(cli, ["--api-url", server.url, "--token", TOKEN, "whoami"])

    message = failed(result)
    assert "rate limit of 100 requests per hour reached" in message
    assert waits and max(waits) < 5
