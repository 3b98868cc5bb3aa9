"""`flattr login`, `logout` and `whoami`, in-process, with the browser replaced by requests.

The sandbox here approves every authorize request as alice (``auto_approve``), so "the browser"
only has to follow redirects, the way a person clicking "Approve" would be sent on (fixtures in
conftest.py).
"""

import stat
from urllib.parse import parse_qs, urlsplit

import requests
from click.testing import CliRunner

import flattr_core.cli.account as account
from flattr_core.cli import cli
from flattr_core.tokens import TokenStore
from tests.cli.cli_helpers import as_json, failed, login, ok, stored_token


def test_login_through_the_browser_stores_a_private_token(approving_sandbox, browser):
    result = login(approving_sandbox, "--timeout", "20")
    assert ok(result).strip() == (
        f"Logged in to {approving_sandbox.api_url} as alice "
        "(scopes: flattr thing email extendedread)."
    )
    (authorize_url,) = browser
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["client_id"] == ["sandbox-demo"]
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
    assert "state" in query
    token = stored_token(approving_sandbox)
    assert token and token not in result.output
    assert stat.S_IMODE(TokenStore().path.stat().st_mode) == 0o600
    assert "sandbox demo app" in result.stderr


def test_whoami_uses_the_stored_token(approving_sandbox, browser):
    ok(login(approving_sandbox, "--scope", "thing,email"))
    result = CliRunner().invoke(cli, ["--api-url", approving_sandbox.api_url, "whoami"])
    out = ok(result)
    assert "User:    alice" in out
    assert "Name:    Alice Archer" in out
    assert "Scopes:  thing email" in out
    assert stored_token(approving_sandbox) not in result.output


def test_login_with_explicit_scopes_and_json(approving_sandbox, browser):
    info = as_json(login(approving_sandbox, "--scope", "flattr", "--json"))
    assert info["username"] == "alice" and info["scopes"] == ["flattr"]
    assert parse_qs(urlsplit(browser[0]).query)["scope"] == ["flattr"]


def test_login_rejects_unknown_scopes(approving_sandbox, browser):
    assert "unknown scope 'write'" in failed(login(approving_sandbox, "--scope", "write"), 2)
    assert browser == []


def test_login_times_out_when_nobody_approves(approving_sandbox, monkeypatch):
    monkeypatch.setattr(account.webbrowser, "open", lambda url, *a, **k: True)
    message = failed(login(approving_sandbox, "--timeout", "1"), notes=True)
    assert "timed out after 1 s" in message and "flattr login" in message
    assert stored_token(approving_sandbox) is None


def test_login_denied_in_the_browser(approving_sandbox, monkeypatch):
    def deny(url, *args, **kwargs):
        redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        requests.get(redirect_uri, params={"error": "access_denied"}, timeout=10)
        return True

    monkeypatch.setattr(account.webbrowser, "open", deny)
    assert "not approved" in failed(login(approving_sandbox), notes=True)
    assert stored_token(approving_sandbox) is None


def test_login_refuses_an_answer_with_the_wrong_state(approving_sandbox, monkeypatch):
    def forge(url, *args, **kwargs):
        redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        requests.get(redirect_uri, params={"code": "stolen", "state": "forged"}, timeout=10)
        return True

    monkeypatch.setattr(account.webbrowser, "open", forge)
    assert "state mismatch" in failed(login(approving_sandbox), notes=True)


def test_login_with_a_wrong_client_secret_never_prints_it(approving_sandbox, browser):
    result = login(approving_sandbox, "--client-id", "sandbox-demo", "--client-secret", "s3cr3t-x")
    assert "client id or secret" in failed(result, notes=True)
    assert "s3cr3t-x" not in result.output


