"""run_site_sync: what a plugin gets, in logs and return values, for each setup problem and run."""

import logging

import pytest

from flattr_core.publish import Item, SettingsError
from flattr_core.publish.runner import NO_TOKEN_MESSAGE, run_site_sync

SITE = "https://blog.example"


def make_item(n: int, owner: str = "alice") -> Item:
    return Item(
        url=f"{SITE}/{n}.html",
        owner=owner,
        title=f"Article number {n}",
        description=f"What article {n} is about.",
        category="text",
        language="en_GB",
        tags=("python",),
        hidden=False,
        source=f"content/{n}.md",
    )


@pytest.fixture
def logger():
    return logging.getLogger("test.flattr.runner")


def messages(caplog, level):
    """What run_site_sync itself logged (the client logs its retries under its own name)."""
    return [r.getMessage() for r in caplog.records
            if r.levelno == level and r.name == "test.flattr.runner"]


def test_no_token_is_a_warning_and_no_sync(tmp_path, logger, caplog):
    caplog.set_level(logging.INFO)

    result = run_site_sync([make_item(1)], state_file=tmp_path / "s.json", site_url=SITE,
                           logger=logger)

    assert result is None
    assert messages(caplog, logging.WARNING) == [
        "flattr: sync is on but no access token was found; set FLATTR_ACCESS_TOKEN or run "
        "`flattr login`"
    ]
    assert not (tmp_path / "s.json").exists()


def test_no_token_in_a_strict_build_is_an_error(tmp_path, logger):
    with pytest.raises(SettingsError) as info:
        run_site_sync([make_item(1)], state_file=tmp_path / "s.json", site_url=SITE,
                      logger=logger, strict=True)

    assert str(info.value) == NO_TOKEN_MESSAGE


@pytest.mark.parametrize("site_url", ["", "/blog", "//blog.example", "ftp://blog.example"])
def test_a_site_url_that_is_not_absolute_http_names_the_setting(tmp_path, logger, caplog,
                                                                 site_url, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "secret-token")

    result = run_site_sync([make_item(1)], state_file=tmp_path / "s.json", site_url=site_url,
                           logger=logger, site_url_setting="SITEURL")

    assert result is None
    [warning] = messages(caplog, logging.WARNING)
    assert "set SITEURL to something like 'https://example.org'" in warning
    assert repr(site_url) in warning


def test_a_bad_site_url_in_a_strict_build_is_an_error(tmp_path, logger, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "secret-token")

    with pytest.raises(SettingsError, match="set site_url to"):
        run_site_sync([make_item(1)], state_file=tmp_path / "s.json", site_url="/",
                      logger=logger, strict=True)


def test_a_bad_api_url_is_a_warning_naming_it(tmp_path, logger, caplog, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "secret-token")

    result = run_site_sync([make_item(1)], api_url="localhost:5000", state_file=tmp_path / "s",
                           site_url=SITE, logger=logger)

    assert result is None
    [warning] = messages(caplog, logging.WARNING)
    assert "api_url must be an absolute http(s) URL" in warning


# -- against the sandbox ------------------------------------------------------------------------


@pytest.fixture
def alice_token(flattr_sandbox, monkeypatch):
    token = flattr_sandbox.mint_token("alice")
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", token)
    return token


def test_a_sync_logs_progress_and_one_summary_line(flattr_sandbox, alice_token, tmp_path,
                                                   logger, caplog):
    caplog.set_level(logging.INFO)
    items = [make_item(n) for n in range(25)]

    report = run_site_sync(items, api_url=flattr_sandbox.api_url, state_file=tmp_path / "s.json",
                           site_url=SITE, logger=logger, progress_every=10)

    assert report is not None and len(report.created) == 25
    assert messages(caplog, logging.INFO) == [
        "flattr: sync 10/25",
        "flattr: sync 20/25",
        "Flattr sync: 25 created, 0 updated, 0 unchanged, 0 adopted, 0 failed, 0 pending",
    ]
    assert messages(caplog, logging.WARNING) == []
    assert (tmp_path / "s.json").exists()
    assert alice_token not in caplog.text


def test_a_dry_run_logs_the_plan(flattr_sandbox, alice_token, tmp_path, logger, caplog):
    caplog.set_level(logging.INFO)

    report = run_site_sync([make_item(1)], api_url=flattr_sandbox.api_url,
                           state_file=tmp_path / "s.json", site_url=SITE, logger=logger,
                           dry_run=True)

    assert report is not None and report.dry_run
    assert messages(caplog, logging.INFO) == [
        f"flattr: dry run: would create {SITE}/1.html",
        "Flattr sync (dry run, nothing written): would create 1, update 0, adopt 0, prune 0; "
        "0 unchanged, 0 failed",
    ]
    assert not (tmp_path / "s.json").exists()


def test_failed_items_are_warnings_and_the_rest_is_synced(flattr_sandbox, alice_token, tmp_path,
                                                          logger, caplog):
    bad = Item(**{**make_item(2).__dict__, "url": SITE + "/" + "x" * 5000})

    report = run_site_sync([make_item(1), bad], api_url=flattr_sandbox.api_url,
                           state_file=tmp_path / "s.json", site_url=SITE, logger=logger)

    assert report is not None and report.created == [make_item(1).url]
    [warning] = messages(caplog, logging.WARNING)
    assert warning.startswith(f"flattr: sync of {bad.url} failed: ")


def test_failed_items_in_a_strict_build_raise_after_saving_the_state(flattr_sandbox, alice_token,
                                                                     tmp_path, logger):
    bad = Item(**{**make_item(2).__dict__, "url": SITE + "/" + "x" * 5000})
    state_file = tmp_path / "s.json"

    with pytest.raises(SettingsError, match=r"sync incomplete \(1 failed\)"):
        run_site_sync([make_item(1), bad], api_url=flattr_sandbox.api_url, state_file=state_file,
                      site_url=SITE, logger=logger, strict=True)

    assert make_item(1).url in state_file.read_text()


def test_a_rejected_token_is_a_warning_that_does_not_show_it(flattr_sandbox, tmp_path, logger,
                                                             caplog, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "not-a-valid-token-0123456789")
    caplog.set_level(logging.DEBUG)

    result = run_site_sync([make_item(1)], api_url=flattr_sandbox.api_url,
                           state_file=tmp_path / "s.json", site_url=SITE, logger=logger)

    assert result is None
    [warning] = messages(caplog, logging.WARNING)
    assert warning.startswith("flattr: sync failed: ") and "401" in warning
    assert "not-a-valid-token-0123456789" not in caplog.text
