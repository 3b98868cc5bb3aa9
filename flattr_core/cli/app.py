"""The ``flattr`` command group: global options and the list of subcommands.

Global options go before or after the subcommand: ``flattr --api-url URL things list`` and
``flattr things list --api-url URL`` are the same (given twice, the later one wins); each
subcommand that prints data also takes ``--json`` itself. URLs and the token follow
:mod:`flattr_core.config`: option, then ``FLATTR_*`` variable, then default / token store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import click

from flattr_core import config
from flattr_core._version import __version__
from flattr_core.cli.account import login, logout, whoami
from flattr_core.cli.actions import subscriptions, support
from flattr_core.cli.failures import FlattrGroup, scrub
from flattr_core.cli.feed import feed
from flattr_core.cli.output import EchoHandler
from flattr_core.cli.params import example
from flattr_core.cli.reference import categories, languages, rate_limit
from flattr_core.cli.sandbox_cmd import sandbox
from flattr_core.cli.state import CliState
from flattr_core.cli.things import things


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A bad --api-url / --web-url is a usage error, caught before any request."""
    if value is None:
        return None
    try:
        return config.resolve_api_url(value)  # the same check for both: absolute http(s)
    except config.ConfigError:
        example = config.DEFAULT_WEB_URL if param.name == "web_url" else config.DEFAULT_API_URL
        raise click.BadParameter(
            f"{value!r} is not an absolute http(s) URL (such as {example})"
        ) from None


Callback = Callable[[click.Context, click.Parameter, Any], None]
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _late_api_url(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    url = _base_url(ctx, param, value)
    if url is not None:
        ctx.ensure_object(CliState).api_url_option = url


def _late_web_url(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    url = _base_url(ctx, param, value)
    if url is not None:
        ctx.ensure_object(CliState).web_url_option = url


def _late_token(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        st = ctx.ensure_object(CliState)
        st.token_option = value
        st.secrets.add(value)


def _late_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _route_client_logging(ctx.ensure_object(CliState), True)


def _late_global_options() -> list[click.Option]:
    """The global options again, for after a subcommand (``flattr whoami --api-url URL``).

    They are hidden there (``flattr --help`` lists them once) and set the same shared state
    the group's options set, so a value given after the subcommand wins over one before it.
    """

    def hidden(decls: list[str], callback: Callback, *, flag: bool = False) -> click.Option:
        return click.Option(decls, is_flag=flag, callback=callback, hidden=True, expose_value=False)

    return [
        hidden(["--api-url"], _late_api_url),
        hidden(["--web-url"], _late_web_url),
        hidden(["--token"], _late_token),
        hidden(["--verbose", "-v"], _late_verbose, flag=True),
    ]


def _accept_global_options(command: click.Command) -> None:
    """Give every subcommand that talks to a server the global options too."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_global_options(sub)
        return
    command.params.extend(_late_global_options())


@click.group(
    "flattr",
    cls=FlattrGroup,
    context_settings=CONTEXT_SETTINGS,
    epilog=example(
        "flattr sandbox                          # in one terminal",
        "export FLATTR_API_URL=http://127.0.0.1:8765/rest/v2",
        "flattr login",
        "flattr things list",
    ),
)
@click.option(
    "--api-url",
    metavar="URL",
    callback=_base_url,
    help="REST API base URL (or FLATTR_API_URL; default https://api.flattr.com/rest/v2).",
)
@click.option(
    "--web-url",
    metavar="URL",
    callback=_base_url,
    help="Web base URL for OAuth pages (or FLATTR_WEB_URL; default: from --api-url).",
)
@click.option(
    "--token",
    metavar="TOKEN",
    help="Access token (or FLATTR_ACCESS_TOKEN; default: the one `flattr login` stored).",
)
@click.option("--json", "as_json", is_flag=True, help="Print data as JSON (for scripts).")
@click.option(
    "--verbose", "-v", is_flag=True, help="Show retries and other progress of the client on stderr."
)
@click.version_option(__version__, "--version", "-V", prog_name="flattr")
@click.pass_context
def cli(
    ctx: click.Context,
    api_url: str | None,
    web_url: str | None,
    token: str | None,
    as_json: bool,
    verbose: bool,
) -> None:
    """Use Flattr from a terminal: log in once, then manage things, flattrs and subscriptions.

    Start with `flattr login`. Try everything locally first: `flattr sandbox` runs a Flattr
    server on your machine, then use --api-url http://127.0.0.1:8765/rest/v2.

    These options may also follow the subcommand, as in `flattr whoami -v`.
    """
    st = ctx.ensure_object(CliState)
    st.api_url_option = api_url
    st.web_url_option = web_url
    st.token_option = token
    st.json = as_json
    if token:
        st.secrets.add(token)
    _route_client_logging(st, verbose)


def _route_client_logging(st: CliState, verbose: bool) -> None:
    """The client logs retries as warnings. Without a handler Python would print them raw on
    stderr, breaking the one-line error rule; they are shown (scrubbed) only with --verbose."""
    logger = logging.getLogger("flattr_core")
    for handler in list(logger.handlers):
        if isinstance(handler, (EchoHandler, logging.NullHandler)):
            logger.removeHandler(handler)  # left by an earlier run in the same process (tests)
    if verbose:
        logger.addHandler(EchoHandler(lambda text: scrub(text, st.secrets)))
        logger.setLevel(logging.INFO)
    else:
        logger.addHandler(logging.NullHandler())
        logger.setLevel(logging.NOTSET)


for command in (
    login,
    logout,
    whoami,
    things,
    support,
    subscriptions,
    feed,
    categories,
    languages,
    rate_limit,
    sandbox,
):
    if command is not sandbox:  # the sandbox is a server, not a client of one
        _accept_global_options(command)
    cli.add_command(command)


def main() -> None:
    """Console entry point (``flattr``)."""
    cli.main(prog_name="flattr")
