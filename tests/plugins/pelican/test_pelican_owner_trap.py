"""FLATTR['user'] names one Flattr user and the token is another's: the build says so once, at
WARNING (Pelican hides INFO, where the summary's "skipped" count is)."""

from __future__ import annotations

import logging

import pytest
from pelican_flattr.stop import BuildStopped


def test_a_token_of_another_user_is_one_warning_naming_both(
    build_site, flattr_sandbox, monkeypatch, caplog
):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", flattr_sandbox.mint_token("alice"))
    flattr = {"user": "yourname", "sync": True, "api_url": flattr_sandbox.api_url}
    with caplog.at_level(logging.WARNING):
        build_site({**flattr, "web_url": "https://flattr.com"})

    trap = [r.getMessage() for r in caplog.records if "access token is 'alice''s" in r.getMessage()]
    assert len(trap) == 1
    assert "the Flattr user in the settings is 'yourname'" in trap[0]
    assert "set 'user' to 'alice' or use a token of 'yourname'" in trap[0]


def test_a_strict_build_fails_on_it(build_site, flattr_sandbox, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", flattr_sandbox.mint_token("alice"))
    flattr = {
        "user": "yourname",
        "sync": True,
        "api_url": flattr_sandbox.api_url,
        "web_url": "https://flattr.com",
        "strict": True,
    }
    with pytest.raises(BuildStopped, match="the token is not the owner's"):
        build_site(flattr)
