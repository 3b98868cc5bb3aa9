"""Settings mistakes stop `mkdocs build` with MkDocs' own message naming the option; user-fixable
problems are warnings that `--strict` turns into a failed build."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs.exceptions import Abort

from tests.plugins.mkdocs.mkdocs_project import LogRecords, Project


def cli_build(project: Project, *args: str) -> Any:
    config = project.write_config()
    return CliRunner().invoke(
        cli, ["build", "--strict", "-f", str(config), "-d", str(project.site), *args]
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "button",
            "big",
            "Expected one of: ('static', 'js', 'compact', 'text', 'none') but received: 'big'",
        ),
        (
            "placement",
            "sidebar",
            "Expected one of: ('bottom', 'top', 'manual') but received: 'sidebar'",
        ),
        ("category", "music", "but received: 'music'"),
        ("language", "klingon", "Expected a language Flattr knows"),
        ("user", "two words", "Expected a Flattr username (one word, no spaces)"),
        ("authors", {"Jane Doe": "jane doe"}, "Expected a Flattr username"),
        ("api_url", "ftp://api.example.org", "Expected an absolute http(s) URL"),
        ("include", [""], "Expected a glob such as 'blog/**'"),
        ("extra_tags", "python", "Expected a list of items"),
        ("hidden", "maybe", "Expected type: <class 'bool'>"),
        ("sync", "sometimes", "Expected type: <class 'bool'>"),
        ("enabled", "yes please", "Expected type: <class 'bool'>"),
    ],
)
def test_each_bad_value_fails_with_a_message_naming_the_option(
    project: Project, mkdocs_log: LogRecords, option: str, value: object, message: str
) -> None:
    project.flattr(**{option: value})
    with pytest.raises(Abort):
        project.load()
    errors = "\n".join(mkdocs_log.messages())
    assert f"Plugin 'flattr' option '{option}': " in errors
    assert message in errors


def test_a_clean_project_builds_under_strict(project: Project) -> None:
    project.page("about.md", "---\ntags: [about]\n---\n# About this site\n\nWho we are.\n")
    result = cli_build(project)
    assert result.exit_code == 0, result.output
    assert (project.site / "about" / "index.html").exists()


def test_an_unknown_option_fails_strict(project: Project, mkdocs_log: LogRecords) -> None:
    project.flattr(colour="green")
    result = cli_build(project)
    assert result.exit_code != 0
    assert any("colour" in m for m in mkdocs_log.warnings())


def test_an_unknown_front_matter_key_is_a_warning_naming_the_file(
    project: Project, mkdocs_log: LogRecords
) -> None:
    project.page("odd.md", "---\nflattr:\n  colour: green\n---\n# Odd page\n\nText.\n")
    result = cli_build(project)
    assert result.exit_code != 0, "--strict counts the plugin's warnings"
    (warning,) = [m for m in mkdocs_log.warnings() if "colour" in m]
    assert "docs/odd.md" in warning and "flattr" in warning


def test_without_a_user_the_plugin_warns_and_renders_nothing(
    project: Project, mkdocs_log: LogRecords
) -> None:
    project.flattr(user=None).build()
    assert any("set 'user'" in m for m in mkdocs_log.warnings())
    assert project.html("index.md").payment_links() == []


def test_without_site_url_the_plugin_warns_and_renders_nothing(
    project: Project, mkdocs_log: LogRecords
) -> None:
    del project.config["site_url"]
    project.build()
    assert any("'site_url'" in m for m in mkdocs_log.warnings())
    assert project.html("index.md").buttons() == []


def test_warnings_carry_the_plugin_prefix(project: Project, mkdocs_log: LogRecords) -> None:
    project.flattr(user=None).build()
    (record,) = [r for r in mkdocs_log.records if "set 'user'" in r.getMessage()]
    assert record.name.startswith("mkdocs.plugins.")
    assert record.getMessage().startswith("mkdocs_flattr: ")


def test_an_index_titled_home_stays_strict_clean(project: Project, mkdocs_log: LogRecords) -> None:
    # MkDocs titles an index.md without a heading "Home"; the engine completes it quietly.
    project.page("index.md", "Just text, no heading, on the start page of the site.\n")
    result = cli_build(project)
    assert result.exit_code == 0, mkdocs_log.warnings()
    assert any("Home" in m for m in mkdocs_log.messages())
