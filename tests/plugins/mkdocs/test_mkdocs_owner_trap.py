"""The plugin's `user` and the token's user differ: one warning names both (MkDocs hides INFO,
where the summary's "skipped" count is)."""

from __future__ import annotations

import pytest

from tests.plugins.mkdocs.mkdocs_project import LogRecords, Project


def test_a_token_of_another_user_is_one_warning_naming_both(
    project: Project, flattr_sandbox, monkeypatch: pytest.MonkeyPatch, mkdocs_log: LogRecords
) -> None:
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", flattr_sandbox.mint_token("alice"))
    project.page("a.md", "# Page A title\n\nText of page A.\n")
    project.flattr(
        user="yourname", sync=True, api_url=flattr_sandbox.api_url, web_url="https://flattr.com"
    )

    report = project.build().last_report

    assert report is not None and not report.created and report.skipped
    (warning,) = [m for m in mkdocs_log.warnings() if "access token is 'alice''s" in m]
    assert "the Flattr user in the settings is 'yourname'" in warning
