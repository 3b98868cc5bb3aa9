"""``/_sandbox/`` admin routes answer only to the admin secret.

Without it anyone who can reach the port could mint a token for any user, wipe the data or make
every call hang. The secret is generated at start (or given with ``--admin-token``), printed in
the banner and known to ``SandboxServer`` and the ``flattr_sandbox`` fixture.
"""

import pytest
import requests

from flattr_sandbox import SandboxServer
from flattr_sandbox.server import banner
from tests.sandbox.sandbox_helpers import Api, as_user, assert_error
from tests.security.security_helpers import ADMIN_HEADER

ADMIN_CALLS = [
    ("POST", "/_sandbox/reset", None),
    ("POST", "/_sandbox/tokens", {"username": "alice"}),
    ("GET", "/_sandbox/requests", None),
    ("DELETE", "/_sandbox/requests", None),
    ("GET", "/_sandbox/config", None),
    ("PATCH", "/_sandbox/config", {"latency_ms": 2000}),
    ("POST", "/_sandbox/config", {"rate_limit": 1}),
    ("POST", "/_sandbox/faults", {"next": ["drop"]}),
]
NO_SECRET = {
    "no secret": {},
    "a wrong secret": {ADMIN_HEADER: "guess"},
    "an empty secret": {ADMIN_HEADER: ""},
}


@pytest.mark.parametrize("credentials", NO_SECRET, ids=list(NO_SECRET))
@pytest.mark.parametrize(
    "method, path, body", ADMIN_CALLS, ids=[f"{m} {p}" for m, p, _ in ADMIN_CALLS]
)
def test_admin_routes_refuse_callers_without_the_secret(
    flattr_sandbox, method, path, body, credentials
):
    as_user(flattr_sandbox, "alice").delete("/things/1200001")
    answer = requests.request(
        method, flattr_sandbox.url + path, json=body, headers=NO_SECRET[credentials], timeout=5
    )
    assert_error(answer, 401, "unauthorized", ADMIN_HEADER)
    assert Api(flattr_sandbox).get("/things/1200001").status_code == 404  # not reset
    assert flattr_sandbox.state.settings.latency_ms == 0
    assert flattr_sandbox.state.faults.pending() == []


@pytest.mark.parametrize(
    "method, path, body", ADMIN_CALLS, ids=[f"{m} {p}" for m, p, _ in ADMIN_CALLS]
)
def test_an_api_token_is_not_the_admin_secret(flattr_sandbox, method, path, body):
    token = flattr_sandbox.mint_token("alice")
    answer = requests.request(
        method,
        flattr_sandbox.url + path,
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert_error(answer, 401, "unauthorized", ADMIN_HEADER)


def test_a_cross_site_simple_post_cannot_reset(flattr_sandbox):
    as_user(flattr_sandbox, "alice").delete("/things/1200001")
    answer = requests.post(
        flattr_sandbox.url + "/_sandbox/reset",
        data="anything",
        headers={"Content-Type": "text/plain", "Origin": "http://evil.example"},
        timeout=5,
    )
    assert answer.status_code in (401, 403)
    assert Api(flattr_sandbox).get("/things/1200001").status_code == 404


def test_a_foreign_origin_is_refused_even_with_the_secret(flattr_sandbox):
    answer = requests.post(
        flattr_sandbox.url + "/_sandbox/reset",
        headers={**flattr_sandbox.admin_headers, "Origin": "http://evil.example"},
        timeout=5,
    )
    assert_error(answer, 403, "forbidden", "Origin")


def test_with_the_secret_every_admin_route_works(flattr_sandbox):
    admin = requests.Session()
    admin.headers.update(flattr_sandbox.admin_headers)
    url = flattr_sandbox.url + "/_sandbox"
    assert admin.post(url + "/reset", timeout=5).status_code == 200
    minted = admin.post(url + "/tokens", json={"username": "bob"}, timeout=5).json()
    assert Api(flattr_sandbox, minted["access_token"]).get("/user").json()["username"] == "bob"
    assert admin.get(url + "/requests", timeout=5).json()["total"] == 1
    assert admin.delete(url + "/requests", timeout=5).status_code == 204
    assert admin.patch(url + "/config", json={"latency_ms": 5}, timeout=5).json()["latency_ms"] == 5
    assert admin.post(url + "/faults", json={"next": ["500"]}, timeout=5).status_code == 200
    assert admin.get(url + "/config", timeout=5).json()["pending_faults"] == ["500"]


def test_the_secret_can_be_fixed_and_is_never_in_a_repr():
    secret = "fixed-admin-secret-0123456789"
    with SandboxServer(admin_token=secret) as sandbox:
        assert sandbox.admin_token == secret
        assert sandbox.admin_headers == {ADMIN_HEADER: secret}
        answer = requests.get(
            sandbox.url + "/_sandbox/config", headers={ADMIN_HEADER: secret}, timeout=5
        )
        assert answer.status_code == 200
        assert secret not in repr(sandbox)


def test_a_weak_fixed_secret_is_refused():
    for weak in ("short", "with spaces in the secret value", "é" * 20):
        with pytest.raises(ValueError, match="admin"):
            SandboxServer(admin_token=weak)


def test_each_sandbox_generates_its_own_secret():
    assert SandboxServer().admin_token != SandboxServer().admin_token


def test_the_banner_shows_the_secret_and_how_to_use_it(flattr_sandbox):
    text = "\n".join(banner(flattr_sandbox, db=None))
    assert flattr_sandbox.admin_token in text
    assert f"{ADMIN_HEADER}: {flattr_sandbox.admin_token}" in text
    assert "WARNING" not in text


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20"])
def test_the_banner_warns_loudly_on_a_non_loopback_address(host):
    sandbox = SandboxServer(host=host)
    text = "\n".join(banner(sandbox, db=None, port=8765))
    assert "WARNING" in text and "not loopback" in text
    assert "--admin-token" in text or "admin secret" in text


def test_fixture_methods_need_no_secret_from_their_callers(flattr_sandbox):
    token = flattr_sandbox.mint_token("bob", scopes=("flattr",))
    Api(flattr_sandbox, token).get("/user")
    assert flattr_sandbox.request_count() == 1
    flattr_sandbox.configure(rate_limit=7)
    flattr_sandbox.inject_faults("500")
    flattr_sandbox.reset()
    assert flattr_sandbox.request_count() == 0
