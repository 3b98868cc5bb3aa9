"""Every `flattr ... --help` ends with an example, and the examples really run.

The examples run in-process against a fresh sandbox, as alice with every scope (FLATTR_API_URL
and FLATTR_ACCESS_TOKEN set, as a reader following the docs would have them), except those that
wait for a person: `flattr login` (a browser) and `flattr sandbox` (a server until Ctrl-C).
"""

import shlex

import pytest
from click.testing import CliRunner

from flattr_core.cli import cli
from tests.cli.cli_helpers import ok


def _paths(group, path=()):
    yield path
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _paths(command, (*path, name))
        else:
            yield (*path, name)


PATHS = list(_paths(cli))
WAIT_FOR_A_PERSON = {(), ("login",), ("sandbox",)}


def help_examples(path):
    """The command lines under the closing ``Example:`` heading of the help (comments cut)."""
    lines = ok(CliRunner().invoke(cli, [*path, "--help"])).rstrip().splitlines()
    headings = [i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")]
    assert headings, f"`flattr {' '.join(path)} --help` has no example"
    return [line.split("#")[0].strip() for line in lines[headings[-1] + 1 :]]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(("flattr", *p)))
def test_help_ends_with_an_example_of_that_command(path):
    examples = help_examples(path)

    assert examples and all(line for line in examples)
    assert any(line.startswith(" ".join(("flattr", *path))) for line in examples)


@pytest.mark.parametrize(
    "path", [p for p in PATHS if p not in WAIT_FOR_A_PERSON], ids=lambda p: " ".join(p)
)
def test_the_example_runs(path, flattr_sandbox, monkeypatch):
    monkeypatch.setenv("FLATTR_API_URL", flattr_sandbox.api_url)
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", flattr_sandbox.mint_token("alice"))

    for line in help_examples(path):
        argv = shlex.split(line)
        assert argv[0] == "flattr", line
        result = CliRunner().invoke(cli, argv[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}"
