"""Sync against the sandbox: once per build, after the output is written, idempotent."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pelican_flattr.settings import BuildStopped

import flattr_core.api
from flattr_core.publish import SettingsError
from tests.plugins.pelican.pelican_site import SITEURL

# alice's items in scope (the overridden article belongs to bob: skipped, not created)
ALICE_URLS = {
    f"{SITEURL}/grusse.html",
    f"{SITEURL}/grusse-de.html",
    f"{SITEURL}/xss.html",
    f"{SITEURL}/hidden-flattr.html",
    f"{SITEURL}/pages/colophon.html",
}


def last_report(pelican):
    from pelican_flattr import last_report  # not at import time: see test_pelican_settings.py

    return last_report(pelican)


@pytest.fixture
def sandbox_token(flattr_sandbox, monkeypatch):
    token = flattr_sandbox.mint_token("alice")
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", token)
    return token


@pytest.fixture
def synced(build_site, flattr_sandbox, sandbox_token):
    """build(**extra FLATTR keys) with sync on against the sandbox."""

    def build(**extra):
        flattr = {"user": "alice", "sync": True, "api_url": flattr_sandbox.api_url, **extra}
        return build_site(flattr)

    return build


def _alice_things(flattr_sandbox, token):
    with flattr_core.api.get(token, api_url=flattr_sandbox.api_url) as api:
        return {t.url: t for t in api.authenticated.get_things() if t.url.startswith(SITEURL)}


def test_first_build_creates_one_thing_per_article(synced, flattr_sandbox, sandbox_token):
    built = synced()

    report = last_report(built.pelican)
    assert set(report.created) == ALICE_URLS
    assert [s.url for s in report.skipped] == ["https://other.example.org/canonical/overridden"]
    things = _alice_things(flattr_sandbox, sandbox_token)
    assert set(things) == ALICE_URLS
    assert things[f"{SITEURL}/grusse-de.html"].language == "de_DE"
    assert things[f"{SITEURL}/hidden-flattr.html"].hidden is True
    assert (built.cwd / ".flattr-state.json").is_file()


def test_second_build_changes_nothing_and_sends_no_request(synced, flattr_sandbox):
    synced()
    before = flattr_sandbox.request_count()

    built = synced()

    assert flattr_sandbox.request_count() == before
    report = last_report(built.pelican)
    assert report.created == [] and report.updated == []
    assert set(report.unchanged) == ALICE_URLS


def test_rebuild_on_the_same_instance_creates_nothing_twice(synced, flattr_sandbox, sandbox_token):
    built = synced()
    before = flattr_sandbox.request_count()

    built.run_again()  # pelican -r

    assert flattr_sandbox.request_count() == before
    assert len(_alice_things(flattr_sandbox, sandbox_token)) == len(ALICE_URLS)


def test_an_edited_article_is_updated(synced, flattr_sandbox, sandbox_token, tmp_path):
    synced()
    article = tmp_path / "content" / "xss.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "Title: \"><script>alert(1)</script> & 'quotes' in a title", "Title: A calmer title"
        ),
        encoding="utf-8",
    )

    built = synced()

    report = last_report(built.pelican)
    assert report.updated == [f"{SITEURL}/xss.html"] and report.created == []
    assert _alice_things(flattr_sandbox, sandbox_token)[f"{SITEURL}/xss.html"].title == (
        "A calmer title"
    )


def test_dry_run_writes_nothing(synced, flattr_sandbox, sandbox_token, caplog):
    with caplog.at_level(logging.INFO):
        built = synced(dry_run=True)

    report = last_report(built.pelican)
    assert report.dry_run and len(report.plan) == len(ALICE_URLS)
    assert _alice_things(flattr_sandbox, sandbox_token) == {}
    assert not (built.cwd / ".flattr-state.json").exists()
    assert any("dry run: would create" in r.getMessage() for r in caplog.records)


def test_one_summary_line_per_build(synced, caplog):
    with caplog.at_level(logging.INFO):
        synced()

    summaries = [r.getMessage() for r in caplog.records if "created" in r.getMessage()]
    assert len(summaries) == 1 and "5 created" in summaries[0]


def test_no_token_warns_and_the_build_goes_on(build_site, flattr_sandbox, caplog):
    with caplog.at_level(logging.WARNING):
        built = build_site({"user": "alice", "sync": True, "api_url": flattr_sandbox.api_url})

    assert last_report(built.pelican) is None
    assert flattr_sandbox.request_count() == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    (no_token,) = [w for w in warnings if "no access token" in w]
    assert no_token.startswith(
        f"flattr: sync is on but no access token was found for {flattr_sandbox.api_url}; set "
        "FLATTR_ACCESS_TOKEN"
    )
    assert f"flattr --api-url {flattr_sandbox.api_url} login" in no_token
    assert len(built.page("grusse.html").buttons) == 1  # the site itself is complete


def test_no_token_in_strict_mode_fails_the_build(build_site, flattr_sandbox, caplog):
    # web_url: a public site's buttons may not point at the local sandbox, which a strict build
    # refuses before it gets to the token (test_pelican_leaks.py).
    flattr = {
        "user": "alice",
        "sync": True,
        "api_url": flattr_sandbox.api_url,
        "web_url": "https://flattr.com",
        "strict": True,
    }
    with pytest.raises(BuildStopped) as caught:
        build_site(flattr)
    assert isinstance(caught.value.error, SettingsError)
    (line,) = [r.getMessage() for r in caplog.records if r.levelno == logging.CRITICAL]
    assert line.startswith(
        f"pelican_flattr: sync is on but no access token was found for {flattr_sandbox.api_url}"
    )  # one prefix, not "pelican_flattr: flattr: "


def test_sync_needs_an_absolute_siteurl(build_site, flattr_sandbox, sandbox_token, caplog):
    flattr = {"user": "alice", "sync": True, "api_url": flattr_sandbox.api_url}
    with caplog.at_level(logging.WARNING):
        build_site(flattr, SITEURL="")

    assert flattr_sandbox.request_count() == 0
    ours = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name.startswith(("pelican_flattr", "flattr"))
    ]
    assert len(ours) == 1 and "SITEURL is empty" in ours[0]  # one warning says it all
    assert "sync (FLATTR['sync']) is skipped" in ours[0]


def test_sync_without_siteurl_fails_a_strict_build(build_site, flattr_sandbox, sandbox_token):
    flattr = {"user": "alice", "sync": True, "api_url": flattr_sandbox.api_url, "strict": True}
    with pytest.raises(BuildStopped, match="SITEURL"):
        build_site(flattr, SITEURL="")
    assert flattr_sandbox.request_count() == 0


def test_sync_off_sends_nothing(build_site, flattr_sandbox, sandbox_token):
    built = build_site({"user": "alice", "api_url": flattr_sandbox.api_url})

    assert last_report(built.pelican) is None
    assert flattr_sandbox.request_count() == 0
    assert not (built.cwd / ".flattr-state.json").exists()


def test_the_state_file_setting_is_relative_to_where_pelican_runs(synced):
    built = synced(state_file="state/flattr.json")

    assert (built.cwd / "state" / "flattr.json").is_file()
    assert not (built.cwd / ".flattr-state.json").exists()


@pytest.fixture(params=["subsite plugin first", "pelican_flattr first"])
def subsite_order(request, monkeypatch):
    """The test-only subsite plugin, its ``finalized`` receiver connected before or after ours.

    Signals are process-wide and blinker calls receivers in the order they were first connected,
    so the order is set here explicitly, and the subsite receiver removed afterwards.
    """
    from pelican import signals
    from pelican_flattr import on_finalized

    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    import tests.plugins.pelican.subsite_plugin as subsite_plugin

    receivers = [subsite_plugin.build_subsite, on_finalized]
    if request.param == "pelican_flattr first":
        receivers.reverse()
    for receiver in receivers:
        signals.finalized.disconnect(receiver)
    for receiver in receivers:
        signals.finalized.connect(receiver)
    yield request.param
    signals.finalized.disconnect(subsite_plugin.build_subsite)


def test_a_subsite_built_inside_the_main_build_is_synced_once(
    build_site, flattr_sandbox, sandbox_token, subsite_order, caplog
):
    order = subsite_order
    plugins = ["tests.plugins.pelican.subsite_plugin", "pelican_flattr"]
    if order == "pelican_flattr first":
        plugins.reverse()
    flattr = {"user": "alice", "sync": True, "api_url": flattr_sandbox.api_url}

    with caplog.at_level(logging.INFO):
        build_site(flattr, PLUGINS=plugins)

    things = _alice_things(flattr_sandbox, sandbox_token)
    sub_urls = {url.replace(SITEURL, SITEURL + "/de", 1) for url in ALICE_URLS}
    assert set(things) == ALICE_URLS | sub_urls
    summaries = [r.getMessage() for r in caplog.records if "created" in r.getMessage()]
    # Subsite first: its items wait for the main build's sync, one summary for both.
    # pelican_flattr first: the main build has synced already, the subsite syncs its own.
    assert len(summaries) == (1 if order == "subsite plugin first" else 2)


def test_a_plain_pelican_run_prints_the_summary_once(flattr_sandbox, sandbox_token, tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    from tests.plugins.pelican.pelican_site import SITE

    shutil.copytree(SITE / "content", tmp_path / "content")
    (tmp_path / "pelicanconf.py").write_text(
        f"SITEURL = {SITEURL!r}\nTIMEZONE = 'UTC'\nPLUGINS = ['pelican_flattr']\n"
        f"FLATTR = {{'user': 'alice', 'sync': True, 'api_url': {flattr_sandbox.api_url!r}}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "FLATTR_ACCESS_TOKEN": sandbox_token},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Flattr sync: ") == 1
    assert f"Flattr sync: {len(ALICE_URLS)} created" in result.stdout
    assert sandbox_token not in result.stdout + result.stderr


def _rename_xss(content_dir: Path) -> None:
    """What renaming a page does to Flattr: a new URL; the old thing stays unless pruned."""
    article = content_dir / "xss.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Slug: xss", "Slug: escaping"),
        encoding="utf-8",
    )


def test_a_renamed_article_leaves_its_old_thing_without_prune(
    synced, flattr_sandbox, sandbox_token
):
    built = synced()
    _rename_xss(built.cwd / "content")

    built = synced()

    assert last_report(built.pelican).pruned == []
    things = _alice_things(flattr_sandbox, sandbox_token)
    assert f"{SITEURL}/xss.html" in things and f"{SITEURL}/escaping.html" in things


def test_prune_deletes_the_thing_of_a_renamed_article(synced, flattr_sandbox, sandbox_token):
    built = synced()
    _rename_xss(built.cwd / "content")

    built = synced(prune=True)

    assert last_report(built.pelican).pruned == [f"{SITEURL}/xss.html"]
    things = _alice_things(flattr_sandbox, sandbox_token)
    assert f"{SITEURL}/xss.html" not in things and f"{SITEURL}/escaping.html" in things


def test_a_dry_run_with_prune_shows_what_would_be_deleted(flattr_sandbox, sandbox_token, synced):
    import os
    import subprocess
    import sys

    built = synced()
    (old_id,) = [
        t.id for u, t in _alice_things(flattr_sandbox, sandbox_token).items() if "xss" in u
    ]
    _rename_xss(built.cwd / "content")
    flattr = {"user": "alice", "sync": True, "api_url": flattr_sandbox.api_url}
    (built.cwd / "pelicanconf.py").write_text(
        f"SITEURL = {SITEURL!r}\nTIMEZONE = 'UTC'\nPLUGINS = ['pelican_flattr']\n"
        f"FLATTR = {{**{flattr!r}, 'prune': True, 'dry_run': True}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(  # a plain `pelican` run shows warnings only, and these lines
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        cwd=built.cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "FLATTR_ACCESS_TOKEN": sandbox_token, "COLUMNS": "300"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        f"Flattr sync (dry run): would delete thing {old_id} of {SITEURL}/xss.html "
        "(created by this state; page is gone)" in result.stdout
    )
    assert "would create 1, update 0, adopt 0, prune 1" in result.stdout
    assert f"{SITEURL}/xss.html" in _alice_things(flattr_sandbox, sandbox_token)
