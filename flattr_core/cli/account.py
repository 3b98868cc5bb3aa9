"""``flattr login``, ``logout`` and ``whoami``: getting, dropping and checking a token.

Login is the OAuth authorization-code flow (Flattr API docs: Authentication): the authorize page in
a browser, the redirect back to a one-shot server on 127.0.0.1 (or a pasted address with
``--no-browser``), a ``state`` check, the code exchanged with HTTP Basic client credentials, then
the token stored per API URL in the 0600 token store. Without a client id the sandbox's demo app is
used: it exists only on the sandbox (``flattr sandbox``), so it is refused for any other server.
Before the browser opens, :mod:`~flattr_core.cli.preflight` checks that the server answers.
"""

from __future__ import annotations

import os
import threading
import webbrowser
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from flattr_core import config, errors
from flattr_core.cli import preflight
from flattr_core.cli.failures import BadInput
from flattr_core.cli.output import echo_fields, echo_json, note
from flattr_core.cli.params import example, json_option
from flattr_core.cli.state import CliState, retry_policy, state, wants_json
from flattr_core.tokens import StoredToken, TokenStore

if TYPE_CHECKING:
    from flattr_core.cli.oauth_flow import Redirect
    from flattr_core.oauth import AuthApi

DEMO_CLIENT_ID = "sandbox-demo"
DEMO_CLIENT_SECRET = "sandbox-demo-secret"
SCOPES = ("flattr", "thing", "email", "extendedread")
DEFAULT_TIMEOUT = 300.0


