"""The browser half of `flattr login`: the one-shot callback server and pasted addresses."""

import requests

from flattr_core.cli.oauth_flow import CallbackServer, Redirect, free_port, parse_redirect


def test_callback_server_listens_on_loopback_and_hands_over_the_first_redirect():
    with CallbackServer() as server:
        server.expect_state("s1")
        assert server.redirect_uri.startswith("http://127.0.0.1:")
        assert server.redirect_uri.endswith("/callback")
        page = requests.get(server.redirect_uri, params={"code": "c0de", "state": "s1"}, timeout=5)
        assert page.status_code == 200 and "Access approved" in page.text
        again = requests.get(server.redirect_uri, params={"code": "other"}, timeout=5)
        assert "Already done" in again.text
        assert server.wait(timeout=1) == Redirect(code="c0de", state="s1")


def test_other_paths_do_not_end_the_wait():
    with CallbackServer() as server:
        base = server.redirect_uri.rsplit("/", 1)[0]
        assert requests.get(base + "/favicon.ico", timeout=5).status_code == 404
        assert server.wait(timeout=0.2) is None


def test_wrong_state_is_shown_as_refused_in_the_browser():
    with CallbackServer() as server:
        server.expect_state("expected")
        page = requests.get(server.redirect_uri, params={"code": "c", "state": "forged"}, timeout=5)
        assert page.status_code == 400
        assert server.wait(timeout=1).state == "forged"  # the CLI makes the final decision


def test_a_denied_login_reaches_the_cli_as_an_error():
    with CallbackServer() as server:
        requests.get(server.redirect_uri, params={"error": "access_denied"}, timeout=5)
        assert server.wait(timeout=1) == Redirect(error="access_denied")


def test_wait_times_out_with_none():
    with CallbackServer() as server:
        assert server.wait(timeout=0.1) is None


def test_pasted_redirect_address_code_and_state_are_read():
    pasted = "  http://127.0.0.1:5000/callback?code=abc123&state=xyz  "
    assert parse_redirect(pasted) == Redirect(code="abc123", state="xyz")
    assert parse_redirect("abc123") == Redirect(code="abc123")
    assert parse_redirect("?code=abc&state=s") == Redirect(code="abc", state="s")
    assert parse_redirect(
        "http://127.0.0.1:1/callback?error=access_denied&error_description=no"
    ) == Redirect(error="access_denied", error_description="no")
    assert parse_redirect("") == Redirect()
    assert parse_redirect("not a code") == Redirect()


def test_the_code_stays_out_of_reprs():
    assert "abc123" not in repr(Redirect(code="abc123"))


def test_free_port_is_a_usable_port_number():
    assert 0 < free_port() < 65536
