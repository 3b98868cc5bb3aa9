"""Fixtures of the MkDocs plugin tests; the helpers live in mkdocs_project.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.mkdocs.mkdocs_project import LogRecords, Project, new_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A one-page project with the built-in mkdocs theme and `flattr: {user: alice}`."""
    return new_project(tmp_path)


@pytest.fixture
def mkdocs_log() -> Iterator[LogRecords]:
    logger = logging.getLogger("mkdocs")
    handler = LogRecords()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
