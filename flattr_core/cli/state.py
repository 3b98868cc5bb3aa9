"""What every ``flattr`` subcommand shares: the global options and how they become a client.

The rule for URLs lives in :mod:`flattr_core.config` and the one for the token in
:mod:`flattr_core.tokens` (option, then environment, then the ``flattr login`` store); this
module only turns their failures into command-line errors, passes on the token store's
warnings, and remembers the token so that error messages can be scrubbed of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from flattr_core import config
from flattr_core.cli.output import note
from flattr_core.tokens import TokenStore, resolve_token

if TYPE_CHECKING:
    from flattr_core.api import FlattrApi
    from flattr_core.transport import RetryPolicy


#: Where `flattr sandbox` serves its API when started without options, named in hints.
SANDBOX_API_URL = "http://127.0.0.1:8765/rest/v2"

#: Longest wait for a rate-limit window to reset before giving up. The client waits up to a
#: minute by default; a person at a terminal is better told when it resets than left waiting.
MAX_RATE_LIMIT_WAIT = 5.0


def retry_policy() -> RetryPolicy:
    """The client's retry policy, with only short rate-limit waits and no retry of a refused
    connection: nothing listens at that address (a sandbox not started, a wrong port), and the
    person at the terminal should hear so at once. Timeouts and dropped connections retry."""
    from flattr_core.transport import RetryPolicy

    return RetryPolicy(max_rate_limit_wait=MAX_RATE_LIMIT_WAIT, retry_refused=False)


def closed_service_hint() -> str:
    """What to do instead of using the default API URL, whose service is gone."""
    return (
        "Flattr's own service closed in 2023: run `flattr sandbox` and use "
        f"--api-url {SANDBOX_API_URL}, or point --api-url / {config.ENV_API_URL} at a "
        "compatible server"
    )


@dataclass
class CliState:
    """The global options of one ``flattr`` invocation (stored as ``ctx.obj``)."""

    api_url_option: str | None = None
    web_url_option: str | None = None
    token_option: str | None = field(default=None, repr=False)
    json: bool = False
    #: The scope the running command needs, named in "missing scope" errors.
    scope: str | None = None
    #: What the running command acts on ("thing 42"), named in error messages.
    subject: str | None = None
    #: Every token this run has seen; error output is scrubbed of them.
    secrets: set[str] = field(default_factory=set, repr=False)

    def api_url(self) -> str:
        try:
            return config.resolve_api_url(self.api_url_option)
        except config.ConfigError as exc:
            raise click.ClickException(f"{exc}; fix --api-url or {config.ENV_API_URL}") from None

    def on_closed_service(self) -> bool:
        """Whether this run talks to Flattr's own API URL (the default), closed since 2023."""
        try:
            return config.resolve_api_url(self.api_url_option) == config.DEFAULT_API_URL
        except config.ConfigError:
            return False

    def web_url(self) -> str:
        try:
            return config.resolve_web_url(self.web_url_option, self.api_url())
        except config.ConfigError as exc:
            raise click.ClickException(f"{exc}; fix --web-url or {config.ENV_WEB_URL}") from None

    def token(self, *, required: bool) -> str | None:
        """The token to send, or None; with ``required``, a missing token is an error."""
        store = TokenStore()
        try:
            token = resolve_token(self.token_option, self.api_url(), store=store)
        except config.ConfigError as exc:  # a damaged token store: its message says what to do
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(
                f"could not read the token store: {exc.strerror or exc}; check that "
                f"{config.ENV_CONFIG_DIR} or the config directory is readable"
            ) from None
        for warning in store.warnings:
            note(f"Warning: {warning}")
        if token:
            self.secrets.add(token)
            return token
        if required:
            if self.on_closed_service():
                raise click.ClickException(
                    f"not logged in to {self.api_url()}; {closed_service_hint()}"
                )
            raise click.ClickException(
                f"not logged in to {self.api_url()}: run `flattr login`, "
                f"or pass --token / set {config.ENV_TOKEN}"
            )
        return None

    def client(self, *, auth: bool = True, scope: str | None = None) -> FlattrApi:
        """A client for the chosen server; ``auth`` commands need a token, others use one if any.

        ``scope`` names the OAuth scope the command needs, so an ``insufficient_scope`` answer
        can say which one to log in with.
        """
        import flattr_core.api  # late: `flattr --help` and `flattr sandbox` need no client

        if scope:
            self.scope = scope
        token = self.token(required=auth)
        return flattr_core.api.get(
            token, api_url=self.api_url(), web_url=self.web_url(), retry=retry_policy()
        )


def state() -> CliState:
    """The CliState of the running command."""
    return click.get_current_context().ensure_object(CliState)


def about(subject: str) -> None:
    """Name what the command is acting on, for its error messages."""
    state().subject = subject


def thing_client(thing_id: str, scope: str) -> FlattrApi:
    """A client with a token for a command acting on one thing, which its errors then name."""
    about(f"thing {thing_id}")
    return state().client(auth=True, scope=scope)


def wants_json(local_flag: bool) -> bool:
    """``--json`` given to the command itself or to ``flattr`` before it."""
    return local_flag or state().json
