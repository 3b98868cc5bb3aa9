"""``RetryPolicy(retry_refused=False)``: a refused connection fails at once; timeouts still retry.

The ``flattr`` command uses this policy: nothing listening at the address is the user's mistake
(or a sandbox not started), which waiting will not fix.
"""

import pytest
import requests

import flattr_core
from flattr_core.errors import TransportError
from flattr_core.transport import RetryPolicy, connection_refused
from tests.core.core_helpers import API, TOKEN

CLOSED = "http://127.0.0.1:9/rest/v2"  # loopback "discard" port: closed, nothing leaves the host


def client(sleeps, api_url=API, **policy):
    return flattr_core.api.get(
        TOKEN, api_url=api_url, retry=RetryPolicy(sleep=sleeps, jitter=0, **policy)
    )


def test_a_refused_connection_is_not_retried_when_the_policy_says_so(sleeps):
    with client(sleeps, CLOSED, retry_refused=False) as api, pytest.raises(TransportError) as err:
        api.things.get(5)

    assert sleeps == []
    assert connection_refused(err.value)
    assert "127.0.0.1:9" in str(err.value)


def test_by_default_a_refused_connection_is_retried(sleeps):
    with client(sleeps, CLOSED) as api, pytest.raises(TransportError):
        api.things.get(5)

    assert len(sleeps) == 3


def test_timeouts_are_still_retried_without_refused_retries(server, sleeps):
    server.get(f"{API}/things/5", body=requests.exceptions.ReadTimeout("slow"))
    server.get(f"{API}/things/5", body=requests.exceptions.ConnectTimeout("slow"))
    server.get(f"{API}/things/5", json={"type": "thing", "id": 5, "url": "https://e.org/5"})

    with client(sleeps, retry_refused=False) as api:
        thing = api.things.get(5)

    assert thing.id == 5
    assert len(sleeps) == 2


def test_a_dropped_connection_is_not_a_refused_one(server, sleeps):
    server.get(f"{API}/things/5", body=requests.exceptions.ConnectionError("reset by peer"))
    server.get(f"{API}/things/5", json={"type": "thing", "id": 5, "url": "https://e.org/5"})

    with client(sleeps, retry_refused=False) as api:
        api.things.get(5)

    assert len(sleeps) == 1
