"""``button: js`` built against a sandbox: the sandbox's load.js turns the hidden placeholder into
a visible button that leads to the auto-submit page; with JavaScript off the fallback link shows.
"""

from __future__ import annotations

import pytest

from tests.browser.hostile_sites import build
from tests.browser.static_server import start_static_server


@pytest.fixture(scope="module")
def js_site(tmp_path_factory):
    """A MkDocs site (mkdocs theme) with ``button: js`` whose payment links use a sandbox."""
    from flattr_sandbox import SandboxServer

    directory = tmp_path_factory.mktemp("js-site")
    with SandboxServer() as sandbox:
        base, stop = start_static_server(directory / "site")
        build("mkdocs", directory, base, button="js", web_url=sandbox.url)
        yield base, sandbox
        stop()


def test_the_loader_replaces_the_placeholder_with_a_visible_button(js_site, open_page):
    base, sandbox = js_site

    page = open_page(f"{base}/index.html")
    button = page.locator("a.flattr-sandbox-button")
    button.wait_for(state="visible")

    assert page.locator("a.FlattrButton").count() == 0
    assert button.get_attribute("href").startswith(f"{sandbox.url}/submit/auto?")
    button.click()
    page.wait_for_url(f"{sandbox.url}/submit/auto?**")
    assert page.locator("button.flattr").is_visible()


def test_without_javascript_the_fallback_link_shows(js_site, open_page):
    base, sandbox = js_site

    page = open_page(f"{base}/index.html", javascript=False)
    fallback = page.locator("a.flattr-button-text")

    assert fallback.is_visible()
    assert fallback.inner_text() == "Flattr this"
    assert fallback.get_attribute("href").startswith(f"{sandbox.url}/submit/auto?")
    assert not page.locator("a.FlattrButton").is_visible()
