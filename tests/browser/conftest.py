"""Browser tests: built pages and the sandbox's pages in Debian's Chromium, driven by Playwright.

``make test`` installs Chromium first (``scripts/install-chromium``); Playwright's own browser
download is never used. Without Chromium these tests skip with a message that says how to get
it, except under CI (``CI`` set), where a missing browser fails the run instead.

Fixtures:

* ``browser``: one headless Chromium for the session.
* ``open_page(url, javascript=True, allow_http_errors=False)``: a fresh page whose requests
  may reach loopback only (anything else is aborted, as this machine has no network and a built
  page must not need one), and that records dialogs, uncaught script errors and console errors.
  After the test, none of them may have happened (4xx answers are allowed where a test expects
  a refusal).
* ``serve(directory)``: a quiet static HTTP server on a free loopback port; its base URL.
* ``screenshot_dir``: where screenshots go: ``FLATTR_SCREENSHOT_DIR`` when set (``make
  screenshots`` points it at ``docs/assets/screenshots``), else the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.static_server import start_static_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _chromium() -> str | None:
    for candidate in (os.environ.get("FLATTR_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = _chromium()
    if executable is None:
        message = "Chromium is missing: run scripts/install-chromium (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """What a page did that a reader must never see: dialogs, script errors, console errors."""

    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"dialog: {d}" for d in self.dialogs]
            + [f"script error: {e}" for e in self.page_errors]
            + [f"console error: {e}" for e in self.console_errors]
        )


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOOPBACK_HOSTS


@pytest.fixture
def open_page(browser):
    contexts = []
    watches: list[Watched] = []

    def _open(url: str, *, javascript: bool = True, allow_http_errors: bool = False):
        context = browser.new_context(java_script_enabled=javascript)
        contexts.append(context)
        watched = Watched()
        watches.append(watched)

        def route(route):
            if _is_loopback(route.request.url):
                route.continue_()
            else:
                watched.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()

        def on_dialog(dialog):
            watched.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_console(message):
            # A resource this test blocked (a theme's web font, say) is the test's doing, not
            # the page's; everything else logged as an error counts.
            if message.type != "error":
                return
            if "net::ERR_FAILED" in message.text and watched.blocked:
                return
            # A test that expects a refusal (a 403 page) says so; Chromium logs every 4xx.
            if allow_http_errors and "the server responded with a status of 4" in message.text:
                return
            watched.console_errors.append(message.text)

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
        page.on("console", on_console)
        page.goto(url)
        page.watched = watched
        return page

    yield _open
    for context in contexts:
        context.close()
    problems = [problem for watched in watches for problem in watched.problems()]
    assert problems == [], problems


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    stops: list[Callable[[], None]] = []

    def _serve(directory: Path) -> str:
        base, stop = start_static_server(directory)
        stops.append(stop)
        return base

    yield _serve
    for stop in stops:
        stop()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    configured = os.environ.get("FLATTR_SCREENSHOT_DIR")
    folder = Path(configured) if configured else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
