"""DNS rebinding: a sandbox on loopback answers only to loopback host names and its own address,
and its links always carry its configured base URL, never the request's ``Host``."""

import pytest
import requests

from tests.sandbox.sandbox_helpers import assert_error

FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "localhost.evil.example:{port}",
    "10.0.0.1:{port}",
    "[::2]:{port}",
    "127.0.0.1:{port}@evil.example",
    "",
]
PATHS = [
    "/rest/v2/things/268185",
    "/thing/268185",
    "/oauth/authorize?response_type=code&client_id=sandbox-demo",
    "/_sandbox/config",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_foreign_host_header_is_refused(flattr_sandbox, host, path):
    answer = requests.get(
        flattr_sandbox.url + path,
        headers={"Host": host.format(port=flattr_sandbox.port), **flattr_sandbox.admin_headers},
        timeout=5,
        allow_redirects=False,
    )
    body = assert_error(answer, 400, "invalid_request", "Host")
    assert flattr_sandbox.url in body["error_description"]  # where to go instead
    assert "evil" not in answer.headers.get("Location", "")


@pytest.mark.parametrize(
    "host",
    ["localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}", "127.0.0.1:{port}", "127.0.0.1"],
)
def test_loopback_names_are_accepted_and_links_use_the_configured_base_url(flattr_sandbox, host):
    answer = requests.get(
        flattr_sandbox.api_url + "/things/268185",
        headers={"Host": host.format(port=flattr_sandbox.port)},
        timeout=5,
    )
    assert answer.status_code == 200
    thing = answer.json()
    assert thing["resource"] == f"{flattr_sandbox.api_url}/things/268185"
    assert thing["link"] == f"{flattr_sandbox.url}/thing/268185"
