"""Stopping a Pelican run on a mistake the user must fix, with one line and no traceback.

Pelican's command line logs every ``Exception`` that reaches it together with its traceback, so
a settings mistake raised as ``SettingsError`` would bury our one-line message under thirty
lines of Pelican internals. ``BuildStopped`` is a ``SystemExit`` (not an ``Exception``): Pelican
lets it through, the process exits with status 1, and the message has been logged once, at
CRITICAL, through the plugin's logger. Programs that run Pelican themselves can catch it; the
original ``SettingsError`` is its ``error``.
"""

from __future__ import annotations

import logging

from flattr_core.publish import SettingsError

logger = logging.getLogger("pelican_flattr")


class BuildStopped(SystemExit):
    """The build stopped on ``error`` (a ``SettingsError``); exit status 1."""

    def __init__(self, error: SettingsError) -> None:
        super().__init__(1)
        self.error = error

    def __str__(self) -> str:
        return str(self.error)


def stop_build(error: SettingsError) -> BuildStopped:
    """Log ``error`` as the one line the user sees and return the exception to raise."""
    logger.critical("pelican_flattr: %s", error)
    return BuildStopped(error)
