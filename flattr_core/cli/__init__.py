"""The ``flattr`` command line (click): login, things, flattrs, subscriptions and the sandbox.

``main`` is the console entry point; ``cli`` is the click group (tests drive it with
``click.testing.CliRunner``). Run it as ``flattr ...`` or ``python -m flattr_core.cli ...``.
"""

from __future__ import annotations

from flattr_core.cli.app import cli, main

__all__ = ["cli", "main"]
