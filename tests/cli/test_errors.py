"""Failures a user can meet: one `Error:` line, exit 1, what to do; usage errors exit 2."""

import os
import re
import subprocess
import sys

import pytest
import requests
import responses
from click.testing import CliRunner

from flattr_core import __version__
from flattr_core.cli import cli
from flattr_core.cli.oauth_flow import free_port
from flattr_sandbox import SandboxServer
from tests.cli.cli_helpers import CliRun, failed, ok


def test_a_bad_token_says_log_in_again_and_never_echoes_it(flattr_cli):
    result = flattr_cli("whoami", token="not-a-real-token-123")
    message = failed(result)
    assert "flattr login" in message and "unauthorized" in message
    assert "not-a-real-token-123" not in result.output


def test_a_bad_token_from_the_environment_is_not_echoed_either(flattr_cli, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "env-token-456")
    result = flattr_cli("things", "create", "https://x.example/", "--title", "Some title")
    failed(result)
    assert "env-token-456" not in result.output


def test_the_token_is_scrubbed_even_from_messages_that_quote_the_input(flattr_cli, flattr_sandbox):
    token = flattr_sandbox.mint_token("alice")
    result = flattr_cli("things", "show", token, token=token)
    assert result.exit_code == 2
    assert token not in result.output and "[token hidden]" in result.stderr


def test_the_rate_limit_error_says_when_it_resets():
    with SandboxServer(rate_limit=2) as small:
        run = CliRun(small)
        ok(run("categories"))
        ok(run("languages"))
        message = failed(run("things", "show", "1200001"))
    assert re.search(r"rate limit of 2 requests per hour reached: it resets at \d\d:\d\d", message)


def test_verbose_shows_the_clients_retries(flattr_cli, flattr_sandbox):
    flattr_sandbox.inject_faults("drop", "503")

    result = flattr_cli("--verbose", "categories")

    assert "rest" in ok(result)
    assert "flattr: GET" in result.stderr and "retry 1 of 3" in result.stderr
    assert "retry 2 of 3" in result.stderr


def test_a_refused_connection_is_not_retried_and_asks_whether_the_sandbox_runs():
    dead = f"http://127.0.0.1:{free_port()}/rest/v2"

    result = CliRunner().invoke(cli, ["--verbose", "--api-url", dead, "categories"])

    message = failed(result)  # one line: no retry was logged before it
    assert message.startswith(f"Error: GET {dead}/categories failed: could not connect")
    assert "connection refused" in message and "is `flattr sandbox` running?" in message


@pytest.mark.parametrize(
    ("answer", "start"),
    [
        (
            {"body": requests.exceptions.ConnectionError("no route to host")},
            "Error: GET https://api.flattr.com/rest/v2/categories failed",
        ),
        ({"status": 404, "body": "<html>gone</html>"}, "Error: categories: not found"),
    ],
    ids=["no connection", "a web page"],
)
def test_the_default_api_failing_says_the_service_closed_and_where_to_go_instead(answer, start):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as gone:
        for _ in range(4):  # the first try and up to 3 retries
            gone.get("https://api.flattr.com/rest/v2/categories", **answer)
        result = CliRunner().invoke(cli, ["categories"])

    message = failed(result)
    assert message.startswith(start)
    assert "Flattr's own service closed in 2023" in message
    assert "`flattr sandbox`" in message and "--api-url http://127.0.0.1:8765/rest/v2" in message
    assert "compatible server" in message


def test_not_logged_in_on_the_default_api_says_the_service_closed():
    message = failed(CliRunner().invoke(cli, ["whoami"]))

    assert "not logged in to https://api.flattr.com/rest/v2" in message
    assert "closed in 2023" in message


def test_an_unreachable_server_is_one_error_line():
    """Run as a real process, outside pytest's logging setup: the client's retry warnings must
    not reach the terminal, only the error naming the URL and the option to check."""
    dead = f"http://127.0.0.1:{free_port()}/rest/v2"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLATTR_")}
    done = subprocess.run(
        [sys.executable, "-m", "flattr_core.cli", "--api-url", dead, "categories"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"Error: GET {dead}/categories failed: could not connect")
    assert "--api-url" in done.stderr


def test_a_bad_api_url_is_a_usage_error():
    result = CliRunner().invoke(cli, ["--api-url", "ftp://example.com", "categories"])
    assert result.exit_code == 2
    assert "not an absolute http(s) URL" in result.stderr


def test_a_bad_api_url_in_the_environment_is_named(monkeypatch):
    monkeypatch.setenv("FLATTR_API_URL", "nonsense")
    message = failed(CliRunner().invoke(cli, ["categories"]))
    assert "FLATTR_API_URL" in message


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["things", "show"],
        ["things", "search", "--sort", "random"],
        ["things", "search", "--count", "0"],
        ["subscriptions", "add"],
        ["sandbox", "--port", "70000"],
        ["login", "--timeout", "0"],
    ],
)
def test_usage_errors_exit_2(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert ok(result).strip() == f"flattr, version {__version__}"


def _all_commands(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):
            yield from _all_commands(command, (*path, name))


@pytest.mark.parametrize("path", list(_all_commands(cli)), ids=" ".join)
def test_help_everywhere(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert ok(result).startswith(f"Usage: flattr {' '.join(path)}")


def test_every_data_command_takes_json():
    leaf = [p for p in _all_commands(cli) if not hasattr(_command(p), "commands")]
    no_data = {
        ("logout",),
        ("sandbox",),
        ("things", "delete"),
        ("subscriptions", "add"),
        ("subscriptions", "pause"),
        ("subscriptions", "resume"),
        ("subscriptions", "remove"),
    }
    for path in leaf:
        names = {opt for param in _command(path).params for opt in param.opts}
        assert ("--json" in names) == (path not in no_data), path


def _command(path):
    command = cli
    for name in path:
        command = command.commands[name]
    return command


def test_a_token_from_the_environment_is_scrubbed_from_usage_errors(monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "abc123secret")
    result = CliRunner().invoke(cli, ["things", "show", "abc123secret"])
    assert result.exit_code == 2
    assert "abc123secret" not in result.output and "[token hidden]" in result.stderr


def test_a_server_that_is_not_a_flattr_api_gets_one_hint_naming_both_settings():
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Html(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>a blog, not an API</html>")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Html)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        api_url = f"http://127.0.0.1:{server.server_port}/rest/v2"
        message = failed(CliRunner().invoke(cli, ["--api-url", api_url, "categories"]))
    finally:
        server.shutdown()
        server.server_close()
    assert "not JSON" in message
    assert message.endswith("check that --api-url / FLATTR_API_URL is a Flattr API")
    assert message.count("Flattr API") == 1
