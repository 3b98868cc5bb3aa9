"""The session the client makes itself: proxies from the environment, redirects, forked children.

It sends through its adapter directly (see flattr_core.transport), so these check it still
behaves as requests would.
"""

import json
import multiprocessing

import pytest
import requests
import responses

import flattr_core
from tests.security.hostile_server import HostileServer, head


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


def test_a_redirect_is_followed_to_the_answer(monkeypatch):
    def behaviour(sock, request):
        if request.line.startswith("GET /rest/v2/user "):
            sock.sendall(head("302 Found", Location="/rest/v2/users/alice", Content_Length=0))
        else:
            answer_user(sock, request)

    server = HostileServer(behaviour)
    try:
        with flattr_core.api.get("t", api_url=server.url, max_retries=0) as api:
            assert api.authenticated.get().username == "alice"
    finally:
        server.stop()
    lines = [request.line for request in server.requests]
    assert lines == ["GET /rest/v2/user HTTP/1.1", "GET /rest/v2/users/alice HTTP/1.1"]
    assert server.requests[1].headers["authorization"] == "Bearer t"  # same host: kept


def ask_in_child(url, answers):
    with flattr_core.api.get("t", api_url=url, max_retries=0, deadline=5) as api:
        answers.put(api.authenticated.get().username)


def test_a_forked_child_can_use_the_client_after_the_parent_did(server):
    with flattr_core.api.get("t", api_url=server.url, max_retries=0) as api:
        api.authenticated.get()  # the parent's deadline watchdog is running now
    fork = multiprocessing.get_context("fork")
    answers = fork.Queue()
    child = fork.Process(target=ask_in_child, args=(server.url, answers))
    child.start()
    child.join(10)
    assert child.exitcode == 0 and answers.get(timeout=1) == "alice"


@responses.activate
def test_a_form_is_encoded_byte_for_byte_as_requests_encodes_it():
    form = {
        "url": "https://example.org/p?a=1&b=ä ö",
        "title": "Hello, world! 100% (café) ~_.-",
        "tags": ["a b", "c&d", None],
        "hidden": 0,
        "language": None,
    }
    responses.post("http://127.0.0.1:9/rest/v2/things", json={"id": 1})
    with flattr_core.api.get("t", api_url="http://127.0.0.1:9/rest/v2") as api:
        api.transport.request("POST", "/things", data=form)
    sent = responses.calls[0].request
    assert sent.body == requests.models.RequestEncodingMixin._encode_params(form)
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
@responses.activate
def test_a_ca_bundle_from_the_environment_verifies_the_server(monkeypatch, variable):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "/etc/ssl/company-bundle.pem")
    responses.get("https://flattr.test/rest/v2/user", json={"username": "alice"})
    with flattr_core.api.get("t", api_url="https://flattr.test/rest/v2") as api:
        api.authenticated.get()
        api.authenticated.get()
    assert [call.request.req_kwargs["verify"] for call in responses.calls] == [
        "/etc/ssl/company-bundle.pem"
    ] * 2


@responses.activate
def test_without_a_ca_bundle_the_server_is_verified_against_the_default(monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    responses.get("https://flattr.test/rest/v2/user", json={"username": "alice"})
    with flattr_core.api.get("t", api_url="https://flattr.test/rest/v2") as api:
        api.authenticated.get()
    assert responses.calls[0].request.req_kwargs["verify"] is True
