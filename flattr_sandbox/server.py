"""Running the sandbox: :class:`SandboxServer` (in-process, background thread) and :func:`run`
(blocking, for ``flattr sandbox``).

werkzeug's threaded server with the keep-alive handler of :mod:`.httpserver` (no per-request
log lines, so benchmarks and terminals stay quiet). The listening socket is bound here, not by
werkzeug: werkzeug answers a taken port with ``sys.exit(1)`` and text on stderr, which would end
a library caller's process; :class:`PortUnavailable` (an ``OSError``) is raised instead.
"""

from __future__ import annotations

import errno
import logging
import socket
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any, TextIO

from werkzeug.serving import (
    LISTEN_QUEUE,
    BaseWSGIServer,
    get_sockaddr,
    make_server,
    select_address_family,
)

from .access import ADMIN_HEADER, Access, checked_admin_token, new_admin_token
from .addresses import is_loopback
from .admin import mint
from .app import create_app
from .context import SCOPES
from .httpserver import KeepAliveHandler, close_connections, connections
from .seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_USER
from .state import EXTENSION, SandboxState, Settings
from .store import Store


class PortUnavailable(OSError):
    """The sandbox could not listen on ``host:port`` (taken port, unknown host, no permission).

    ``errno`` and ``strerror`` are the operating system's; ``str()`` names the address and what
    to do about it.
    """

    def __init__(self, host: str, port: int, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.host, self.port = host, port

    def __str__(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        where = f"could not start the sandbox on {shown}:{self.port}: {self.strerror}"
        pick_port = (
            "pick another port (`flattr sandbox --port N`, SandboxServer(port=N)), "
            "or port 0 for any free one"
        )
        if self.errno == errno.EADDRINUSE:
            return f"{where} (another program is listening there); {pick_port}"
        if self.errno == errno.EACCES:
            return f"{where} (ports below 1024 need administrator rights); {pick_port}"
        return (
            f"{where}; check the host (--host, host=; 127.0.0.1 listens on this machine "
            "only) and the port"
        )


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``, or :class:`PortUnavailable`."""
    try:
        family = select_address_family(host, port)
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as error:
        raise PortUnavailable(host, port, error) from error
    try:
        # As socketserver does: a port left in TIME_WAIT by an earlier sandbox can be reused
        # (on Linux this never allows two listeners on one port).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(get_sockaddr(host, port, family))
        sock.listen(LISTEN_QUEUE)
    except OSError as error:
        sock.close()
        raise PortUnavailable(host, port, error) from error
    return sock


class SandboxServer:
    """A sandbox on ``host:port`` (port 0: a free one) serving from a background thread.

    >>> with SandboxServer() as sb:                                   # doctest: +SKIP
    ...     requests.get(sb.api_url + "/things/268185").json()["title"]
    'simongate on Twitter'
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | None = None,
        rate_limit: int = 1000,
        auto_approve: str | None = None,
        fail_rate: float = 0.0,
        latency_ms: int = 0,
        admin_token: str | None = None,
    ) -> None:
        self.host = host
        self._requested_port = port
        self.db = db
        self._settings = Settings(rate_limit, fail_rate, latency_ms, auto_approve).checked()
        # Known before start, so a caller can hand it to another process it launches.
        self._admin_token = (
            new_admin_token() if admin_token is None else checked_admin_token(admin_token)
        )
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._state: SandboxState | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> SandboxServer:
        """Listen and serve from a background thread; :class:`PortUnavailable` (an ``OSError``)
        when ``host:port`` cannot be used."""
        if self._server is not None:
            return self
        listening = _listen(self.host, self._requested_port)
        try:
            store = Store(self.db)
        except BaseException:
            listening.close()
            raise
        try:
            access = Access(self._admin_token, self.host, listening.getsockname()[1])
            app = create_app(store, self._settings, access)
            # werkzeug takes over a duplicate of the bound socket (fd=...), so it never binds
            # (and never exits the process on a taken port).
            server = make_server(
                self.host,
                self._requested_port,
                app,
                threaded=True,
                request_handler=KeepAliveHandler,
                fd=listening.fileno(),
            )
        except BaseException:
            store.close()
            raise
        finally:
            listening.close()
        server.daemon_threads = True  # type: ignore[attr-defined]  # ThreadingMixIn
        connections(server)  # created before any handler thread can race to create it
        self._state = app.extensions[EXTENSION]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"flattr-sandbox:{server.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread, state = self._server, self._thread, self._state
        self._server = self._thread = self._state = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        close_connections(server)
        if thread is not None:
            thread.join(timeout=5)
        if state is not None:
            state.store.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<SandboxServer {where}>"

    # -- addresses -----------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._running()[0].port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        return self.url + "/rest/v2"

    @property
    def admin_token(self) -> str:
        """The secret the ``/_sandbox/`` admin routes answer to (never in ``repr``)."""
        return self._admin_token

    @property
    def admin_headers(self) -> dict[str, str]:
        """Headers for raw HTTP calls to ``/_sandbox/`` (``requests.post(..., headers=...)``)."""
        return {ADMIN_HEADER: self._admin_token}

    def _running(self) -> tuple[BaseWSGIServer, SandboxState]:
        if self._server is None or self._state is None:
            raise RuntimeError(
                "The sandbox is not running: use `with SandboxServer() as sb:` "
                "or call start() first"
            )
        return self._server, self._state

    @property
    def state(self) -> SandboxState:
        return self._running()[1]

    # -- admin ---------------------------------------------------------------------------
    def mint_token(self, username: str = DEMO_USER, scopes: Sequence[str] = SCOPES) -> str:
        """A fresh access token for a seeded user (unknown user or scope: ValueError)."""
        from .errors import ApiError

        app_state = self.state
        with _app_context(app_state):
            try:
                return str(mint(username, list(scopes))["access_token"])
            except ApiError as error:
                raise ValueError(error.description) from None

    def request_count(self) -> int:
        return sum(self.state.counts().values())

    def request_counts(self) -> dict[str, int]:
        return self.state.counts()

    def reset_counts(self) -> None:
        self.state.clear_counts()

    def reset(self) -> None:
        """Back to seed data, counters zeroed, settings as started, queued faults dropped."""
        self.state.reset()

    def configure(self, **changes: Any) -> None:
        """Change ``rate_limit``, ``fail_rate`` or ``latency_ms`` until the next reset."""
        self.state.configure(**changes)

    def inject_faults(self, *kinds: str) -> None:
        """The next requests fail in order: ``"500"``, ``"503"`` (HTML) or ``"drop"``."""
        self.state.faults.inject(kinds)


class _app_context:
    """Minimal app context so admin helpers using ``current()`` work outside a request."""

    def __init__(self, state: SandboxState) -> None:
        from flask import Flask

        self._app = Flask("flattr-sandbox-admin")
        self._app.extensions[EXTENSION] = state
        self._ctx = self._app.app_context()

    def __enter__(self) -> None:
        self._ctx.push()

    def __exit__(self, *exc: object) -> None:
        self._ctx.pop()


def log_to(stream: TextIO) -> logging.Handler:
    """Print the sandbox's log (bugs, with their tracebacks) on ``stream``; the handler."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logging.getLogger("flattr_sandbox").addHandler(handler)
    return handler


def exposure_warning(host: str) -> list[str]:
    """The loud lines for a sandbox listening beyond this machine (none on loopback)."""
    if is_loopback(host):
        return []
    bar = "!" * 78
    return [
        bar,
        f"WARNING: listening on {host}, which is not loopback: other machines can reach this",
        "sandbox. It is a development server: plain HTTP, seeded accounts without passwords,",
        "and anyone who can reach it can use the approval and flattr pages as any user.",
        "Only the admin routes are protected (admin secret below). Use it on a network you",
        "trust, keep the admin secret to yourself, or listen on 127.0.0.1 (the default).",
        bar,
    ]


def banner(
    sandbox: SandboxServer, db: str | None, *, token: str | None = None, port: int | None = None
) -> list[str]:
    """What ``flattr sandbox`` prints at start (``port`` stands in when not running yet)."""
    shown = f"[{sandbox.host}]" if ":" in sandbox.host else sandbox.host
    url = f"http://{shown}:{port}" if port is not None else sandbox.url
    token = token or "<token>"
    settings = sandbox._settings
    return [
        *exposure_warning(sandbox.host),
        "Flattr sandbox running (Ctrl-C to stop)",
        f"  web base:  {url}   (/oauth/authorize, /submit/auto, /thing/<id>)",
        f"  API base:  {url}/rest/v2",
        f"  storage:   {db or 'in memory (lost on exit; use --db FILE to keep it)'}",
        f"  demo app:  client_id={DEMO_CLIENT_ID} client_secret={DEMO_CLIENT_SECRET} "
        "(any loopback redirect URI)",
        f"  token for {DEMO_USER} (all scopes): {token}",
        f"  try:       curl -H 'Authorization: Bearer {token}' {url}/rest/v2/user",
        f"  admin:     {ADMIN_HEADER}: {sandbox.admin_token}",
        f"             (every /_sandbox/ call needs it, e.g. curl -X POST -H "
        f"'{ADMIN_HEADER}: {sandbox.admin_token}' {url}/_sandbox/reset)",
        f"  rate limit {settings.rate_limit}/h"
        + (f", auto-approve as {settings.auto_approve}" if settings.auto_approve else "")
        + (f", fail rate {settings.fail_rate}" if settings.fail_rate else "")
        + (f", latency {settings.latency_ms} ms" if settings.latency_ms else ""),
    ]


def run(
    host: str = "127.0.0.1",
    port: int = 8765,
    db: str | None = None,
    auto_approve: str | None = None,
    rate_limit: int = 1000,
    fail_rate: float = 0.0,
    latency_ms: int = 0,
    admin_token: str | None = None,
    *,
    out: TextIO | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C), after printing the URLs, the demo app, a token and
    the admin secret (generated unless ``admin_token`` is given).

    A taken port (or unusable host) raises :class:`PortUnavailable`, an ``OSError``; a bad
    option value (unknown user, out-of-bounds number, weak admin token) a ``ValueError``.
    Bugs are logged with their traceback on stderr.
    """
    out = out or sys.stdout
    sandbox = SandboxServer(
        host,
        port,
        db,
        rate_limit=rate_limit,
        auto_approve=auto_approve,
        fail_rate=fail_rate,
        latency_ms=latency_ms,
        admin_token=admin_token,
    )
    handler = log_to(sys.stderr)
    try:
        with sandbox:
            lines = banner(sandbox, db, token=sandbox.mint_token(DEMO_USER))
            try:
                # Inside the try: a Ctrl-C that lands while the banner is still being flushed
                # stops the server as cleanly as one that lands later.
                print("\n".join(lines), file=out, flush=True)
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                print("Flattr sandbox stopped", file=out)
    finally:
        logging.getLogger("flattr_sandbox").removeHandler(handler)
