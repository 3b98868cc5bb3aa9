"""Shared helpers of the CLI tests (see conftest.py for the fixtures)."""

import json

from click.testing import CliRunner, Result

from flattr_core.cli import cli
from flattr_core.tokens import TokenStore

ALL_SCOPES = ("flattr", "thing", "email", "extendedread")


class CliRun:
    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.runner = CliRunner()

    def __call__(self, *args, user=None, scopes=ALL_SCOPES, input=None, api_url=None, token=None):
        if user is not None:
            token = self.sandbox.mint_token(user, scopes=scopes)
        argv = ["--api-url", api_url or self.sandbox.api_url]
        if token is not None:
            argv += ["--token", token]
        result = self.runner.invoke(cli, [*argv, *args], input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a bug, not an expected failure: show its traceback
        if token:
            assert token not in result.stdout, "the token leaked to stdout"
            assert token not in result.stderr, "the token leaked to stderr"
        return result


def ok(result: Result) -> str:
    """The stdout of a run that must have succeeded."""
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.output}"
    return result.stdout


def as_json(result: Result):
    return json.loads(ok(result))


def failed(result: Result, code: int = 1, *, notes: bool = False) -> str:
    """The error line of a run that must have failed with ``code``.

    Exit 1 errors are exactly one ``Error: ...`` line on stderr; with ``notes`` (login prints
    progress on stderr first) that line must be the last one.
    """
    assert result.exit_code == code, f"exit {result.exit_code}: {result.output}"
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    if code == 1:
        assert lines[-1].startswith("Error: "), result.stderr
        assert notes or len(lines) == 1, result.stderr
    return lines[-1] if code == 1 else result.stderr.strip()


def login(sandbox, *args, input=None, api_url=None):
    """`flattr --api-url <sandbox> login ARGS...` in-process (a traceback is re-raised)."""
    argv = ["--api-url", api_url or sandbox.api_url, "login", *args]
    result = CliRunner().invoke(cli, argv, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def stored_token(sandbox):
    stored = TokenStore().load(sandbox.api_url)
    return stored.access_token if stored else None
