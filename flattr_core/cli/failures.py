"""Expected failures become one line on stderr (``Error: ...``, exit 1) that says what to do.

Every :class:`~flattr_core.errors.FlattrError` the client raises is translated here, in one
place, so each command stays a few lines of "call the client, print the result". Usage errors
stay click's (exit 2). Whatever the message, every token this run has seen is scrubbed from it.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import click

from flattr_core import config, errors
from flattr_core._redact import redact
from flattr_core.cli.output import clock
from flattr_core.cli.params import OrderedGroup
from flattr_core.cli.state import CliState, closed_service_hint
from flattr_core.tokens import TokenStore

#: The hint flattr_core.transport ends a "not JSON" ResponseError with (replaced by ours).
_CLIENT_URL_HINT = "Is FLATTR_API_URL pointing at a Flattr API?"


def _said(exc: errors.FlattrError) -> str:
    """The server's own words, when it gave any."""
    description = getattr(exc, "description", None)
    return description.strip() if isinstance(description, str) and description.strip() else ""


def _with_said(message: str, exc: errors.FlattrError) -> str:
    said = _said(exc)
    return f"{message} (server said: {said})" if said else message


def _scope_hint(st: CliState) -> str:
    if st.scope:
        return f"log in again with that scope: `flattr login --scope {st.scope}`"
    return "log in again with the needed scope: `flattr login --scope ...`"


def _reset_hint(rate_limit: Any) -> str:
    reset = getattr(rate_limit, "reset", None)
    limit = getattr(rate_limit, "limit", None)
    per = ""
    if isinstance(limit, int):
        per = f" of {limit} request{'' if limit == 1 else 's'} per hour"
    if isinstance(reset, int) and reset > 0:
        return f"rate limit{per} reached: it resets at {clock(reset)}; try again then"
    return f"rate limit{per} reached: wait for the hourly window to reset and try again"


def describe(exc: errors.FlattrError, st: CliState) -> str:
    """The one-line message for a client error, naming what to do next.

    On the default API URL every failure also says that Flattr's service is gone and where to
    point the command instead: that, not the error itself, is what the user needs to hear.
    """
    message = _describe(exc, st)
    if st.on_closed_service() and not isinstance(exc, errors.InputError):
        return f"{message}; {closed_service_hint()}"
    return message


def _refused_hint(exc: errors.TransportError) -> str:
    where = urlsplit(exc.url).netloc if exc.url else "that address"
    return (
        f"could not connect (connection refused: nothing listens at {where}); is "
        f"`flattr sandbox` running? Start it, or fix --api-url / {config.ENV_API_URL}"
    )


def _describe(exc: errors.FlattrError, st: CliState) -> str:
    subject = f"{st.subject}: " if st.subject else ""
    if isinstance(exc, errors.TransportError):
        # The client's message already names method, URL and cause; its advice mentions only
        # the environment variable, so it is replaced by one naming the option too.
        what = str(exc).split("; check", 1)[0]
        if st.on_closed_service():
            return what  # describe() adds where to go instead
        from flattr_core.transport import connection_refused  # late: it loads requests

        if connection_refused(exc):
            return f"{exc.method} {exc.url} failed: {_refused_hint(exc)}"
        return f"{what}; check the network and --api-url / {config.ENV_API_URL}"
    if isinstance(exc, errors.RateLimitExceeded):
        return _reset_hint(exc.rate_limit)
    if isinstance(exc, errors.InsufficientScope):
        return _with_said(f"{subject}the token lacks the scope this needs; {_scope_hint(st)}", exc)
    if isinstance(exc, errors.InvalidScope):
        return _with_said(
            "the server does not know a requested scope; use flattr, thing, email, extendedread",
            exc,
        )
    if isinstance(exc, errors.NoMeans):
        return _with_said(f"{subject}your account has no means to flattr with; add funds", exc)
    if isinstance(exc, errors.Unauthorized):
        return _with_said(
            "the server refused the token (unauthorized): log in again with `flattr login`, "
            f"or pass a valid --token / {config.ENV_TOKEN}",
            exc,
        )
    if isinstance(exc, errors.FlattrOnce):
        return f"{subject}you already flattred this in the current period"
    if isinstance(exc, errors.FlattrOwner):
        return f"{subject}you cannot flattr your own thing"
    if isinstance(exc, errors.ThingOwner):
        return f"{subject}you cannot subscribe to your own thing"
    if isinstance(exc, errors.AlreadySubscribed):
        return f"{subject}you are already subscribed; `flattr subscriptions list` shows them"
    if isinstance(exc, errors.Forbidden):
        return _with_said(
            f"{subject}not allowed (forbidden): only the owner can change or delete a thing", exc
        )
    if isinstance(exc, errors.NotFound):
        return _with_said(f"{subject}not found", exc)
    if isinstance(exc, errors.ValidationError):
        return _with_said(f"{subject}the server rejected the data; fix it and retry", exc)
    if isinstance(exc, (errors.InvalidRequest, errors.InvalidParameters)):
        return _with_said(f"{subject}the server rejected the request", exc)
    if isinstance(exc, errors.ServerError):
        return _with_said(f"{subject}the server failed; try again later", exc)
    if isinstance(exc, errors.ResponseError):
        # The client may already end with its own FLATTR_API_URL hint: one hint, naming both.
        said = str(exc).replace(_CLIENT_URL_HINT, "").rstrip(" .;")
        if st.on_closed_service():
            return f"{subject}unexpected answer from the server: {said}"
        return (
            f"{subject}unexpected answer from the server: {said}; "
            "check that --api-url / FLATTR_API_URL is a Flattr API"
        )
    if isinstance(exc, errors.OAuthError):
        return f"login failed: {exc}; run `flattr login` again"
    if isinstance(exc, errors.ApiError):
        return f"{subject}{exc}"
    return f"{subject}{exc}"


def known_secrets(st: CliState) -> set[str]:
    """Every token this run could have used, even ones not resolved yet when it failed."""
    found = set(st.secrets)
    from_env = os.environ.get(config.ENV_TOKEN, "").strip()
    if from_env:
        found.add(from_env)
    try:
        stored = TokenStore().load(config.resolve_api_url(st.api_url_option))
    except (config.ConfigError, OSError):
        stored = None
    if stored:
        found.add(stored.access_token)
    return found


def scrub(message: str, secrets: set[str]) -> str:
    """The message on one line, with every known token hidden (:func:`redact`)."""
    return " ".join(redact(message, secrets).split())


class BadInput(click.ClickException):
    """A value the client refused before sending it: like a usage error, exit code 2."""

    exit_code = 2


class FlattrGroup(OrderedGroup):
    """A click group that turns the client's errors into one-line ``Error:`` messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except errors.InputError as exc:
            # The client refused a value before sending it: the input is at fault, as in usage.
            st = ctx.ensure_object(CliState)
            raise BadInput(scrub(describe(exc, st), known_secrets(st))) from None
        except errors.FlattrError as exc:
            st = ctx.ensure_object(CliState)
            raise click.ClickException(scrub(describe(exc, st), known_secrets(st))) from None
        except click.ClickException as exc:
            # Our own messages and click's usage errors: scrub them too, keep their exit code.
            st = ctx.ensure_object(CliState)
            clean = scrub(exc.message, known_secrets(st))
            if clean == " ".join(exc.message.split()):
                raise
            if isinstance(exc, click.UsageError):
                raise click.UsageError(clean, ctx=exc.ctx) from None
            raise click.ClickException(clean) from None
