"""Fixtures for the Pelican plugin tests (helpers live in pelican_site.py)."""

from __future__ import annotations

import logging
import shutil
from typing import Any

import pytest

from tests.plugins.pelican.pelican_site import SITE, Built, make_settings


@pytest.fixture
def build_site(tmp_path, monkeypatch):
    """build_site(flattr_dict_or_None, **pelican_settings) -> Built (runs in tmp_path)."""
    monkeypatch.chdir(tmp_path)  # the state file's default place is the directory pelican runs in

    def build(flattr: dict[str, Any] | None = None, **extra: Any) -> Built:
        from pelican import Pelican

        pelican = Pelican(make_settings(tmp_path, flattr, **extra))
        pelican.run()
        return Built(tmp_path / "output", pelican, tmp_path)

    return build


@pytest.fixture(scope="session")
def alice_site(tmp_path_factory) -> Built:
    """The fixture site built once with ``FLATTR = {"user": "alice"}``, for the tests that only
    read what it wrote (one that edits the content, builds again or checks the build's log uses
    ``build_site``)."""
    root = tmp_path_factory.mktemp("alice-site")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(root)
        from pelican import Pelican

        pelican = Pelican(make_settings(root, {"user": "alice"}))
        pelican.run()
    return Built(root / "output", pelican, root)


@pytest.fixture
def content_dir(tmp_path):
    """The fixture content, copied, so a test can edit or add articles before building."""
    target = tmp_path / "content"
    shutil.copytree(SITE / "content", target)
    return target


@pytest.fixture(autouse=True)
def _fresh_pelican_logging():
    """Pelican's log filter drops a message it has seen before in the process; each test starts
    with a clean slate so it sees its own warnings. Importing pelican also makes every logger
    created afterwards one of its deduplicating loggers: undone after each test so that the
    suites running after this one get plain loggers."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    yield
    logging.setLoggerClass(logging.Logger)
