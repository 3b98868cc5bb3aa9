"""The manual's commands table (docs/getting-started/command-line.md) tells what `--help`
tells: the defaults `flattr things create` applies when --category / --language are left out
(and the sandbox shows they are applied)."""

import re
from pathlib import Path

from click.testing import CliRunner

from flattr_core.cli import cli
from tests.cli.cli_helpers import as_json

COMMANDS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "getting-started" / "command-line.md"


def create_help_defaults() -> dict[str, str]:
    result = CliRunner().invoke(cli, ["things", "create", "--help"])
    assert result.exit_code == 0, result.output
    return dict(
        re.findall(r"--(category|language) TEXT\s+\w+ id \(default: (\w+)\)", result.output)
    )


def test_the_commands_table_names_the_create_defaults_help_shows():
    defaults = create_help_defaults()
    assert defaults == {"category": "rest", "language": "en_GB"}
    [row] = [
        line
        for line in COMMANDS_PAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `flattr things create ")
    ]
    for option, value in defaults.items():
        assert re.search(rf"`--{option}` (defaults )?to `{value}`", row), row


def test_create_without_category_or_language_uses_those_defaults(flattr_cli, flattr_sandbox):
    url = "https://alice.example.org/posts/defaults/"
    created = as_json(
        flattr_cli("things", "create", url, "--title", "Defaults apply", "--json", user="alice")
    )
    assert (created["category"], created["language"]) == ("rest", "en_GB")
