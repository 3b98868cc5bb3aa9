"""Fixtures for the hostile-server tests: a misbehaving loopback server, stopped after each test."""

import pytest

from tests.security.hostile_server import HostileServer


@pytest.fixture
def hostile():
    """``hostile(behaviour)`` starts a HostileServer serving ``behaviour``; all stop at the end."""
    servers = []

    def start(behaviour):
        server = HostileServer(behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
