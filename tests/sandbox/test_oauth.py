"""OAuth 2 (Flattr API docs: OAuth) over plain HTTP: the approval page, redirects, token calls."""

import re
from urllib.parse import parse_qs, urlsplit

import requests

from flattr_sandbox import SandboxServer
from tests.sandbox.sandbox_helpers import Api, browser_form

CLIENT = ("sandbox-demo", "sandbox-demo-secret")
REDIRECT = "http://127.0.0.1:53682/callback"


def authorize_page(sandbox, session=requests, **params):
    query = {
        "response_type": "code",
        "client_id": "sandbox-demo",
        "redirect_uri": REDIRECT,
        "scope": "flattr thing",
        **params,
    }
    query = {name: value for name, value in query.items() if value is not None}
    return session.get(
        sandbox.url + "/oauth/authorize", params=query, timeout=5, allow_redirects=False
    )


def decide(sandbox, decision="approve", username="bob", **params):
    """What a person does: open the approval page in a browser, pick a user, click."""
    browser = requests.Session()
    page = authorize_page(sandbox, session=browser, **params)
    action, fields = browser_form(page.url, page.text)
    form = {**fields, "username": username, "decision": decision}
    return browser.post(action, data=form, timeout=5, allow_redirects=False)


def redirect_params(answer):
    assert answer.status_code == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def exchange(sandbox, code, auth=CLIENT, redirect_uri=REDIRECT, **extra):
    data = {"grant_type": "authorization_code", "code": code, **extra}
    if redirect_uri is not None:
        data["redirect_uri"] = redirect_uri
    return requests.post(sandbox.url + "/oauth/token", auth=auth, data=data, timeout=5)


def test_approval_page_lets_a_person_pick_a_user(flattr_sandbox):
    page = authorize_page(flattr_sandbox, state="s1")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Sandbox demo app" in page.text and 'value="approve"' in page.text
    assert re.search(r'<option value="carol"[^>]*>carol \(no means\)', page.text)
    assert 'name="state" value="s1"' in page.text


def test_approve_redirects_with_code_and_state_and_the_token_works(flattr_sandbox):
    params = redirect_params(decide(flattr_sandbox, state="xyz 1"))
    assert params["state"] == "xyz 1"
    answer = exchange(flattr_sandbox, params["code"])
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Pragma"] == "no-cache"
    body = answer.json()
    assert set(body) == {"access_token", "token_type"} and body["token_type"] == "bearer"
    me = Api(flattr_sandbox, body["access_token"])
    assert me.get("/user").json()["username"] == "bob"
    created = me.post("/things", data={"url": "https://bob.example.net/oauth/"})
    assert created.status_code == 201  # the thing scope was granted
    assert me.get("/user").json().get("email") is None  # email was not


def test_deny_redirects_with_access_denied_and_state(flattr_sandbox):
    params = redirect_params(decide(flattr_sandbox, decision="deny", state="abc"))
    assert (params["error"], params["state"]) == ("access_denied", "abc")
    assert "code" not in params


def test_codes_are_single_use(flattr_sandbox):
    code = redirect_params(decide(flattr_sandbox))["code"]
    assert exchange(flattr_sandbox, code).status_code == 200
    again = exchange(flattr_sandbox, code)
    assert again.status_code == 400
    assert (
        again.json()["error"] == "invalid_grant"
        and "already used" in again.json()["error_description"]
    )


def test_token_redirect_uri_must_match_the_authorize_request(flattr_sandbox):
    code = redirect_params(decide(flattr_sandbox))["code"]
    answer = exchange(flattr_sandbox, code, redirect_uri="http://127.0.0.1:1/other")
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")


def test_token_must_repeat_the_redirect_uri_the_authorize_request_had(flattr_sandbox):
    code = redirect_params(decide(flattr_sandbox))["code"]
    answer = exchange(flattr_sandbox, code, redirect_uri=None)
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")


def test_token_may_omit_redirect_uri_if_authorize_did_like_the_ruby_gem(flattr_sandbox):
    answer = decide(flattr_sandbox, redirect_uri=None)
    assert answer.status_code == 302
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    assert exchange(flattr_sandbox, code, redirect_uri=None).status_code == 200


