"""What a build with the plugin loads: never the HTTP client when sync has nothing to send, and
never the feed code without mkdocs-rss-plugin. Each build runs in a fresh interpreter, as
`mkdocs build` does, so modules another test imported cannot hide a load."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.plugins.mkdocs.mkdocs_project import Project

HEAVY = ("requests", "flattr_core.api", "xml.dom.minidom", "mkdocs_flattr.feeds")


def modules_after_build(project: Project, env: dict[str, str] | None = None) -> set[str]:
    code = (
        "import sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        f"cfg = load_config(config_file={str(project.write_config())!r}, "
        f"site_dir={str(project.site)!r})\n"
        "cfg.plugins.on_startup(command='build', dirty=False)\n"
        "build(cfg)\n"
        "cfg.plugins.on_shutdown()\n"
        f"print(' '.join(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return set(run.stdout.split())


def test_a_build_without_sync_loads_neither_the_client_nor_the_feed_code(
    project: Project,
) -> None:
    project.page("about.md", "# About this site\n\nWho we are.\n")
    assert modules_after_build(project) == set()
    assert len(project.html("about.md").head_payment_links()) == 1, "the plugin did run"


def test_a_warm_sync_that_changes_nothing_loads_no_client(
    project: Project, flattr_sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = flattr_sandbox.mint_token("alice")
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", token)
    project.flattr(sync=True, api_url=flattr_sandbox.api_url)
    assert project.build().last_report is not None  # cold: creates the thing
    before = flattr_sandbox.request_count()

    assert "requests" not in modules_after_build(project)
    assert flattr_sandbox.request_count() == before


def test_with_the_rss_plugin_the_feed_code_is_loaded(project: Project) -> None:
    # The other side of the first test: the check that keeps the feed code out sees rss.
    project.config["plugins"].insert(1, {"rss": {"match_path": ".*"}})
    assert "mkdocs_flattr.feeds" in modules_after_build(project)
