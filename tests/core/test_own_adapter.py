"""The own sessions' adapter gives requests' own answers: pools, request URLs, responses."""

import http.client

import pytest
import requests
import requests.adapters
import urllib3

from flattr_core._adapter import OwnAdapter
from tests.core.test_response_head import FakeSocket


def prepared(url, method="GET"):
    request = requests.PreparedRequest()
    request.prepare(method=method, url=url)
    return request


def urllib3_answer(head):
    """A urllib3 response over ``head`` (status line and headers), as a connection makes it."""
    answer = http.client.HTTPResponse(FakeSocket(head + b"Content-Length: 2\r\n\r\n{}"))
    answer.begin()
    return urllib3.HTTPResponse(
        body=answer,
        headers=urllib3.HTTPHeaderDict(answer.msg.items()),
        status=answer.status,
        reason=answer.reason,
        preload_content=False,
        original_response=answer,
    )


def built_by(adapter, head, url="http://api.test/rest/v2/things"):
    return adapter.build_response(prepared(url), urllib3_answer(head))


HEADS = {
    "json": b"HTTP/1.1 201 CREATED\r\nContent-Type: application/json\r\nX-A: 1\r\nX-A: 2\r\n",
    "text": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
    "sets a cookie": b"HTTP/1.1 200 OK\r\nSet-Cookie: session=abc; Path=/\r\n",
}


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_a_response_is_built_as_requests_builds_it(head):
    ours = built_by(OwnAdapter(), head)
    theirs = built_by(requests.adapters.HTTPAdapter(), head)
    assert set(vars(ours)) == set(vars(theirs))  # requests added nothing the copy misses
    for name, value in vars(theirs).items():
        if name == "raw":
            continue  # each its own urllib3 response
        if name == "cookies":
            assert dict(getattr(ours, name)) == dict(value)
        elif name == "connection":
            assert isinstance(getattr(ours, name), OwnAdapter)
        elif name == "elapsed":
            continue
        elif name == "request":
            assert getattr(ours, name).url == value.url
        else:
            assert getattr(ours, name) == value, name
    assert ours.raw.status == theirs.raw.status


def test_a_cookie_the_server_sets_is_kept():
    assert dict(built_by(OwnAdapter(), HEADS["sets a cookie"]).cookies) == {"session": "abc"}


class CountingAdapter(OwnAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.lookups = 0
        looked_up = self.poolmanager.connection_from_host

        def counting(*args, **kwargs):
            self.lookups += 1
            return looked_up(*args, **kwargs)

        self.poolmanager.connection_from_host = counting


def pool_for(adapter, url, verify=True, proxies=None):
    return adapter.get_connection_with_tls_context(prepared(url), verify, proxies=proxies)


def test_the_pool_is_looked_up_once_per_origin():
    adapter = CountingAdapter()
    first = pool_for(adapter, "http://api.test/rest/v2/things")
    assert pool_for(adapter, "http://API.test/rest/v2/things/5?full=1") is first
    assert adapter.lookups == 1
    other = pool_for(adapter, "http://api.test:8080/rest/v2/things")
    assert other is not first and (other.host, other.port) == ("api.test", 8080)
    assert pool_for(adapter, "http://api.test/x", verify=False) is not first
    assert adapter.lookups == 3


def test_no_more_pools_are_kept_than_the_pool_manager_keeps():
    adapter = OwnAdapter()
    pools = [pool_for(adapter, f"http://host{n}.test/") for n in range(25)]
    assert len(adapter._pools) <= requests.adapters.DEFAULT_POOLSIZE
    assert pool_for(adapter, "http://host24.test/") is pools[24]


def test_a_proxied_request_goes_the_way_requests_sends_it():
    adapter, plain = OwnAdapter(), requests.adapters.HTTPAdapter()
    proxies = {"http": "http://proxy.test:3128"}
    request = prepared("http://api.test/rest/v2/things?page=2")
    assert adapter.request_url(request, proxies) == plain.request_url(request, proxies)
    assert adapter.request_url(request, proxies) == "http://api.test/rest/v2/things?page=2"
    assert (
        adapter.request_url(request, {})
        == plain.request_url(request, {})
        == ("/rest/v2/things?page=2")
    )
    proxied = pool_for(adapter, "http://api.test/x", proxies=proxies)
    assert (proxied.host, proxied.port) == ("proxy.test", 3128)  # the proxy's pool
    assert pool_for(adapter, "http://api.test/x").host == "api.test"  # not the cached proxy pool


def test_closing_the_adapter_forgets_its_pools():
    adapter = CountingAdapter()
    first = pool_for(adapter, "http://api.test/x")
    adapter.close()
    assert pool_for(adapter, "http://api.test/x") is not first
    assert adapter.lookups == 2