def _parse_scopes(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> tuple[str, ...]:
    """``--scope flattr --scope thing``, ``--scope "flattr thing"`` or ``--scope flattr,thing``."""
    scopes: list[str] = []
    for value in values:
        for scope in value.replace(",", " ").replace("+", " ").split():
            if scope not in SCOPES:
                raise click.BadParameter(
                    f"unknown scope {scope!r}; choose from {', '.join(SCOPES)}"
                )
            if scope not in scopes:
                scopes.append(scope)
    return tuple(scopes) if scopes else SCOPES


def _client_credentials(
    st: CliState, client_id: str | None, client_secret: str | None
) -> tuple[str, str]:
    client_id = client_id or os.environ.get(config.ENV_CLIENT_ID) or None
    client_secret = client_secret or os.environ.get(config.ENV_CLIENT_SECRET) or None
    if client_id is None and client_secret is None:
        if st.on_closed_service():
            raise BadInput(preflight.demo_app_refusal(st.api_url()))
        note(f"Using the sandbox demo app '{DEMO_CLIENT_ID}' (it only exists on the sandbox).")
        return DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    if client_id == DEMO_CLIENT_ID and st.on_closed_service():
        raise BadInput(preflight.demo_app_refusal(st.api_url()))
    if not client_id:
        raise click.UsageError(
            f"--client-secret was given without --client-id (or {config.ENV_CLIENT_ID})"
        )
    if not client_secret:
        raise click.UsageError(
            f"--client-id needs the app's secret too: --client-secret or {config.ENV_CLIENT_SECRET}"
        )
    st.secrets.add(client_secret)
    return client_id, client_secret


def _checked_server(st: CliState, client_id: str) -> tuple[str, str]:
    """The API and web URLs to log in with, once the server answered (see ``preflight``)."""
    api_url = preflight.reachable_api_url(st.api_url())
    # Corrected here, the web URL (derived from it) and the token store key follow.
    st.api_url_option = api_url
    web_url = st.web_url()
    if client_id == DEMO_CLIENT_ID:
        if not preflight.is_sandbox(api_url):
            raise BadInput(preflight.demo_app_refusal(api_url))
        if preflight.is_flattr_com(web_url):
            raise BadInput(preflight.web_url_refusal(web_url))
    return api_url, web_url


def _open_browser(url: str) -> None:
    """Open the authorize page without blocking: some browser commands wait until they exit."""

    def run() -> None:
        try:
            opened = webbrowser.open(url)
        except Exception:  # any browser failure is the user's cue to use the printed address
            opened = False
        if not opened:
            note("Could not start a browser: open the address above yourself.")

    threading.Thread(target=run, name="flattr-login-browser", daemon=True).start()


def _wait_in_browser(
    auth: AuthApi, client_id: str, scopes: Sequence[str], timeout: float, web_url: str
) -> tuple[Redirect, str, str | None]:
    # Imported here: its HTTP server costs every other command's start-up.
    from flattr_core.cli.oauth_flow import CallbackServer

    with CallbackServer() as server:
        url = auth.authorize(client_id, list(scopes), server.redirect_uri)
        sent_state: str | None = getattr(auth, "state", None)
        server.expect_state(sent_state)
        note(f"Opening the browser to approve access on {web_url}. If it does not open, visit:")
        note(f"  {url}")
        _open_browser(url)
        redirect = server.wait(timeout)
        if redirect is None:
            raise click.ClickException(
                f"timed out after {timeout:g} s waiting for the approval in the browser; "
                "run `flattr login` again (--timeout SECONDS waits longer; --no-browser lets "
                "you paste the address instead)"
            )
        return redirect, server.redirect_uri, sent_state


def _ask_for_redirect(authorize_url: str) -> str:
    """Show the authorize address and read back what the browser was sent to (tests replace it)."""
    note("Open this address in a browser and approve access:")
    note(f"  {authorize_url}")
    note(
        "The browser is then sent to a 127.0.0.1 address that does not load: copy that address "
        "from the address bar (or just its code) and paste it here."
    )
    try:
        return str(click.prompt("Address or code", err=True, default="", show_default=False))
    except click.Abort:
        raise click.ClickException(
            "no address or code was pasted; run `flattr login --no-browser` again"
        ) from None


def _paste(
    auth: AuthApi, client_id: str, scopes: Sequence[str]
) -> tuple[Redirect, str, str | None]:
    from flattr_core.cli.oauth_flow import CALLBACK_PATH, LOOPBACK, free_port, parse_redirect

    redirect_uri = f"http://{LOOPBACK}:{free_port()}{CALLBACK_PATH}"
    url = auth.authorize(client_id, list(scopes), redirect_uri)
    sent_state: str | None = getattr(auth, "state", None)
    pasted = _ask_for_redirect(url).strip()
    redirect = parse_redirect(pasted)
    if redirect.code and "=" not in pasted:
        # A bare code carries no state to check; the person pasting it is the check.
        return redirect, redirect_uri, None
    return redirect, redirect_uri, sent_state


def _checked_code(redirect: Redirect, sent_state: str | None, *, pasted: bool) -> str:
    if redirect.error:
        if redirect.error == "access_denied":
            raise click.ClickException(
                "access was not approved in the browser (access_denied); run `flattr login` "
                "again and approve"
            )
        detail = f": {redirect.error_description}" if redirect.error_description else ""
        raise click.ClickException(
            f"the authorize page answered {redirect.error}{detail}; run `flattr login` again"
        )
    if not redirect.code:
        what = "the pasted text holds no code" if pasted else "the redirect carried no code"
        raise click.ClickException(f"{what}; run `flattr login` again")
    if sent_state is not None and redirect.state != sent_state:
        raise click.ClickException(
            "the answer did not belong to this login attempt (state mismatch); "
            "run `flattr login` again"
        )
    return redirect.code


def _authorize_and_exchange(
    auth: AuthApi,
    client_id: str,
    client_secret: str,
    scopes: Sequence[str],
    no_browser: bool,
    timeout: float,
    web_url: str,
) -> str:
    """Steps 1-3 of the OAuth flow: approval in a browser, state check, code -> token."""
    if no_browser:
        redirect, redirect_uri, sent_state = _paste(auth, client_id, scopes)
    else:
        redirect, redirect_uri, sent_state = _wait_in_browser(
            auth, client_id, scopes, timeout, web_url
        )
    code = _checked_code(redirect, sent_state, pasted=no_browser)
    auth.set_auth(client_id, client_secret)
    try:
        return auth.exchange(code, redirect_uri).access_token
    except errors.InvalidClient:
        raise click.ClickException(
            "the server refused the app's client id or secret (invalid_client); check "
            f"--client-id/--client-secret or {config.ENV_CLIENT_ID}/{config.ENV_CLIENT_SECRET}"
        ) from None
    except errors.InvalidGrant:
        raise click.ClickException(
            "the server refused the code (invalid_grant: used, expired or for another "
            "redirect address); run `flattr login` again"
        ) from None


@click.command(
    epilog=example(
        "flattr sandbox --auto-approve alice     # in another terminal",
        "flattr login --api-url http://127.0.0.1:8765/rest/v2",
    )
)
@click.option("--client-id", metavar="ID", help=f"OAuth app id (or {config.ENV_CLIENT_ID}).")
@click.option(
    "--client-secret", metavar="SECRET", help=f"OAuth app secret (or {config.ENV_CLIENT_SECRET})."
)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    callback=_parse_scopes,
    metavar="SCOPE",
    help=f"Scope to ask for; repeat or separate with commas. Default: {' '.join(SCOPES)}.",
)
@click.option(
    "--no-browser",
    is_flag=True,
    help="Print the address to open and paste the redirect address (or code) back.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for the approval in the browser.",
)
@json_option
def login(
    client_id: str | None,
    client_secret: str | None,
    scopes: tuple[str, ...],
    no_browser: bool,
    timeout: float,
    as_json: bool,
) -> None:
    """Log in through the browser and store the token for this API URL.

    Without --client-id/--client-secret (or FLATTR_CLIENT_ID/FLATTR_CLIENT_SECRET) the sandbox
    demo app is used, which only exists on `flattr sandbox`.
    """
    import flattr_core.api
    import flattr_core.oauth

    st = state()
    client_id, client_secret = _client_credentials(st, client_id, client_secret)
    api_url, web_url = _checked_server(st, client_id)
    with flattr_core.oauth.get(web_url=web_url, retry=retry_policy()) as auth:
        access_token = _authorize_and_exchange(
            auth, client_id, client_secret, scopes, no_browser, timeout, web_url
        )
    st.secrets.add(access_token)
    with flattr_core.api.get(
        access_token, api_url=api_url, web_url=web_url, retry=retry_policy()
    ) as api:
        user = api.authenticated.get()
    store = TokenStore()
    try:
        store.save(api_url, StoredToken(access_token, username=user.username, scopes=scopes))
    except OSError as exc:
        raise click.ClickException(
            f"could not save the token in {store.path}: {exc.strerror or exc}; "
            f"check that {config.ENV_CONFIG_DIR} or the config directory is writable"
        ) from None
    if wants_json(as_json):
        echo_json(
            {
                "api_url": api_url,
                "username": user.username,
                "scopes": list(scopes),
                "token_file": str(store.path),
            }
        )
        return
    click.echo(f"Logged in to {api_url} as {user.username} (scopes: {' '.join(scopes)}).")
    note(f"Token saved in {store.path} (readable only by you).")
    if store.recovered:
        note(f"The old token store could not be read; it was kept as {store.recovered}.")
    for warning in store.warnings:
        note(f"Warning: {warning}")


