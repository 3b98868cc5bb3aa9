"""`flattr login` checks the server before any browser opens, and never sends anyone to the real
flattr.com with the sandbox's demo app.

"The browser" is the fake from conftest.py: the list it returns holds every address it opened,
so an empty list is the proof that nobody was sent anywhere.
"""

import pytest
import responses
from click.testing import CliRunner

from flattr_core.cli import cli
from flattr_core.cli.oauth_flow import free_port
from flattr_core.tokens import TokenStore
from tests.cli.cli_helpers import failed, login, ok

SANDBOX_HINT = "--api-url http://127.0.0.1:8765/rest/v2"


def flattr(*args):
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.mark.parametrize(
    "app",
    [(), ("--client-id", "sandbox-demo", "--client-secret", "sandbox-demo-secret")],
    ids=["default app", "demo app named"],
)
def test_the_demo_app_on_the_default_api_is_refused_with_the_sandbox_url(app, browser):
    with responses.RequestsMock() as nothing_may_be_sent:
        result = flattr("login", *app)

    message = failed(result, 2)
    assert message.count("\n") == 0
    assert "only exists on the sandbox" in message and "closed in 2023" in message
    assert SANDBOX_HINT in message
    assert browser == [] and len(nothing_may_be_sent.calls) == 0


def test_the_demo_app_on_a_server_that_is_no_sandbox_is_refused(browser):
    compatible = "https://flattr.example.net/rest/v2"
    with responses.RequestsMock() as server:
        server.get(f"{compatible}/rate_limit", json={"hourly_limit": 100, "current_hits": 0})
        server.get("https://flattr.example.net/_sandbox/config", status=404, json={})
        result = flattr("--api-url", compatible, "login")

    message = failed(result, 2)
    assert f"{compatible} is not a sandbox" in message and SANDBOX_HINT in message
    assert browser == []


def test_a_server_whose_admin_route_only_asks_for_a_token_is_no_sandbox(browser):
    # A sandbox answers /_sandbox/config without its admin secret with 401 and the
    # SandboxAdmin challenge; any other 401 there says nothing about being a sandbox.
    compatible = "https://flattr.example.net/rest/v2"
    with responses.RequestsMock() as server:
        server.get(f"{compatible}/rate_limit", json={"hourly_limit": 100, "current_hits": 0})
        server.get(
            "https://flattr.example.net/_sandbox/config",
            status=401,
            json={"error": "unauthorized", "error_description": "no", "error_uri": "x"},
            headers={"WWW-Authenticate": 'Bearer realm="flattr"'},
        )
        result = flattr("--api-url", compatible, "login")

    assert f"{compatible} is not a sandbox" in failed(result, 2)
    assert browser == []


def test_a_sandbox_url_without_rest_v2_is_used_with_it(approving_sandbox, browser):
    result = login(approving_sandbox, api_url=approving_sandbox.url)

    assert ok(result).startswith(f"Logged in to {approving_sandbox.api_url} as alice")
    assert f"using {approving_sandbox.api_url}" in result.stderr
    assert browser[0].startswith(f"{approving_sandbox.url}/oauth/authorize?")
    assert TokenStore().load(approving_sandbox.api_url) is not None


def test_a_refused_connection_fails_at_once_naming_the_url_and_the_sandbox(browser):
    dead = f"http://127.0.0.1:{free_port()}/rest/v2"

    result = flattr("--verbose", "--api-url", dead, "login")

    message = failed(result, notes=True)
    assert f"{dead}/rate_limit" in message and "connection refused" in message
    assert "is `flattr sandbox` running?" in message
    assert "retry" not in result.stderr  # --verbose would show each retry of the client
    assert browser == []


def test_a_server_that_is_no_flattr_api_is_named_before_the_browser(browser):
    with responses.RequestsMock() as server:
        server.get("http://blog.example.org/rest/v2/rate_limit", body="<html>", status=404)
        result = flattr("--api-url", "http://blog.example.org/rest/v2", "login")

    message = failed(result, notes=True)
    assert "http://blog.example.org/rest/v2 answered GET /rate_limit with HTTP 404" in message
    assert "not as a Flattr API" in message and "http://127.0.0.1:8765/rest/v2" in message
    assert browser == []


def test_the_demo_app_never_opens_flattr_com_even_when_the_web_url_says_so(
    approving_sandbox, browser, monkeypatch
):
    monkeypatch.setenv("FLATTR_WEB_URL", "https://flattr.com")

    message = failed(login(approving_sandbox), 2)

    assert "https://flattr.com" in message and "--web-url / FLATTR_WEB_URL" in message
    assert browser == []


def test_your_own_app_on_the_default_api_fails_before_the_browser_saying_flattr_closed(browser):
    with responses.RequestsMock() as gone:
        gone.get("https://api.flattr.com/rest/v2/rate_limit", status=404, body="<html>gone</html>")
        result = flattr("login", "--client-id", "my-app", "--client-secret", "my-secret")

    message = failed(result)
    assert "Flattr's own service closed in 2023" in message and SANDBOX_HINT in message
    assert "my-secret" not in result.output
    assert browser == []
