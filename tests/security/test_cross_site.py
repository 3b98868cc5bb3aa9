"""Cross-site requests: the approval and flattr forms carry a CSRF token bound to the browser's
session, state-changing pages check ``Origin``, and no page may be framed (clickjacking)."""

import pytest
import requests

from tests.sandbox.sandbox_helpers import Api, browser_form

REDIRECT = "http://127.0.0.1:53682/callback"
AUTHORIZE = {
    "response_type": "code",
    "client_id": "sandbox-demo",
    "redirect_uri": REDIRECT,
    "scope": "flattr thing",
}
NEW_POST = {
    "user_id": "alice",
    "url": "https://alice.example.org/posts/csrf/",
    "title": "A post to flattr",
}


def _page(sandbox, browser, path, **params):
    page = browser.get(sandbox.url + path, params=params, timeout=5)
    assert page.status_code == 200, page.text
    return browser_form(page.url, page.text)


def _flattrs(sandbox, thing_id):
    return Api(sandbox).get(f"/things/{thing_id}").json()["flattrs"]


def test_a_person_can_still_approve_and_flattr_through_the_pages(flattr_sandbox):
    browser = requests.Session()
    action, fields = _page(flattr_sandbox, browser, "/oauth/authorize", **AUTHORIZE)
    assert fields["csrf_token"]
    approved = browser.post(
        action, data={**fields, "username": "bob", "decision": "approve"}, allow_redirects=False
    )
    assert approved.status_code == 302 and "code=" in approved.headers["Location"]
    action, fields = _page(flattr_sandbox, browser, "/thing/1200002")
    done = browser.post(action, data={**fields, "username": "bob"}, allow_redirects=False)
    assert done.status_code == 303
    assert _flattrs(flattr_sandbox, 1200002) == 1


def _approve_forged(sandbox, browser, fields, headers):
    return browser.post(
        sandbox.url + "/oauth/authorize",
        data={**fields, "username": "bob", "decision": "approve"},
        headers=headers,
        allow_redirects=False,
    )


def _tampered(token: str) -> str:
    """The token with its last character changed: never the token itself (ending it in "00"
    would leave one hex token in 256 as it was)."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


FORGERIES = {
    "no token, no session": lambda sandbox, fields: (requests.Session(), {}, {}),
    "token without its session cookie": lambda sandbox, fields: (requests.Session(), fields, {}),
    "valid token, foreign Origin": lambda sandbox, fields: (
        None,
        fields,
        {"Origin": "http://evil.example"},
    ),
    "valid token, Origin null": lambda sandbox, fields: (None, fields, {"Origin": "null"}),
    "valid token, foreign Referer": lambda sandbox, fields: (
        None,
        fields,
        {"Referer": "http://evil.example/page"},
    ),
    "tampered token": lambda sandbox, fields: (
        None,
        {**fields, "csrf_token": _tampered(fields["csrf_token"])},
        {},
    ),
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_approval_is_refused(flattr_sandbox, forgery):
    victim = requests.Session()
    _, fields = _page(flattr_sandbox, victim, "/oauth/authorize", **AUTHORIZE)
    attacker, sent, headers = FORGERIES[forgery](flattr_sandbox, fields)
    answer = _approve_forged(flattr_sandbox, attacker or victim, sent or AUTHORIZE, headers)
    assert answer.status_code == 403, answer.text
    assert "Location" not in answer.headers


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_flattr_is_refused(flattr_sandbox, forgery):
    victim = requests.Session()
    action, fields = _page(flattr_sandbox, victim, "/thing/1200002")
    attacker, sent, headers = FORGERIES[forgery](flattr_sandbox, fields)
    answer = (attacker or victim).post(
        action, data={**sent, "username": "bob"}, headers=headers, allow_redirects=False
    )
    assert answer.status_code == 403, answer.text
    assert _flattrs(flattr_sandbox, 1200002) == 0


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_auto_submit_flattr_creates_nothing(flattr_sandbox, forgery):
    victim = requests.Session()
    action, fields = _page(flattr_sandbox, victim, "/submit/auto", **NEW_POST)
    attacker, sent, headers = FORGERIES[forgery](flattr_sandbox, fields)
    answer = (attacker or victim).post(
        action, data={**NEW_POST, **sent, "username": "bob"}, headers=headers, allow_redirects=False
    )
    assert answer.status_code == 403, answer.text
    lookup = Api(flattr_sandbox).get("/things/lookup", params={"url": NEW_POST["url"]})
    assert lookup.status_code == 404


PAGES = [
    "/",
    "/thing/268185",
    "/profile/alice",
    "/submit/auto?user_id=alice&url=https://alice.example.org/framed/",
    "/oauth/authorize?response_type=code&client_id=sandbox-demo",
    "/no/such/page",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_can_be_framed(flattr_sandbox, path):
    answer = requests.get(flattr_sandbox.url + path, timeout=5)
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
