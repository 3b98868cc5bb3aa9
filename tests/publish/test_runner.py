"""run_site_sync: what a plugin gets, in logs and return values, for each setup problem and run."""

import functools
import logging
import re
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from flattr_core.publish import SettingsError
from flattr_core.publish.runner import pending_message, run_site_sync
from tests.factories import make_item

SITE = "https://blog.example"


@pytest.fixture
def logger():
    return logging.getLogger("test.flattr.runner")


def messages(caplog, level):
    """What run_site_sync itself logged (the client logs its retries under its own name)."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == level and r.name == "test.flattr.runner"
    ]


@pytest.fixture
def site_sync(tmp_path, logger):
    """run_site_sync for SITE, with a state file in tmp_path and the test logger; keywords win."""

    def run(items, **options):
        defaults = {"state_file": tmp_path / "s.json", "site_url": SITE, "logger": logger}
        return run_site_sync(items, **{**defaults, **options})

    return run


@pytest.fixture
def sandbox_sync(site_sync, flattr_sandbox):
    """``site_sync`` against the sandbox."""
    return functools.partial(site_sync, api_url=flattr_sandbox.api_url)


def test_no_token_is_a_warning_naming_the_server_and_no_sync(tmp_path, caplog, site_sync):
    caplog.set_level(logging.INFO)

    result = site_sync([make_item(1)], api_url="http://127.0.0.1:8765/rest/v2")

    assert result is None
    assert messages(caplog, logging.WARNING) == [
        "flattr: sync is on but no access token was found for http://127.0.0.1:8765/rest/v2; "
        "set FLATTR_ACCESS_TOKEN or run `flattr login` for that server "
        "(`flattr --api-url http://127.0.0.1:8765/rest/v2 login`)"
    ]
    assert not (tmp_path / "s.json").exists()


def test_a_logger_with_its_own_prefix_gets_messages_without_ours(caplog, site_sync):
    site_sync([make_item(1)], prefix="")

    (warning,) = messages(caplog, logging.WARNING)
    assert warning.startswith("sync is on but no access token was found for ")


def test_no_token_in_a_strict_build_is_an_error(site_sync):
    with pytest.raises(SettingsError) as info:
        site_sync([make_item(1)], strict=True)

    assert str(info.value).startswith("flattr: sync is on but no access token was found for ")


@pytest.mark.parametrize("site_url", ["", "/blog", "//blog.example", "ftp://blog.example"])
def test_a_site_url_that_is_not_absolute_http_names_the_setting(
    caplog, site_url, monkeypatch, site_sync
):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "secret-token")

    result = site_sync([make_item(1)], site_url=site_url, site_url_setting="SITEURL")

    assert result is None
    [warning] = messages(caplog, logging.WARNING)
    assert "set SITEURL to something like 'https://example.org'" in warning
    assert repr(site_url) in warning


def test_a_bad_site_url_in_a_strict_build_is_an_error(monkeypatch, site_sync):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "secret-token")

    with pytest.raises(SettingsError, match="set site_url to"):
        site_sync([make_item(1)], site_url="/", strict=True)


def test_a_bad_api_url_is_a_warning_naming_it(tmp_path, caplog, monkeypatch, site_sync):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "secret-token")

    result = site_sync([make_item(1)], api_url="localhost:5000", state_file=tmp_path / "s")

    assert result is None
    [warning] = messages(caplog, logging.WARNING)
    assert "api_url must be an absolute http(s) URL" in warning


# -- against the sandbox ------------------------------------------------------------------------


@pytest.fixture
def alice_token(flattr_sandbox, monkeypatch):
    token = flattr_sandbox.mint_token("alice")
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", token)
    return token


def test_a_sync_logs_progress_and_one_summary_line(
    flattr_sandbox, alice_token, tmp_path, caplog, sandbox_sync
):
    caplog.set_level(logging.INFO)
    items = [make_item(n) for n in range(25)]

    report = sandbox_sync(items, progress_every=10)

    assert report is not None and len(report.created) == 25
    assert messages(caplog, logging.INFO) == [
        "flattr: sync 10/25",
        "flattr: sync 20/25",
        "Flattr sync: 25 created, 0 updated, 0 unchanged, 0 adopted, 0 failed, 0 pending",
    ]
    assert messages(caplog, logging.WARNING) == []
    assert (tmp_path / "s.json").exists()
    assert alice_token not in caplog.text


def test_a_dry_run_logs_the_plan(flattr_sandbox, alice_token, tmp_path, caplog, sandbox_sync):
    caplog.set_level(logging.INFO)

    report = sandbox_sync([make_item(1)], dry_run=True)

    assert report is not None and report.dry_run
    assert messages(caplog, logging.INFO) == [
        f"flattr: dry run: would create {SITE}/1.html",
        "Flattr sync (dry run, nothing written): would create 1, update 0, adopt 0, prune 0; "
        "0 unchanged, 0 failed",
    ]
    assert not (tmp_path / "s.json").exists()


def test_a_dry_run_logs_each_planned_action_on_its_own_info_line(
    flattr_sandbox, alice_token, caplog, sandbox_sync
):
    caplog.set_level(logging.INFO)
    sandbox_sync([make_item(1)])
    caplog.clear()
    changed = make_item(1, title="A new title")

    sandbox_sync([changed, make_item(2), make_item(3)], dry_run=True)

    plan = [m for m in messages(caplog, logging.INFO) if m.startswith("flattr: dry run: ")]
    assert len(plan) == 3 and all("\n" not in line for line in plan)
    # The order is the order the workers finished in.
    update, *creates = sorted(plan, key=lambda line: "create" in line)
    assert re.fullmatch(rf"flattr: dry run: would update {SITE}/1\.html \(thing \d+\): .+", update)
    assert sorted(creates) == [
        f"flattr: dry run: would create {SITE}/2.html",
        f"flattr: dry run: would create {SITE}/3.html",
    ]
    assert messages(caplog, logging.WARNING) == []


def test_items_left_at_the_rate_limit_are_one_warning_with_the_time_to_build_again(
    flattr_sandbox, alice_token, caplog, sandbox_sync
):
    # Pelican and MkDocs show WARNING and above by default: INFO alone would hide this.
    caplog.set_level(logging.INFO)
    flattr_sandbox.configure(rate_limit=5)  # the list of things, then 4 creates

    report = sandbox_sync([make_item(n) for n in range(10)], concurrency=1)

    assert report is not None and len(report.pending) == 6 and report.reset_at
    reset = datetime.fromtimestamp(-(-report.reset_at // 60) * 60, tz=timezone.utc)
    assert messages(caplog, logging.WARNING) == [
        "Flattr sync: 6 items pending: the rate limit was reached; run the build again after "
        f"{reset:%H:%M} UTC (when it resets)"
    ]
    [summary] = [m for m in messages(caplog, logging.INFO) if m.startswith("Flattr sync:")]
    assert "6 pending" in summary


def test_items_left_at_the_rate_limit_in_a_strict_build_raise_after_saving_the_state(
    flattr_sandbox, alice_token, tmp_path, caplog, sandbox_sync
):
    flattr_sandbox.configure(rate_limit=5)
    state_file = tmp_path / "s.json"

    with pytest.raises(SettingsError, match=r"sync incomplete \(6 pending at the rate limit\)"):
        sandbox_sync([make_item(n) for n in range(10)], strict=True, concurrency=1)

    [warning] = messages(caplog, logging.WARNING)
    assert warning.startswith("Flattr sync: 6 items pending: the rate limit was reached; ")
    assert len(re.findall(r"/\d\.html", state_file.read_text())) == 4


def test_the_pending_message_for_one_item_an_unknown_reset_and_a_distant_reset():
    noon = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc).timestamp()
    assert pending_message(1, int(noon) + 1800, now=noon) == (
        "Flattr sync: 1 item pending: the rate limit was reached; run the build again after "
        "12:30 UTC (when it resets)"
    )
    assert "after 12:31 UTC" in pending_message(2, int(noon) + 1801, now=noon)  # rounded up
    assert "after 2026-03-03 12:00 UTC" in pending_message(2, int(noon) + 2 * 86400, now=noon)
    assert pending_message(3, None).endswith(
        "run the build again later (the API did not say when the limit resets)"
    )


def test_failed_items_are_warnings_and_the_rest_is_synced(
    flattr_sandbox, alice_token, caplog, sandbox_sync
):
    bad = make_item(2, url=SITE + "/" + "x" * 5000)

    report = sandbox_sync([make_item(1), bad])

    assert report is not None and report.created == [make_item(1).url]
    [warning] = messages(caplog, logging.WARNING)
    assert warning.startswith(f"flattr: sync of {bad.url} failed: ")


def test_failed_items_in_a_strict_build_raise_after_saving_the_state(
    flattr_sandbox, alice_token, tmp_path, sandbox_sync
):
    bad = make_item(2, url=SITE + "/" + "x" * 5000)
    state_file = tmp_path / "s.json"

    with pytest.raises(SettingsError, match=r"sync incomplete \(1 failed\)"):
        sandbox_sync([make_item(1), bad], strict=True)

    assert make_item(1).url in state_file.read_text()


def test_a_rejected_token_is_a_warning_that_does_not_show_it(
    flattr_sandbox, caplog, monkeypatch, sandbox_sync
):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "not-a-valid-token-0123456789")
    caplog.set_level(logging.DEBUG)

    result = sandbox_sync([make_item(1)])

    assert result is None
    [warning] = messages(caplog, logging.WARNING)
    assert warning.startswith("flattr: sync failed: ") and "401" in warning
    assert "not-a-valid-token-0123456789" not in caplog.text


# -- the owner trap ----------------------------------------------------------------------------


def test_a_token_of_another_user_than_the_sites_is_one_warning_naming_both(
    flattr_sandbox, alice_token, caplog, sandbox_sync
):
    items = [make_item(n, owner="yourname") for n in range(3)]

    report = sandbox_sync(items)

    assert report is not None and len(report.skipped) == 3 and not report.created
    assert messages(caplog, logging.WARNING) == [
        "flattr: the Flattr user in the settings is 'yourname' but the access token is "
        "'alice''s, so 3 pages owned by 'yourname' were not synced; set 'user' to 'alice' or "
        "use a token of 'yourname' (FLATTR_ACCESS_TOKEN or `flattr login`)"
    ]


def test_the_owner_trap_in_a_strict_build_is_an_error(flattr_sandbox, alice_token, sandbox_sync):
    items = [make_item(1, owner="yourname")]

    with pytest.raises(SettingsError, match="skipped: the token is not the owner's"):
        sandbox_sync(items, strict=True)


def test_other_authors_pages_are_no_trap_when_the_site_user_is_the_tokens(
    flattr_sandbox, alice_token, caplog, sandbox_sync
):
    items = [make_item(1), make_item(2, owner="bob")]  # bob's page: his auto-submit button

    report = sandbox_sync(items, owner="alice")

    assert report is not None and len(report.created) == 1 and len(report.skipped) == 1
    assert messages(caplog, logging.WARNING) == []


def test_the_configured_owner_names_the_trap_even_when_some_pages_are_the_tokens(
    flattr_sandbox, alice_token, caplog, sandbox_sync
):
    items = [make_item(1, owner="alice"), make_item(2, owner="yourname")]  # authors: alice

    sandbox_sync(items, owner="yourname")

    (warning,) = messages(caplog, logging.WARNING)
    assert "settings is 'yourname' but the access token is 'alice''s, so 1 page" in warning


def test_a_warm_sync_that_changes_nothing_never_loads_the_http_client(
    flattr_sandbox, alice_token, tmp_path, logger
):
    # Nor what only a sync with work needs: the requests of a sync, the client's error
    # classes, a thread pool, the token store (the token is in the environment), atomic writes.
    items = [make_item(1), make_item(2)]
    state = tmp_path / "s.json"
    run_site_sync(
        items, api_url=flattr_sandbox.api_url, state_file=state, site_url=SITE, logger=logger
    )
    # The next build, as a fresh process runs it: the state says nothing changed.
    code = (
        "import logging, sys\n"
        "from flattr_core.publish import Item\n"
        "from flattr_core.publish.runner import run_site_sync\n"
        f"report = run_site_sync({items!r}, api_url={flattr_sandbox.api_url!r}, "
        f"state_file={str(state)!r}, site_url={SITE!r}, logger=logging.getLogger('x'))\n"
        "unused = ['requests', 'flattr_core.publish.sync_work', 'flattr_core.errors',\n"
        "          'concurrent.futures', 'flattr_core.tokens', 'flattr_core.fileio']\n"
        "print(len(report.unchanged), *[name for name in unused if name in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.split() == ["2"]
