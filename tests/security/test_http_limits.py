"""HTTP-level abuse over a real socket: the server answers 400 / 414 / 431 with the documented
JSON body, closes that connection, and keeps serving everyone else."""

import pytest
import requests

from flattr_sandbox import limits
from tests.security.security_helpers import raw_exchange

HOSTILE = {
    "garbage request line": (b"\x00\x01\x02 garbage\r\n\r\n", 400),
    "request line with no version": (b"GET\r\n\r\n", 400),
    "request line with four words": (b"GET / HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "unknown HTTP version": (b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 505),
    "binary method": (b"\xff\xfe / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "66,000-character URL": (
        b"GET /rest/v2/things/search?q=" + b"x" * 66000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        414,
    ),
    "70 KB header line": (
        b"GET /rest/v2/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
        + b"y" * 70000
        + b"\r\n\r\n",
        431,
    ),
    "150 headers": (
        b"GET /rest/v2/categories HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + b"".join(b"X-H%d: v\r\n" % n for n in range(150))
        + b"\r\n",
        431,
    ),
    "headers over the total size": (
        b"GET /rest/v2/categories HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + b"".join(b"X-H%d: %s\r\n" % (n, b"z" * 8000) for n in range(12))
        + b"\r\n",
        431,
    ),
    "header line without a colon": (
        b"GET /rest/v2/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n",
        400,
    ),
    "negative Content-Length": (
        b"POST /rest/v2/things HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
        400,
    ),
    "Content-Length that is no number": (
        b"POST /rest/v2/things HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: lots\r\n\r\n",
        400,
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_malformed_requests_get_an_http_error_and_the_server_stays_up(flattr_sandbox, case):
    data, status = HOSTILE[case]
    answer = raw_exchange(flattr_sandbox, data)
    assert answer.status == status
    body = answer.json()
    assert set(body) == {"error", "error_description", "error_uri"}
    assert answer.headers["content-type"] == "application/json;charset=utf-8"
    assert answer.headers["connection"] == "close"
    assert requests.get(flattr_sandbox.api_url + "/categories", timeout=5).status_code == 200


def test_requests_just_under_the_limits_are_served(flattr_sandbox):
    url = "/rest/v2/things/search?query=" + "x" * (limits.MAX_REQUEST_LINE - 200)
    near = raw_exchange(flattr_sandbox, f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert near.status == 400 and near.json()["error"] == "invalid_parameters"  # too long a query
    many = b"".join(b"X-H%d: v\r\n" % n for n in range(limits.MAX_HEADERS - 5))
    answer = raw_exchange(
        flattr_sandbox,
        b"GET /rest/v2/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + many
        + b"\r\n",
    )
    assert answer.status == 200
