"""Shell completion, as docs/reference/cli.md tells users to turn it on (click's own)."""

import pytest
from click.testing import CliRunner

from flattr_core.cli import cli
from tests.cli.cli_helpers import ok


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o"), ("zsh", "#compdef flattr")])
def test_the_completion_script_for_each_shell(shell, marker):
    result = CliRunner().invoke(cli, [], env={"_FLATTR_COMPLETE": f"{shell}_source"})

    assert marker in ok(result)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("flattr thi", {"things"}),
        ("flattr things cr", {"create"}),
        ("flattr subscriptions ", {"list", "add", "pause", "resume", "remove"}),
    ],
)
def test_completion_offers_the_subcommands(words, expected):
    env = {
        "_FLATTR_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }

    result = CliRunner().invoke(cli, [], env=env)

    offered = {line.split(",", 1)[1] for line in ok(result).splitlines()}
    assert offered == expected
