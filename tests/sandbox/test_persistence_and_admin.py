"""``--db`` persistence across restarts, and the ``/_sandbox/`` admin endpoints."""

import requests

from flattr_sandbox import SandboxServer
from tests.sandbox.sandbox_helpers import Api, as_user, assert_error


def test_db_file_keeps_things_and_tokens_across_restarts(tmp_path):
    db = str(tmp_path / "sandbox.sqlite")
    with SandboxServer(db=db) as first:
        token = first.mint_token("alice", scopes=("thing",))
        created = Api(first, token).post("/things", data={"url": "https://alice.example.org/kept/"})
        thing_id = created.json()["id"]
    with SandboxServer(db=db) as second:
        thing = Api(second, token).get(f"/things/{thing_id}").json()
        assert thing["url"] == "https://alice.example.org/kept/"
        second.reset()
        assert_error(Api(second).get(f"/things/{thing_id}"), 404, "not_found")


def _admin(sandbox):
    """A session carrying the admin secret, as a script given it by the banner would."""
    session = requests.Session()
    session.headers.update(sandbox.admin_headers)
    return session


def test_admin_mints_tokens_over_http(flattr_sandbox):
    admin = _admin(flattr_sandbox)
    answer = admin.post(
        flattr_sandbox.url + "/_sandbox/tokens",
        timeout=5,
        json={"username": "bob", "scopes": "flattr email"},
    )
    body = answer.json()
    assert (body["username"], body["scopes"], body["token_type"]) == (
        "bob",
        ["flattr", "email"],
        "bearer",
    )
    assert Api(flattr_sandbox, body["access_token"]).get("/user").json()["username"] == "bob"
    unknown = admin.post(
        flattr_sandbox.url + "/_sandbox/tokens", json={"username": "zed"}, timeout=5
    )
    assert_error(unknown, 404, "not_found", "alice")
    bad_scope = admin.post(
        flattr_sandbox.url + "/_sandbox/tokens",
        timeout=5,
        json={"username": "bob", "scopes": ["root"]},
    )
    assert bad_scope.status_code == 400 and bad_scope.json()["error"] == "invalid_scope"


def test_request_counters_per_route_exclude_admin_calls(flattr_sandbox):
    api = Api(flattr_sandbox)
    api.get("/things/268185")
    api.get("/things/423405")
    api.get("/users/alice")
    admin = _admin(flattr_sandbox)
    counts = admin.get(flattr_sandbox.url + "/_sandbox/requests", timeout=5).json()
    assert counts == {
        "total": 3,
        "routes": {"GET /rest/v2/things/<ids>": 2, "GET /rest/v2/users/<username>": 1},
    }
    assert admin.delete(flattr_sandbox.url + "/_sandbox/requests", timeout=5).status_code == 204
    assert flattr_sandbox.request_count() == 0


def test_reset_over_http_restores_seed_data(flattr_sandbox):
    as_user(flattr_sandbox, "alice").delete("/things/1200001")
    reset = _admin(flattr_sandbox).post(flattr_sandbox.url + "/_sandbox/reset", timeout=5)
    assert reset.status_code == 200
    assert Api(flattr_sandbox).get("/things/1200001").status_code == 200


def test_config_over_http(flattr_sandbox):
    admin = _admin(flattr_sandbox)
    answer = admin.patch(flattr_sandbox.url + "/_sandbox/config", json={"rate_limit": 5}, timeout=5)
    assert answer.json()["rate_limit"] == 5
    assert Api(flattr_sandbox).get("/categories").headers["X-RateLimit-Limit"] == "5"
    bad = admin.patch(
        flattr_sandbox.url + "/_sandbox/config", json={"fail_rate": "lots"}, timeout=5
    )
    assert_error(bad, 400, "invalid_parameters", "fail_rate")


def test_mint_token_refuses_unknown_users_and_scopes(flattr_sandbox):
    for username, scopes in (("mallory", ("flattr",)), ("alice", ("root",))):
        try:
            flattr_sandbox.mint_token(username, scopes=scopes)
        except ValueError as error:
            assert username in str(error) or "root" in str(error)
        else:
            raise AssertionError("mint_token accepted bad input")