def test_bad_client_authentication_is_invalid_client(flattr_sandbox):
    code = redirect_params(decide(flattr_sandbox))["code"]
    for auth in (("sandbox-demo", "wrong"), ("nobody", "x"), None):
        answer = exchange(flattr_sandbox, code, auth=auth)
        assert answer.status_code == 401
        assert answer.json()["error"] == "invalid_client"
        assert answer.headers["WWW-Authenticate"].startswith("Basic")


def test_client_credentials_in_the_body_and_json_bodies_are_accepted(flattr_sandbox):
    code = redirect_params(decide(flattr_sandbox))["code"]
    answer = requests.post(
        flattr_sandbox.url + "/oauth/token",
        timeout=5,
        json={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": CLIENT[0],
            "client_secret": CLIENT[1],
        },
    )
    assert answer.status_code == 200, answer.text


def test_token_request_errors_follow_rfc_6749(flattr_sandbox):
    url = flattr_sandbox.url + "/oauth/token"
    cases = [
        ({"code": "x"}, "invalid_request"),
        ({"grant_type": "password", "code": "x"}, "unsupported_grant_type"),
        ({"grant_type": "authorization_code"}, "invalid_request"),
        ({"grant_type": "authorization_code", "code": "nope"}, "invalid_grant"),
    ]
    for data, error in cases:
        answer = requests.post(url, auth=CLIENT, data=data, timeout=5)
        assert (answer.status_code, answer.json()["error"]) == (400, error)
        assert answer.json()["error_description"]
    broken = requests.post(
        url, auth=CLIENT, data="{not json", timeout=5, headers={"Content-Type": "application/json"}
    )
    assert broken.json()["error"] == "invalid_request"


def test_unregistered_redirect_uri_and_unknown_client_get_a_bad_request_page(flattr_sandbox):
    for params in (
        {"redirect_uri": "https://evil.example/cb"},
        {"client_id": "nope"},
        {"client_id": ""},
        {"redirect_uri": "http://127.0.0.1:99999/cb"},
    ):
        page = authorize_page(flattr_sandbox, **params)
        assert page.status_code == 400 and "Bad request (400)" in page.text
    strict = requests.get(
        flattr_sandbox.url + "/oauth/authorize",
        timeout=5,
        allow_redirects=False,
        params={
            "response_type": "code",
            "client_id": "sandbox-web",
            "redirect_uri": "http://127.0.0.1:8000/callback",
        },
    )
    assert strict.status_code == 400


def test_loopback_redirects_on_any_port_for_the_demo_app(flattr_sandbox):
    for uri in ("http://localhost:8000/done", "http://[::1]:1234/cb", "http://127.0.0.1/x"):
        assert authorize_page(flattr_sandbox, redirect_uri=uri).status_code == 200


def test_unknown_scope_and_response_type_redirect_with_an_error(flattr_sandbox):
    params = redirect_params(authorize_page(flattr_sandbox, scope="flattr admin", state="q"))
    assert (params["error"], params["state"]) == ("invalid_scope", "q")
    params = redirect_params(authorize_page(flattr_sandbox, response_type="token"))
    assert params["error"] == "unsupported_response_type"
    params = redirect_params(authorize_page(flattr_sandbox, response_type=""))
    assert params["error"] == "invalid_request"


def test_scopes_may_be_separated_by_commas_or_plus(flattr_sandbox):
    for scope in ("flattr,email", "flattr+email"):
        code = redirect_params(decide(flattr_sandbox, scope=scope))["code"]
        token = exchange(flattr_sandbox, code).json()["access_token"]
        assert Api(flattr_sandbox, token).get("/user").json()["email"] == "bob@example.net"


def test_auto_approve_skips_the_page():
    with SandboxServer(auto_approve="alice") as sandbox:
        params = redirect_params(authorize_page(sandbox, state="auto"))
        assert params["state"] == "auto"
        token = exchange(sandbox, params["code"]).json()["access_token"]
        assert Api(sandbox, token).get("/user").json()["username"] == "alice"
