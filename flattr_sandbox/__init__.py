"""flattr_sandbox: a local server faithful to the documented Flattr REST API v2.

Flattr's servers closed in 2023; this package serves what ``api.flattr.com`` and
``flattr.com`` answered according to the documentation (``/rest/v2``, ``/oauth/*``,
``/submit/auto``), from SQLite, so clients and plugins can be exercised over real HTTP.
It is an independent implementation of the docs: it never imports the ``flattr_core`` client.
Flask is an optional dependency (``pip install flattr-suite[sandbox]``); importing this package
is cheap and imports Flask only when a server or app is asked for::

    from flattr_sandbox import SandboxServer
    with SandboxServer() as sb:                  # free port on 127.0.0.1, background thread
        token = sb.mint_token("alice")
        ...                                      # talk to sb.api_url with any HTTP client

Modules: ``server`` (SandboxServer, run, PortUnavailable), ``app`` (create_app, hooks),
``store`` (SQLite), ``seed`` (accounts and things), ``shapes`` (API bodies), ``api_*`` (REST
routes), ``oauth``, ``web`` (HTML pages), ``admin`` (``/_sandbox/``), ``ratelimit``, ``faults``,
``formats``, ``validation``, ``search``, ``pytest_plugin`` (the ``flattr_sandbox`` fixture).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .server import PortUnavailable, SandboxServer, run

__all__ = ["PortUnavailable", "SandboxServer", "create_app", "run"]


def __getattr__(name: str) -> Any:
    # Lazy so that `import flattr_sandbox.pytest_plugin` (loaded by every test session)
    # does not import Flask.
    if name in ("PortUnavailable", "SandboxServer", "run"):
        from . import server

        return getattr(server, name)
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'flattr_sandbox' has no attribute {name!r}")
