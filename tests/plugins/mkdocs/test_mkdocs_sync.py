"""Sync at the end of `mkdocs build`, against the sandbox: one Flattr thing per page, created
once, updated when a page changes, never touched by serve or dirty builds."""

from __future__ import annotations

import json
import logging

import pytest
from mkdocs.exceptions import Abort

from tests.plugins.mkdocs.mkdocs_project import SITE_URL, LogRecords, Project


@pytest.fixture
def synced(project: Project, flattr_sandbox, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The fixture project with `sync: true`, a token for alice and the sandbox's API URL."""
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", flattr_sandbox.mint_token("alice"))
    project.page("a.md", "---\ntags: [notes]\n---\n# Page A title\n\nText of page A.\n")
    project.page("b.md", "# Page B title\n\nText of page B.\n")
    project.page("out.md", "---\nflattr: false\n---\n# Opted out page\n\nNot synced.\n")
    return project.flattr(sync=True, api_url=flattr_sandbox.api_url)


def test_first_build_creates_second_changes_nothing(synced: Project, flattr_sandbox) -> None:
    report = synced.build().last_report
    assert report is not None and len(report.created) == 3 and report.ok
    state = json.loads(synced.state_file.read_text(encoding="utf-8"))
    assert "https://docs.example.org/guide/a/" in json.dumps(state)

    before = flattr_sandbox.request_count()
    again = synced.build().last_report
    assert flattr_sandbox.request_count() == before, "nothing changed: 0 requests"
    assert again is not None and len(again.unchanged) == 3 and not again.created


def test_an_edited_page_is_updated(synced: Project, flattr_sandbox) -> None:
    synced.build()
    synced.page("a.md", "---\ntags: [notes]\n---\n# Page A, new title\n\nText of page A.\n")
    report = synced.build().last_report
    assert report is not None
    assert report.updated == ["https://docs.example.org/guide/a/"]
    assert len(report.unchanged) == 2


def test_one_summary_line(synced: Project, mkdocs_log: LogRecords) -> None:
    synced.build()
    summaries = [m for m in mkdocs_log.messages() if "Flattr sync:" in m]
    assert len(summaries) == 1 and "3 created" in summaries[0]


def test_serve_never_calls_the_api(synced: Project, flattr_sandbox) -> None:
    synced.build()
    before = flattr_sandbox.request_count()
    synced.page("a.md", "# Page A edited while serving\n\nNew text.\n")
    plugin = synced.build(command="serve", dirty=True)
    assert plugin.last_report is None
    synced.build(command="serve")
    assert flattr_sandbox.request_count() == before


def test_serve_clean_with_the_dev_server_url_never_syncs(synced: Project, flattr_sandbox) -> None:
    # `mkdocs serve --clean` reports command 'build' but replaces site_url with the dev server.
    synced.config["site_url"] = "http://127.0.0.1:8000/"
    assert synced.build().last_report is None
    assert flattr_sandbox.request_count() == 0


def test_a_dirty_build_never_calls_the_api(synced: Project, flattr_sandbox) -> None:
    synced.build()
    before = flattr_sandbox.request_count()
    synced.page("b.md", "# Page B edited\n\nNew text.\n")
    assert synced.build(dirty=True).last_report is None
    assert flattr_sandbox.request_count() == before


def test_no_token_is_a_warning(synced: Project, flattr_sandbox, monkeypatch, mkdocs_log) -> None:
    monkeypatch.delenv("FLATTR_ACCESS_TOKEN")
    assert synced.build().last_report is None
    assert any("FLATTR_ACCESS_TOKEN" in m for m in mkdocs_log.warnings())
    assert flattr_sandbox.request_count() == 0
    assert len(synced.html("a.md").head_payment_links()) == 1, "the site is still built"


def test_no_token_fails_the_build_in_strict_mode(
    synced: Project, monkeypatch: pytest.MonkeyPatch, mkdocs_log: LogRecords
) -> None:
    monkeypatch.delenv("FLATTR_ACCESS_TOKEN")
    # web_url: a public site's buttons may not point at the local sandbox, which a strict build
    # refuses before it gets to the token (test_mkdocs_leaks.py).
    synced.flattr(strict=True, web_url="https://flattr.com")
    with pytest.raises(Abort, match="BuildError"):  # how MkDocs reports a PluginError
        synced.build()
    (error,) = mkdocs_log.messages(logging.ERROR)
    assert error.startswith("flattr: sync is on but no access token was found")


def test_dry_run_changes_nothing_remote(synced: Project, flattr_sandbox) -> None:
    report = synced.flattr(dry_run=True).build().last_report
    assert report is not None and report.dry_run and not report.created
    counts = flattr_sandbox.request_counts()
    assert not any(route.startswith(("POST", "PATCH", "DELETE")) for route in counts)


def test_sync_off_makes_no_request(synced: Project, flattr_sandbox) -> None:
    assert synced.flattr(sync=False).build().last_report is None
    assert flattr_sandbox.request_count() == 0
    assert not synced.state_file.exists()


def test_the_token_never_reaches_the_site(synced: Project, flattr_sandbox, monkeypatch) -> None:
    token = flattr_sandbox.mint_token("alice")
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", token)
    synced.build()
    for path in synced.site.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    assert token not in synced.state_file.read_text(encoding="utf-8")


def test_a_lost_state_file_adopts_instead_of_duplicating(synced: Project) -> None:
    synced.build()
    synced.state_file.unlink()
    report = synced.build().last_report
    assert report is not None and not report.created
    assert len(report.adopted) == 3


def test_gh_deploy_syncs_like_build(synced: Project) -> None:
    report = synced.build(command="gh-deploy").last_report
    assert report is not None and len(report.created) == 3


def test_no_token_warning_names_the_api_url_with_one_flattr_prefix(
    synced: Project, flattr_sandbox, monkeypatch: pytest.MonkeyPatch, mkdocs_log: LogRecords
) -> None:
    monkeypatch.delenv("FLATTR_ACCESS_TOKEN")
    synced.build()
    (warning,) = [m for m in mkdocs_log.warnings() if "no access token" in m]
    assert warning == (
        f"flattr: sync is on but no access token was found for {flattr_sandbox.api_url}; set "
        f"FLATTR_ACCESS_TOKEN or run `flattr login` for that server "
        f"(`flattr --api-url {flattr_sandbox.api_url} login`)"
    )


# -- prune: a renamed or removed page's thing ------------------------------------------------


def deletes(sandbox) -> int:
    return sum(n for route, n in sandbox.request_counts().items() if route.startswith("DELETE"))


@pytest.fixture
def renamed(synced: Project) -> Project:
    """The synced project after a first build, with b.md renamed to b-2.md."""
    synced.build()
    (synced.docs / "b.md").rename(synced.docs / "b-2.md")
    return synced


def test_without_prune_a_renamed_pages_old_thing_is_kept(renamed: Project, flattr_sandbox) -> None:
    report = renamed.build().last_report
    assert report is not None and report.created == [SITE_URL + "b-2/"]
    assert report.pruned == [] and deletes(flattr_sandbox) == 0


def test_prune_deletes_the_thing_of_a_renamed_page(renamed: Project, flattr_sandbox) -> None:
    report = renamed.flattr(prune=True).build().last_report
    assert report is not None and report.ok
    assert report.created == [SITE_URL + "b-2/"]
    assert report.pruned == [SITE_URL + "b/"]
    assert deletes(flattr_sandbox) == 1
    assert "1 pruned" in report.summary()
    state = json.loads(renamed.state_file.read_text(encoding="utf-8"))
    assert SITE_URL + "b/" not in json.dumps(state)


def test_prune_with_dry_run_lists_what_it_would_delete_and_deletes_nothing(
    renamed: Project, flattr_sandbox, mkdocs_log: LogRecords
) -> None:
    report = renamed.flattr(prune=True, dry_run=True).build().last_report
    assert report is not None and report.dry_run
    assert sorted((a.action, a.url) for a in report.plan) == [
        ("create", SITE_URL + "b-2/"),
        ("prune", SITE_URL + "b/"),
    ]
    assert deletes(flattr_sandbox) == 0
    assert any(
        m.startswith(f"flattr: dry run: would prune {SITE_URL}b/") for m in mkdocs_log.messages()
    )
