"""Fixtures for the core client's unit tests: a client aimed at a mocked server.

Every HTTP exchange goes through ``responses``; nothing leaves the machine (the base URL is a
closed port on 127.0.0.1, so an unmocked request fails instead of reaching a network).
"""

import pytest

import flattr_core
from flattr_core.transport import RetryPolicy
from tests.core.core_helpers import API, TOKEN, mocked_api


class Sleeps(list):
    """A fake ``sleep`` that records how long the client wanted to wait."""

    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def api(sleeps):
    """A client with a token, no real sleeping between retries, and no jitter."""
    client = flattr_core.api.get(TOKEN, api_url=API, retry=RetryPolicy(sleep=sleeps, jitter=0))
    yield client
    client.close()


@pytest.fixture
def anon(sleeps):
    """A client without a token."""
    client = flattr_core.FlattrApi(None, api_url=API, retry=RetryPolicy(sleep=sleeps, jitter=0))
    yield client
    client.close()


@pytest.fixture
def server(request):
    """The mocked API; every registered answer must be used by a test that passes."""
    with mocked_api(request.node) as mock:
        yield mock