@click.command(epilog=example("flattr logout --api-url http://127.0.0.1:8765/rest/v2"))
def logout() -> None:
    """Forget the stored token for this API URL."""
    st = state()
    api_url = st.api_url()
    store = TokenStore()
    try:
        removed = store.delete(api_url)
    except OSError as exc:
        raise click.ClickException(
            f"could not update {store.path}: {exc.strerror or exc}"
        ) from None
    if removed:
        click.echo(f"Logged out of {api_url}: the token was removed from {store.path}.")
        note("The app keeps access until you revoke it in your account settings on the site.")
    else:
        click.echo(f"Not logged in to {api_url}: no stored token.")
    if os.environ.get(config.ENV_TOKEN):
        note(f"{config.ENV_TOKEN} is still set in this shell and will keep being used.")


@click.command(epilog=example("flattr whoami --json"))
@json_option
def whoami(as_json: bool) -> None:
    """Show the user the token belongs to, and its scopes when `flattr login` stored it.

    With --json: the user object, plus "scopes" (a list, or null for a token from --token or
    FLATTR_ACCESS_TOKEN, whose scopes the API does not tell).
    """
    st = state()
    with st.client(auth=True) as api:
        user = api.authenticated.get()
    stored = TokenStore().load(st.api_url())
    if stored and stored.access_token != st.token(required=False):
        stored = None  # the token came from --token or the environment: its scopes are unknown
    if wants_json(as_json):
        # The user object as the API sends it, plus the token's scopes (null when unknown).
        echo_json({**user.to_dict(), "scopes": list(stored.scopes) if stored else None})
        return
    name = " ".join(part for part in (user.firstname, user.lastname) if part)
    echo_fields(
        [
            ("User", user.username),
            ("Name", name),
            ("Email", getattr(user, "email", None)),
            ("Web", user.url),
            ("Profile", user.link),
            ("Server", st.api_url()),
            ("Scopes", " ".join(stored.scopes) if stored else None),
        ]
    )
