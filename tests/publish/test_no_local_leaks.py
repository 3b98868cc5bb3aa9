"""Nothing local leaks into a published site: a public site never links to a loopback or private
Flattr host, and never syncs local page URLs to a public API. A local site URL is a preview,
where the sandbox's links are what the author wants."""

import logging

import pytest

from flattr_core.publish import (
    Entry,
    Item,
    Renderer,
    SettingsError,
    normalise,
    options_from_mapping,
    run_site_sync,
)
from flattr_core.publish.hosts import is_local_url
from tests.factories import make_item

SANDBOX_API = "http://127.0.0.1:8765/rest/v2"
PUBLIC = "https://blog.example.org"


def button_href(options) -> str:
    entry = Entry(url=f"{options.site_url}/hello.html", title="Hello world", source="hello.md")
    item, _ = normalise(entry, options)
    return Renderer(options).payment_url(item)


def test_a_sandbox_exported_in_the_shell_never_reaches_a_public_site(monkeypatch):
    monkeypatch.setenv("FLATTR_API_URL", SANDBOX_API)

    options = options_from_mapping(
        {"user": "alice"}, site_url=PUBLIC, settings_file="pelicanconf.py"
    )

    assert options.web_url == "https://flattr.com"
    assert button_href(options).startswith("https://flattr.com/submit/auto?")
    (problem,) = options.problems
    assert (problem.source, problem.field) == ("environment", "FLATTR_API_URL")
    assert "'http://127.0.0.1:8765', a local address" in problem.message
    assert "Unset FLATTR_API_URL for builds you publish" in problem.message


@pytest.mark.parametrize(
    ("mapping", "env", "where", "setting"),
    [
        ({"api_url": SANDBOX_API}, {}, "mkdocs.yml", "flattr['api_url']"),
        ({"web_url": "http://192.168.1.20:8765"}, {}, "mkdocs.yml", "flattr['web_url']"),
        ({}, {"FLATTR_WEB_URL": "http://localhost:8765"}, "environment", "FLATTR_WEB_URL"),
    ],
)
def test_the_warning_names_the_setting_and_where_it_came_from(
    monkeypatch, mapping, env, where, setting
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    options = options_from_mapping(
        {"user": "alice", **mapping}, "flattr", site_url=PUBLIC, settings_file="mkdocs.yml"
    )

    assert options.web_url == "https://flattr.com"
    assert [(p.source, p.field) for p in options.problems] == [(where, setting)]


def test_a_strict_build_refuses_instead(monkeypatch):
    monkeypatch.setenv("FLATTR_API_URL", SANDBOX_API)

    with pytest.raises(SettingsError, match=r"^environment: FLATTR_API_URL: makes the Flattr"):
        options_from_mapping({"user": "alice"}, site_url=PUBLIC, strict=True)


@pytest.mark.parametrize("preview", ["http://localhost:8000", "http://127.0.0.1:8000/blog"])
def test_a_local_preview_keeps_the_sandbox_links(monkeypatch, preview):
    monkeypatch.setenv("FLATTR_API_URL", SANDBOX_API)

    options = options_from_mapping({"user": "alice"}, site_url=preview, strict=True)

    assert options.problems == ()
    assert button_href(options).startswith("http://127.0.0.1:8765/submit/auto?")


def test_a_preview_site_url_imported_by_a_publish_config_gives_way_to_the_real_one():
    # pelicanconf.py: FLATTR = {"site_url": "http://localhost:8000", ...}; publishconf.py imports
    # it and sets SITEURL = "https://blog.example.org".
    options = options_from_mapping(
        {"user": "alice", "site_url": "http://localhost:8000"},
        site_url=PUBLIC,
        site_url_setting="SITEURL",
        settings_file="pelicanconf.py",
    )

    assert options.site_url == PUBLIC and options.site_url_setting == "SITEURL"
    assert "localhost" not in button_href(options)
    (problem,) = options.problems
    assert (problem.source, problem.field) == ("pelicanconf.py", "FLATTR['site_url']")
    assert problem.message.startswith("'http://localhost:8000' is a local address but the site's")


def test_a_local_url_override_on_a_public_page_is_refused():
    options = options_from_mapping({"user": "alice"}, site_url=PUBLIC)
    entry = Entry(
        url=f"{PUBLIC}/hello.html",
        title="Hello world",
        source="content/hello.md",
        summary_html="<p>A first post.</p>",
        overrides={"url": "http://localhost:8000/hello.html"},
    )

    item, problems = normalise(entry, options)

    assert item.url == f"{PUBLIC}/hello.html"
    assert [p.field for p in problems] == ["url"]


def local_item(n: int) -> Item:
    return make_item(n, site="http://localhost:8000", description="A page of a local preview.")


def test_local_pages_are_never_synced_to_a_public_api(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "a-token")
    logger = logging.getLogger("test.flattr.leaks")

    report = run_site_sync(
        [local_item(1), local_item(2)],
        api_url="https://api.flattr.com/rest/v2",
        state_file=tmp_path / "s.json",
        site_url="http://localhost:8000",
        site_url_setting="SITEURL",
        logger=logger,
    )

    assert report is None and not (tmp_path / "s.json").exists()
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.startswith(
        "flattr: 2 of 2 pages have a local address (e.g. http://localhost:8000/1.html) and are "
        "not synced to https://api.flattr.com/rest/v2: set SITEURL to the public URL"
    )


def test_local_pages_in_a_strict_build_fail_it(tmp_path, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", "a-token")

    with pytest.raises(SettingsError, match="have a local address"):
        run_site_sync(
            [local_item(1)],
            api_url="https://api.flattr.com/rest/v2",
            state_file=tmp_path / "s.json",
            site_url="http://localhost:8000",
            logger=logging.getLogger("test.flattr.leaks"),
            strict=True,
        )


def test_a_local_preview_syncs_to_the_sandbox(flattr_sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", flattr_sandbox.mint_token("alice"))

    report = run_site_sync(
        [local_item(1)],
        api_url=flattr_sandbox.api_url,
        state_file=tmp_path / "s.json",
        site_url="http://localhost:8000",
        logger=logging.getLogger("test.flattr.leaks"),
        strict=True,
    )

    assert report is not None and report.created == ["http://localhost:8000/1.html"]


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8765/rest/v2", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:8000/", True),
        ("http://10.1.2.3/", True),
        ("http://192.168.0.9:8000/", True),
        ("http://devbox:8000/", True),
        ("http://blog.localhost/", True),
        ("https://blog.example.org/", False),
        ("https://flattr.com", False),
        ("https://93.184.215.14/", False),
    ],
)
def test_what_counts_as_local(url, local):
    assert is_local_url(url) is local
