"""``FlattrError``, the base of every error the suite raises, apart from the tree it heads.

``flattr_core.errors`` holds the whole tree and is where users import it from. The base lives
here so that what a site build loads (``config.ConfigError``, ``publish.entry.SettingsError``)
does not create the client's forty API and OAuth error classes: about 5M instructions, paid by
every ``pelican`` and ``mkdocs build`` run.
"""

from __future__ import annotations

__all__ = ["FlattrError"]


class FlattrError(Exception):
    """Base class of every error raised by flattr_core's client."""

    __module__ = "flattr_core.errors"  # where users import it from (and pickle finds it)

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
