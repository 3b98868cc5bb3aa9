"""Helpers for driving `flattr` in-process against the sandbox, the way a user types it.

``flattr_cli("things", "list", user="alice")`` mints a token for alice, runs
``flattr --api-url <sandbox> --token <token> things list`` with click's CliRunner and checks, on
every single run, that the token shows up in neither stdout nor stderr and that no unexpected
exception (a traceback) escaped.
"""

import pytest
from cli_helpers import CliRun


@pytest.fixture
def flattr_cli(flattr_sandbox):
    return CliRun(flattr_sandbox)
