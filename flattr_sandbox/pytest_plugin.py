"""pytest plugin: the ``flattr_sandbox`` fixture, registered through the ``pytest11`` entry point
whenever ``flattr-suite[sandbox]`` is installed (nothing to add to a ``conftest.py``).

One sandbox per test session, started on a free loopback port the first time a test asks for
it, reset to the seed data before each test that uses it::

    def test_lookup(flattr_sandbox):
        answer = requests.get(flattr_sandbox.api_url + "/things/268185")
        assert answer.json()["title"] == "simongate on Twitter"

Importing this module is cheap: Flask and the server load only when the fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .server import SandboxServer


@pytest.fixture(scope="session")
def flattr_sandbox_session() -> Iterator[SandboxServer]:
    """The session's sandbox server (not reset between tests; prefer ``flattr_sandbox``)."""
    from .server import SandboxServer

    with SandboxServer() as server:
        yield server


@pytest.fixture
def flattr_sandbox(flattr_sandbox_session: SandboxServer) -> SandboxServer:
    """A running sandbox, freshly reset (seed data, zero counters, start-up settings)."""
    flattr_sandbox_session.reset()
    return flattr_sandbox_session
