"""A published MkDocs site never links to a local Flattr server: a sandbox exported in the shell
is set aside with one warning (an error under the plugin's `strict`), a local preview keeps it."""

from __future__ import annotations

import logging

import pytest
from mkdocs.exceptions import Abort

from tests.plugins.mkdocs.mkdocs_project import SITE_URL, LogRecords, Project


@pytest.fixture
def exported_sandbox(project: Project, flattr_sandbox, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("FLATTR_API_URL", flattr_sandbox.api_url)
    project.page("a.md", "# Page A title\n\nText of page A.\n")
    return project


def test_a_public_site_links_to_flattr_and_says_why(
    exported_sandbox: Project, flattr_sandbox, mkdocs_log: LogRecords
) -> None:
    exported_sandbox.build()

    (link,) = exported_sandbox.html("a.md").head_payment_links()
    assert link.attrs["href"].startswith("https://flattr.com/submit/auto?")
    html = (exported_sandbox.site / "a" / "index.html").read_text(encoding="utf-8")
    assert flattr_sandbox.url not in html
    (warning,) = [m for m in mkdocs_log.warnings() if "FLATTR_API_URL" in m]
    assert warning.startswith(
        f"mkdocs_flattr: environment: FLATTR_API_URL: makes the Flattr web URL "
        f"{flattr_sandbox.url!r}, a local "
        f"address, but the site URL {SITE_URL.rstrip('/')!r} is public"
    )


def test_strict_refuses_it(exported_sandbox: Project, mkdocs_log: LogRecords) -> None:
    exported_sandbox.flattr(strict=True)
    with pytest.raises(Abort):
        exported_sandbox.build()
    (error,) = mkdocs_log.messages(logging.ERROR)
    assert "FLATTR_API_URL: makes the Flattr web URL" in error


def test_a_local_preview_keeps_the_sandbox_links(exported_sandbox: Project, flattr_sandbox) -> None:
    exported_sandbox.config["site_url"] = "http://localhost:8001/"
    exported_sandbox.build()

    (link,) = exported_sandbox.html("a.md").head_payment_links()
    assert link.attrs["href"].startswith(flattr_sandbox.url + "/submit/auto?")
