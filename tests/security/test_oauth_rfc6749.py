"""The token endpoint follows RFC 6749 where a careless server would leak access: replayed codes,
a dropped ``redirect_uri``, a code tried by another client, hostile JSON bodies."""

import pytest
import requests

from flattr_sandbox import SandboxServer
from tests.sandbox.sandbox_helpers import Api

DEMO = ("sandbox-demo", "sandbox-demo-secret")
WEB = ("sandbox-web", "sandbox-web-secret")
REDIRECT = "http://127.0.0.1:53682/callback"


@pytest.fixture(scope="module")
def auto_approving():
    with SandboxServer(auto_approve="bob") as sandbox:
        yield sandbox


def _code(sandbox, redirect_uri=REDIRECT):
    params = {"response_type": "code", "client_id": "sandbox-demo", "scope": "flattr"}
    if redirect_uri is not None:
        params["redirect_uri"] = redirect_uri
    answer = requests.get(
        sandbox.url + "/oauth/authorize", params=params, timeout=5, allow_redirects=False
    )
    return answer.headers["Location"].split("code=")[1].split("&")[0]


def _exchange(sandbox, code, auth=DEMO, redirect_uri=REDIRECT, **kwargs):
    data = {"grant_type": "authorization_code", "code": code}
    if redirect_uri is not None:
        data["redirect_uri"] = redirect_uri
    return requests.post(sandbox.url + "/oauth/token", auth=auth, data=data, timeout=5, **kwargs)


def _oauth_error(answer, code):
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert set(body) == {"error", "error_description"} and body["error"] == code, body
    return body


def test_a_replayed_code_is_refused_and_revokes_the_token_it_gave(auto_approving):
    code = _code(auto_approving)
    token = _exchange(auto_approving, code).json()["access_token"]
    assert Api(auto_approving, token).get("/user").status_code == 200
    _oauth_error(_exchange(auto_approving, code), "invalid_grant")
    assert Api(auto_approving, token).get("/user").status_code == 401


def test_the_redirect_uri_of_the_authorize_request_must_be_repeated(auto_approving):
    code = _code(auto_approving)
    body = _oauth_error(_exchange(auto_approving, code, redirect_uri=None), "invalid_request")
    assert "redirect_uri" in body["error_description"]
    assert _exchange(auto_approving, code).status_code == 200  # the code was not burnt


def test_a_code_from_an_authorize_request_without_redirect_uri_needs_none(auto_approving):
    code = _code(auto_approving, redirect_uri=None)
    assert _exchange(auto_approving, code, redirect_uri=None).status_code == 200


def test_another_clients_attempt_does_not_burn_the_code(auto_approving):
    code = _code(auto_approving)
    _oauth_error(_exchange(auto_approving, code, auth=WEB), "invalid_grant")
    assert _exchange(auto_approving, code).status_code == 200


def test_a_wrong_redirect_uri_does_not_burn_the_code(auto_approving):
    code = _code(auto_approving)
    _oauth_error(
        _exchange(auto_approving, code, redirect_uri="http://127.0.0.1:1/x"), "invalid_grant"
    )
    assert _exchange(auto_approving, code).status_code == 200


HOSTILE_BODIES = {
    "array nested 20,000 deep": "[" * 20000 + "]" * 20000,
    "object nested 10,000 deep": '{"a":' * 10000 + "1" + "}" * 10000,
    "lone surrogate in the code": '{"grant_type": "authorization_code", "code": "\\ud800"}',
    "lone surrogate in a key": '{"\\udfff": 1, "grant_type": "authorization_code"}',
    "number with 5,000 digits": '{"code": ' + "9" * 5000 + "}",
}


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_json_bodies_are_oauth_errors(auto_approving, body):
    answer = requests.post(
        auto_approving.url + "/oauth/token",
        auth=DEMO,
        data=HOSTILE_BODIES[body].encode(),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    _oauth_error(answer, "invalid_request")
