"""Helpers for driving `flattr` in-process against the sandbox, the way a user types it.

``flattr_cli("things", "list", user="alice")`` mints a token for alice, runs
``flattr --api-url <sandbox> --token <token> things list`` with click's CliRunner and checks, on
every single run, that the token shows up in neither stdout nor stderr and that no unexpected
exception (a traceback) escaped.
"""

import dataclasses

import pytest
import requests

import flattr_core.cli.account as account
from flattr_core.cli import state
from tests.cli.cli_helpers import CliRun


@pytest.fixture(autouse=True)
def _retries_without_waiting(monkeypatch):
    """The CLI's retries happen as in real use, minus the backoff sleeps between them (up to
    about 8 s per command), so tests that watch retries stay fast."""
    real = state.retry_policy
    monkeypatch.setattr(
        state, "retry_policy", lambda: dataclasses.replace(real(), sleep=lambda seconds: None)
    )


@pytest.fixture
def flattr_cli(flattr_sandbox):
    return CliRun(flattr_sandbox)


@pytest.fixture
def browser(monkeypatch):
    """A fake browser: follows the authorize URL and its redirects (to the callback server).

    The list it returns holds every address `flattr login` opened.
    """
    visited = []

    def open_url(url, *args, **kwargs):
        visited.append(url)
        requests.get(url, timeout=10)
        return True

    monkeypatch.setattr(account.webbrowser, "open", open_url)
    return visited
