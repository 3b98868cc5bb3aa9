"""The client's own session takes proxies from the environment (read once per origin)."""

import json

import pytest
from hostile_server import HostileServer, head

import flattr_core


def answer_user(sock, request):
    body = json.dumps({"type": "user", "username": "alice"}).encode()
    sock.sendall(head(Content_Type="application/json", Content_Length=len(body)) + body)


@pytest.fixture
def server():
    running = HostileServer(answer_user)
    yield running
    running.stop()


def test_http_proxy_from_the_environment_carries_the_request(server, monkeypatch):
    proxy = server.url.removesuffix("/rest/v2")
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with flattr_core.api.get("t", api_url="http://flattr.test/rest/v2", max_retries=0) as api:
        assert api.authenticated.get().username == "alice"
    assert server.requests[0].line == "GET http://flattr.test/rest/v2/user HTTP/1.1"


def test_no_proxy_from_the_environment_bypasses_the_proxy(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with flattr_core.api.get("t", api_url=server.url, max_retries=0) as api:
        assert api.authenticated.get().username == "alice"
    assert server.requests[0].line == "GET /rest/v2/user HTTP/1.1"
