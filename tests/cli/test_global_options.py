"""Global options (--api-url, --web-url, --token, --verbose, --json) go before or after the
subcommand, with the same effect; given twice, the later one wins."""

import pytest
from click.testing import CliRunner

from flattr_core.cli import cli
from flattr_core.cli.oauth_flow import free_port
from tests.cli.cli_helpers import failed, ok


def flattr(*args):
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_the_same_listing_with_options_before_or_after_the_subcommand(flattr_sandbox):
    token = flattr_sandbox.mint_token("alice")
    url = flattr_sandbox.api_url

    before = ok(flattr("--api-url", url, "--token", token, "--json", "things", "list"))
    after = ok(flattr("things", "list", "--api-url", url, "--token", token, "--json"))

    assert after == before
    assert '"username": "alice"' in after


def test_an_option_after_the_subcommand_wins_over_one_before(flattr_sandbox):
    dead = f"http://127.0.0.1:{free_port()}/rest/v2"

    result = flattr("--api-url", dead, "categories", "--api-url", flattr_sandbox.api_url)

    assert "text" in ok(result)


def test_a_token_given_after_the_subcommand_is_scrubbed_like_one_before(flattr_sandbox):
    result = flattr("whoami", "--api-url", flattr_sandbox.api_url, "--token", "wrong-token-789")

    assert "unauthorized" in failed(result)
    assert "wrong-token-789" not in result.output


def test_verbose_after_the_subcommand_shows_the_retries(flattr_sandbox):
    flattr_sandbox.inject_faults("503")

    result = flattr("languages", "--api-url", flattr_sandbox.api_url, "-v")

    assert "en_GB" in ok(result)
    assert "retry 1 of 3" in result.stderr


def test_a_bad_url_after_the_subcommand_is_a_usage_error():
    result = flattr("categories", "--api-url", "ftp://example.com")

    assert result.exit_code == 2
    assert "not an absolute http(s) URL" in result.stderr


def _leaves(group, path=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _leaves(command, (*path, name))
        else:
            yield (*path, name), command


@pytest.mark.parametrize(
    ("path", "command"), [leaf for leaf in _leaves(cli) if leaf[0] != ("sandbox",)], ids=str
)
def test_every_client_command_takes_the_global_options(path, command):
    names = {opt for param in command.params for opt in param.opts}

    assert {"--api-url", "--web-url", "--token", "--verbose", "-v"} <= names, path
