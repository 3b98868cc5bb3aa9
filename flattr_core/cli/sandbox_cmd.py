"""``flattr sandbox``: run the local Flattr server in the foreground.

The sandbox lives in :mod:`flattr_sandbox` and needs Flask, an optional extra; it is
imported only here, when the command runs, so the rest of the CLI works without Flask.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

import click

from flattr_core.cli.output import note
from flattr_core.cli.params import example

FC = TypeVar("FC", bound=Callable[..., object])

NEEDS_FLASK = "the sandbox needs Flask: pip install 'flattr-suite[sandbox]'"
ADMIN_TOKEN_ENV = "FLATTR_SANDBOX_ADMIN_TOKEN"
#: flattr_sandbox.limits.MAX_LATENCY_MS, repeated because the client's modules never import the
#: sandbox when they load (a test keeps the two equal).
MAX_LATENCY_MS = 60_000


def _figure(
    name: str, kind: click.IntRange | click.FloatRange, default: float, metavar: str, help: str
) -> Callable[[FC], FC]:
    """An option for one of the sandbox's numbers, its default shown in ``--help``."""
    return click.option(
        name, type=kind, default=default, show_default=True, metavar=metavar, help=help
    )


@click.command(epilog=example("flattr sandbox --auto-approve alice --db sandbox.sqlite"))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any)."
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, writable=True),
    help="SQLite file to keep data in (default: in memory, gone on exit).",
)
@click.option(
    "--auto-approve",
    metavar="USERNAME",
    help="Approve every OAuth request as this user, without showing the approval page.",
)
@_figure("--rate-limit", click.IntRange(min=1), 1000, "N", "API requests allowed per hour.")
@_figure(
    "--fail-rate",
    click.FloatRange(0.0, 1.0),
    0.0,
    "F",
    "Share of API requests answered with a server error (0 to 1).",
)
@_figure(
    "--latency",
    click.IntRange(0, MAX_LATENCY_MS),
    0,
    "MS",
    f"Delay added to every API answer, in milliseconds (at most {MAX_LATENCY_MS}).",
)
@click.option(
    "--admin-token",
    envvar=ADMIN_TOKEN_ENV,
    metavar="SECRET",
    help="Secret the /_sandbox/ admin routes answer to (header X-Sandbox-Admin-Token; "
    f"at least 16 characters; also ${ADMIN_TOKEN_ENV}). Default: a new one, printed at start.",
)
def sandbox(
    host: str,
    port: int,
    db: str | None,
    auto_approve: str | None,
    rate_limit: int,
    fail_rate: float,
    latency: int,
    admin_token: str | None,
) -> None:
    """Run a local Flattr server (API, OAuth pages, auto-submit) until Ctrl-C.

    A development server: keep it on 127.0.0.1 (the default) unless the network is trusted.
    """
    try:
        import flask  # noqa: F401  (checked first: the sandbox's own import error is less clear)

        import flattr_sandbox as sandbox_module
    except ModuleNotFoundError as exc:
        if exc.name == "flask" or (exc.name or "").startswith("flask."):
            raise click.ClickException(NEEDS_FLASK) from None
        raise
    from flattr_sandbox.addresses import is_loopback

    shown_host = host if ":" not in host else f"[{host}]"
    if not is_loopback(host):
        note(
            f"WARNING: --host {host} is not loopback: other machines can reach this sandbox "
            "and use its pages as any seeded user; only the admin routes are protected"
        )
    if port:
        # The sandbox prints its own banner; this is the line to paste into the other terminal.
        note(f"In another terminal: export FLATTR_API_URL=http://{shown_host}:{port}/rest/v2")
    try:
        sandbox_module.run(
            host=host,
            port=port,
            db=db,
            auto_approve=auto_approve,
            rate_limit=rate_limit,
            fail_rate=fail_rate,
            latency_ms=latency,
            admin_token=admin_token,
        )
    except ValueError as exc:
        # The sandbox refuses bad option values (an unknown --auto-approve user, a --fail-rate
        # outside 0..1) with a message that already names the value and the choices.
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(
            f"could not start the sandbox on {host}:{port}: {exc.strerror or exc}; "
            "try another --port"
        ) from None
    except sqlite3.Error as exc:
        # e.g. --db in a folder that does not exist, or a file that is not a SQLite database
        raise click.ClickException(
            f"could not open --db {db}: {exc}; "
            "pass a writable path (a new file, or one an earlier sandbox wrote)"
        ) from None
    except KeyboardInterrupt:
        note("Sandbox stopped.")
