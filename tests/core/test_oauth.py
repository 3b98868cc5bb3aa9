"""flattr_core.oauth: the authorize URL, the callback, and trading the code for a token."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

import flattr_core
from flattr_core.errors import (
    AccessDenied,
    InputError,
    InvalidClient,
    InvalidGrant,
    OAuthError,
    OAuthServerError,
    ResponseError,
    StateMismatch,
    UnsupportedGrantType,
)
from flattr_core.models import AccessToken
from tests.core.core_helpers import WEB, error_json

CALLBACK = "http://127.0.0.1:8000/callback"
TOKEN_URL = f"{WEB}/oauth/token"
SECRET = "app-SECRET-value"


@pytest.fixture
def auth():
    helper = flattr_core.oauth.get(web_url=WEB)
    yield helper
    helper.close()


def params(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_authorize_builds_the_documented_url_with_a_fresh_state(auth):
    url = auth.authorize("my-app", ["flattr", "thing"], CALLBACK)

    assert url.startswith(f"{WEB}/oauth/authorize?")
    assert "scope=flattr%20thing" in url
    assert params(url) == {
        "response_type": "code",
        "client_id": "my-app",
        "redirect_uri": CALLBACK,
        "scope": "flattr thing",
        "state": auth.state,
    }
    assert len(auth.state) >= 20


def test_each_authorize_gets_its_own_state(auth):
    first = params(auth.authorize("my-app", "flattr", CALLBACK))["state"]
    second = params(auth.authorize("my-app", "flattr", CALLBACK))["state"]

    assert first != second


@pytest.mark.parametrize(
    "scope",
    [
        "flattr,thing",
        "flattr thing",
        "flattr+thing",
        ("flattr", "thing"),
        ["flattr", "thing", "flattr"],
    ],
)
def test_scopes_may_be_a_list_or_a_separated_string(auth, scope):
    assert params(auth.authorize("my-app", scope, CALLBACK))["scope"] == "flattr thing"


def test_no_scope_means_read_only_and_sends_no_scope(auth):
    assert "scope" not in params(auth.authorize("my-app", None, CALLBACK))


def test_a_state_of_your_own_is_used_as_given(auth):
    url = auth.authorize("my-app", "flattr", CALLBACK, state="abc123")

    assert params(url)["state"] == "abc123" and auth.state == "abc123"


@pytest.mark.parametrize("client_id", ["", "   ", None])
def test_an_empty_client_id_is_a_clear_error_not_a_broken_url(auth, client_id):
    with pytest.raises(InputError, match="client_id must not be empty"):
        auth.authorize(client_id, "flattr", CALLBACK)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"scope": "flattr admin"}, "unknown scope 'admin'"),
        ({"scope": 42}, "scope must be a list"),
        ({"redirect_uri": ""}, "redirect_uri must not be empty"),
        ({"redirect_uri": "not a url"}, "absolute URL"),
        ({"redirect_uri": "http:///nohost"}, "absolute URL"),
        ({"response_type": "password"}, "response_type"),
    ],
)
def test_authorize_checks_its_inputs(auth, kwargs, message):
    args = {"client_id": "my-app", "scope": "flattr", "redirect_uri": CALLBACK, **kwargs}
    with pytest.raises(InputError, match=message):
        auth.authorize(**args)


def test_check_state_accepts_ours_and_refuses_anything_else(auth):
    auth.authorize("my-app", "flattr", CALLBACK)

    auth.check_state(auth.state)
    with pytest.raises(StateMismatch):
        auth.check_state("forged")
    with pytest.raises(StateMismatch, match="no state"):
        auth.check_state(None)


def test_check_state_before_authorize_is_a_usage_error(auth):
    with pytest.raises(InputError, match="call authorize"):
        auth.check_state("x")


def test_parse_callback_returns_the_code_after_checking_state(auth):
    auth.authorize("my-app", "flattr", CALLBACK)

    assert auth.parse_callback(f"{CALLBACK}?code=CODE1&state={auth.state}") == "CODE1"
    with pytest.raises(StateMismatch):
        auth.parse_callback(f"{CALLBACK}?code=CODE1&state=other")


def test_parse_callback_turns_a_denial_into_access_denied(auth):
    auth.authorize("my-app", "flattr", CALLBACK)

    with pytest.raises(AccessDenied) as caught:
        auth.parse_callback(f"{CALLBACK}?error=access_denied&state={auth.state}")

    assert caught.value.error == "access_denied"


def test_token_uses_http_basic_and_returns_the_answer_as_a_dict(auth, server):
    server.post(
        TOKEN_URL,
        json={"access_token": "NEW-TOKEN", "token_type": "bearer"},
        headers={"Cache-Control": "no-store"},
    )
    auth.set_auth("my-app", SECRET)

    answer = auth.token("CODE1", CALLBACK)

    assert answer == {"access_token": "NEW-TOKEN", "token_type": "bearer"}
    sent = server.calls[0].request
    expected = base64.b64encode(f"my-app:{SECRET}".encode()).decode()
    assert sent.headers["Authorization"] == f"Basic {expected}"
    assert params(f"?{sent.body}") == {
        "code": "CODE1",
        "grant_type": "authorization_code",
        "redirect_uri": CALLBACK,
    }


@pytest.mark.parametrize("token_type", ["bearer", "Bearer", "BEARER"])
def test_exchange_gives_a_typed_token_whatever_the_token_type_case(auth, server, token_type):
    server.post(
        TOKEN_URL,
        json={"access_token": "NEW-TOKEN", "token_type": token_type, "scope": "flattr thing"},
    )
    auth.set_auth("my-app", SECRET)

    token = auth.exchange("CODE1", CALLBACK)

    assert isinstance(token, AccessToken)
    assert token.access_token == "NEW-TOKEN" and token.token_type == "bearer"
    assert token.scopes == ("flattr", "thing")
    assert "NEW-TOKEN" not in repr(token)


def test_client_credentials_may_come_from_the_environment(auth, server, monkeypatch):
    monkeypatch.setenv("FLATTR_CLIENT_ID", "env-app")
    monkeypatch.setenv("FLATTR_CLIENT_SECRET", SECRET)
    server.post(TOKEN_URL, json={"access_token": "T", "token_type": "bearer"})

    auth.token("CODE1", CALLBACK)

    assert server.calls[0].request.headers["Authorization"].startswith("Basic ")


def test_token_without_credentials_says_how_to_give_them(auth):
    with pytest.raises(InputError, match="set_auth"):
        auth.token("CODE1", CALLBACK)


@pytest.mark.parametrize(
    "status,error,cls",
    [
        (401, "invalid_client", InvalidClient),
        (400, "invalid_grant", InvalidGrant),
        (400, "unsupported_grant_type", UnsupportedGrantType),
        (500, "server_error", OAuthServerError),
    ],
)
def test_token_errors_are_typed(auth, server, status, error, cls):
    server.post(TOKEN_URL, status=status, json=error_json(error, "described by the server"))
    auth.set_auth("my-app", SECRET)

    with pytest.raises(cls) as caught:
        auth.token("CODE1", CALLBACK)

    assert caught.value.error == error and caught.value.status == status
    assert "described by the server" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_an_error_inside_a_200_answer_is_still_an_error(auth, server):
    server.post(TOKEN_URL, json={"error": "invalid_grant"})
    auth.set_auth("my-app", SECRET)

    with pytest.raises(InvalidGrant):
        auth.token("CODE1", CALLBACK)


def test_an_html_error_page_is_an_oauth_error_saying_what_came(auth, server):
    server.post(
        TOKEN_URL, status=400, body="<html>Bad request (400)</html>", content_type="text/html"
    )
    auth.set_auth("my-app", SECRET)

    with pytest.raises(OAuthError, match="Bad request"):
        auth.token("CODE1", CALLBACK)


def test_a_token_answer_without_access_token_is_a_response_error(auth, server):
    server.post(TOKEN_URL, json={"token_type": "bearer"})
    auth.set_auth("my-app", SECRET)

    with pytest.raises(ResponseError, match="no access_token"):
        auth.token("CODE1", CALLBACK)


def test_the_secret_never_shows_in_the_helpers_repr(auth):
    auth.set_auth("my-app", SECRET)

    assert SECRET not in repr(auth) and "my-app" in repr(auth)


def test_oauth_get_uses_flattr_web_url(monkeypatch):
    monkeypatch.setenv("FLATTR_WEB_URL", "http://127.0.0.1:8765")

    url = flattr_core.oauth.get().authorize("my-app", "flattr", CALLBACK)

    assert url.startswith("http://127.0.0.1:8765/oauth/authorize?")


def test_the_default_is_flattr_com():
    assert (
        flattr_core.oauth.get()
        .authorize("a", None, CALLBACK)
        .startswith("https://flattr.com/oauth/authorize?")
    )
