"""``flattr sandbox``: run the local Flattr server in the foreground.

The sandbox lives in :mod:`flattr_sandbox` and needs Flask, an optional extra; it is
imported only here, when the command runs, so the rest of the CLI works without Flask.
"""

from __future__ import annotations

import sqlite3

import click

from flattr_core.cli.output import note
from flattr_core.cli.params import example

NEEDS_FLASK = "the sandbox needs Flask: pip install 'flattr-suite[sandbox]'"


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
@click.option(
    "--rate-limit",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    metavar="N",
    help="API requests allowed per hour.",
)
@click.option(
    "--fail-rate",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    metavar="F",
    help="Share of API requests answered with a server error (0 to 1).",
)
@click.option(
    "--latency",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="MS",
    help="Delay added to every API answer, in milliseconds.",
)
def sandbox(
    host: str,
    port: int,
    db: str | None,
    auto_approve: str | None,
    rate_limit: int,
    fail_rate: float,
    latency: int,
) -> None:
    """Run a local Flattr server (API, OAuth pages, auto-submit) until Ctrl-C."""
    try:
        import flask  # noqa: F401  (checked first: the sandbox's own import error is less clear)

        import flattr_sandbox as sandbox_module
    except ModuleNotFoundError as exc:
        if exc.name == "flask" or (exc.name or "").startswith("flask."):
            raise click.ClickException(NEEDS_FLASK) from None
        raise
    shown_host = host if ":" not in host else f"[{host}]"
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