def test_login_takes_the_app_from_the_environment(approving_sandbox, browser, monkeypatch):
    monkeypatch.setenv("FLATTR_CLIENT_ID", "sandbox-demo")
    monkeypatch.setenv("FLATTR_CLIENT_SECRET", "sandbox-demo-secret")
    result = login(approving_sandbox)
    ok(result)
    assert "sandbox demo app" not in result.stderr
    assert parse_qs(urlsplit(browser[0]).query)["client_id"] == ["sandbox-demo"]


def test_login_needs_both_id_and_secret(approving_sandbox):
    assert "--client-secret" in failed(login(approving_sandbox, "--client-id", "app"), 2)


def test_login_against_the_real_api_needs_an_app():
    result = CliRunner().invoke(cli, ["login"])
    assert result.exit_code == 2
    assert "only exists on the sandbox" in result.stderr


def _approve_by_hand(url):
    """What a person does with --no-browser: open the URL, copy the address it redirects to."""
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code in (302, 303)
    return answer.headers["Location"]


def test_login_no_browser_with_the_pasted_address(approving_sandbox, monkeypatch):
    monkeypatch.setattr(account, "_ask_for_redirect", _approve_by_hand)
    assert "as alice" in ok(login(approving_sandbox, "--no-browser"))
    assert stored_token(approving_sandbox)


def test_login_no_browser_with_just_the_code(approving_sandbox, monkeypatch):
    def code_only(url):
        return parse_qs(urlsplit(_approve_by_hand(url)).query)["code"][0]

    monkeypatch.setattr(account, "_ask_for_redirect", code_only)
    assert "as alice" in ok(login(approving_sandbox, "--no-browser"))


def test_login_no_browser_with_nothing_useful_pasted(approving_sandbox, monkeypatch):
    monkeypatch.setattr(account, "_ask_for_redirect", lambda url: "no idea")
    assert "holds no code" in failed(login(approving_sandbox, "--no-browser"), notes=True)


def test_login_no_browser_prompt_reads_stdin(approving_sandbox):
    result = login(approving_sandbox, "--no-browser", input="\n")
    assert "holds no code" in failed(result, notes=True)
    assert "/oauth/authorize?" in result.stderr


def test_logout_forgets_the_token(approving_sandbox, browser):
    ok(login(approving_sandbox))
    runner = CliRunner()
    out = ok(runner.invoke(cli, ["--api-url", approving_sandbox.api_url, "logout"]))
    assert out.startswith(f"Logged out of {approving_sandbox.api_url}")
    assert stored_token(approving_sandbox) is None
    again = ok(runner.invoke(cli, ["--api-url", approving_sandbox.api_url, "logout"]))
    assert "Not logged in" in again
    message = failed(runner.invoke(cli, ["--api-url", approving_sandbox.api_url, "whoami"]))
    assert "not logged in" in message


def test_whoami_json(flattr_cli):
    user = as_json(flattr_cli("whoami", "--json", user="bob"))
    assert (user["username"], user["email"]) == ("bob", "bob@example.net")
    assert user["scopes"] is None  # a token from --token: the API does not tell its scopes


def test_whoami_json_includes_the_scopes_login_stored(approving_sandbox, browser):
    ok(login(approving_sandbox, "--scope", "thing,email"))

    result = CliRunner().invoke(cli, ["--api-url", approving_sandbox.api_url, "whoami", "--json"])

    user = as_json(result)
    assert user["username"] == "alice" and user["scopes"] == ["thing", "email"]


def test_whoami_with_a_token_from_the_environment(flattr_cli, flattr_sandbox, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", flattr_sandbox.mint_token("carol"))
    assert "User:    carol" in ok(flattr_cli("whoami"))


def test_a_damaged_token_store_is_one_error_line_and_kept(flattr_sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path))
    (tmp_path / "tokens.json").write_text("{x", encoding="utf-8")

    result = CliRunner().invoke(cli, ["--api-url", flattr_sandbox.api_url, "whoami"])

    message = failed(result)
    assert message.startswith("Error: the token store ") and "flattr login" in message
    assert [p.read_text() for p in tmp_path.glob("tokens.json.damaged-*")] == ["{x"]
