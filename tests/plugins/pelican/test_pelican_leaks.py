"""A published Pelican site never carries a local address: not from a sandbox exported in the
shell, nor from a preview FLATTR["site_url"] that publishconf.py imports."""

from __future__ import annotations

import logging

import pytest
from pelican_flattr.settings import BuildStopped

from tests.plugins.pelican.pelican_site import SITEURL

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def written_text(built) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in built.output.rglob("*")
        if path.suffix in (".html", ".xml")
    )


def test_a_sandbox_exported_in_the_shell_stays_out_of_pages_and_feeds(
    build_site, flattr_sandbox, monkeypatch, caplog
):
    monkeypatch.setenv("FLATTR_API_URL", flattr_sandbox.api_url)
    with caplog.at_level(logging.WARNING):
        built = build_site({"user": "alice"})

    (button,) = built.page("grusse.html").buttons
    assert button.attrs["href"].startswith("https://flattr.com/submit/auto?")
    assert not any(host in written_text(built) for host in LOCAL_HOSTS)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w for w in warnings if "FLATTR_API_URL" in w] == [
        "pelican_flattr: environment: FLATTR_API_URL: makes the Flattr web URL "
        f"{flattr_sandbox.url!r}, a local address, but the site URL {SITEURL!r} is public: its "
        "buttons, payment links and feeds use 'https://flattr.com' instead. Unset FLATTR_API_URL "
        "for builds you publish; see 'Preview a site locally' in the docs "
        "(how-to/preview-locally)"
    ]


def test_a_preview_site_url_imported_by_publishconf_gives_way_to_siteurl(build_site):
    built = build_site({"user": "alice", "site_url": "http://localhost:8000"})

    (link,) = built.page("grusse.html").payment_links
    assert f"url={SITEURL.replace(':', '%3A').replace('/', '%2F')}" in link.attrs["href"]
    assert not any(host in written_text(built) for host in LOCAL_HOSTS)


def test_a_strict_build_refuses_a_local_web_url_for_a_public_site(build_site, flattr_sandbox):
    with pytest.raises(BuildStopped, match="FLATTR\\['api_url'\\]: makes the Flattr web URL"):
        build_site({"user": "alice", "api_url": flattr_sandbox.api_url, "strict": True})


def test_a_local_preview_links_to_the_sandbox(build_site, flattr_sandbox):
    built = build_site(
        {"user": "alice", "api_url": flattr_sandbox.api_url}, SITEURL="http://localhost:8000"
    )

    (button,) = built.page("grusse.html").buttons
    assert button.attrs["href"].startswith(flattr_sandbox.url + "/submit/auto?")
