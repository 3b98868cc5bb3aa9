"""The sandbox's own pages, driven by clicks as a person would: the OAuth approval page (approve,
deny, and a forged form from another site that must not get a code), and the auto-submit page
that flattrs a new thing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import requests

CALLBACK = "callback.html"


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _authorize_url(sandbox, redirect_uri: str) -> str:
    params = {
        "client_id": "sandbox-demo",
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "scope": "flattr thing",
        "state": "s-123",
    }
    return f"{sandbox.url}/oauth/authorize?{urlencode(params)}"


def _app_site(serve, tmp_path) -> str:
    """A stand-in for the app that asked: serves the page the sandbox redirects back to."""
    (tmp_path / CALLBACK).write_text("<!doctype html><title>back in the app</title>")
    return serve(tmp_path)


def test_approving_sends_a_code_that_gives_a_token_for_the_chosen_user(
    flattr_sandbox, open_page, serve, tmp_path
):
    redirect_uri = f"{_app_site(serve, tmp_path)}/{CALLBACK}"
    page = open_page(_authorize_url(flattr_sandbox, redirect_uri))

    page.select_option("select[name=username]", "bob")
    page.click("button.approve")
    page.wait_for_url(f"{redirect_uri}?**")

    back = _query(page.url)
    assert back["state"] == "s-123"
    token = requests.post(
        f"{flattr_sandbox.url}/oauth/token",
        data={"grant_type": "authorization_code", "code": back["code"]}
        | {"redirect_uri": redirect_uri},
        auth=("sandbox-demo", "sandbox-demo-secret"),
        timeout=5,
    ).json()["access_token"]
    me = requests.get(
        flattr_sandbox.api_url + "/user", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert me.json()["username"] == "bob"


def test_denying_sends_access_denied_and_no_code(flattr_sandbox, open_page, serve, tmp_path):
    redirect_uri = f"{_app_site(serve, tmp_path)}/{CALLBACK}"
    page = open_page(_authorize_url(flattr_sandbox, redirect_uri))

    page.click("button[value=deny]")
    page.wait_for_url(f"{redirect_uri}?**")

    back = _query(page.url)
    assert back["error"] == "access_denied" and back["state"] == "s-123"
    assert "code" not in back


def test_a_forged_approval_from_another_site_gets_no_code(
    flattr_sandbox, open_page, serve, tmp_path
):
    """A page on another origin posts the approval form for the reader: the sandbox must not
    send a code back (the real form carries a token the forger cannot read)."""
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    redirect_uri = f"{_app_site(serve, app_dir)}/{CALLBACK}"
    evil_dir = tmp_path / "evil"
    evil_dir.mkdir()
    fields = {
        "client_id": "sandbox-demo",
        "redirect_uri": redirect_uri,
        "scope": "flattr thing",
        "response_type": "code",
        "state": "forged",
        "username": "alice",
        "decision": "approve",
    }
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    (evil_dir / "win.html").write_text(
        f'<!doctype html><title>You won</title><form method="post" '
        f'action="{flattr_sandbox.url}/oauth/authorize">{inputs}'
        f'<button id="claim">Claim your prize</button></form>'
    )
    evil = serve(evil_dir)
    page = open_page(f"{evil}/win.html", allow_http_errors=True)

    page.click("#claim")
    page.wait_for_load_state()

    assert not page.url.startswith(redirect_uri)
    assert "code" not in _query(page.url)


def test_the_auto_submit_page_creates_and_flattrs_the_thing_on_click(flattr_sandbox, open_page):
    target = "https://blog.example.org/a-brand-new-post.html"
    params = {
        "user_id": "alice",
        "url": target,
        "title": "A brand new post",
        "description": "Flattred from the auto-submit page in a real browser.",
        "category": "text",
        "language": "en_GB",
    }
    page = open_page(f"{flattr_sandbox.url}/submit/auto?{urlencode(params)}")
    assert page.locator("h1").inner_text() == "A brand new post"

    page.select_option("select[name=username]", "bob")
    page.click("button.flattr")
    page.wait_for_load_state()

    assert "You flattred this thing" in page.inner_text("body")
    found = requests.get(
        flattr_sandbox.api_url + "/things/lookup", params={"url": target}, timeout=5
    ).json()
    assert (found["owner"]["username"], found["flattrs"]) == ("alice", 1)
