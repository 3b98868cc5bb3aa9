"""OAuth 2 for Flattr: the authorize URL, the callback, and the code -> token exchange.

::

    import flattr_core
    auth = flattr_core.oauth.get()                       # web_url from FLATTR_WEB_URL or keyword
    url = auth.authorize(client_id, ["flattr", "thing"], "http://127.0.0.1:8000/callback")
    # ... the user approves in the browser and comes back to the callback with ?code=...&state=...
    code = auth.parse_callback(callback_url)             # checks state, raises AccessDenied & co
    auth.set_auth(client_id, client_secret)
    token = auth.exchange(code, "http://127.0.0.1:8000/callback").access_token

``token(code, redirect_uri)`` returns the answer as a dict, as the older python-flattr library
did; ``exchange`` returns a typed :class:`~flattr_core.models.AccessToken`. The token call
authenticates the application with HTTP Basic, as the API documents.

``authorize`` adds a random ``state`` (kept as ``auth.state``) so the callback can be checked
with ``check_state``; Flattr's own server was reported not to echo it, the sandbox does.
The client secret and tokens never appear in a repr, a log line or an error message.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import requests

from flattr_core._closing import ClosesTransport
from flattr_core.config import ENV_CLIENT_ID, ENV_CLIENT_SECRET, resolve_web_url
from flattr_core.errors import (
    FlattrError,
    InputError,
    OAuthError,
    OAuthServerError,
    ResponseError,
    StateMismatch,
    oauth_error_class,
)
from flattr_core.models import AccessToken, RateLimit
from flattr_core.transport import RetryPolicy, Transport, decode_json, parse, snippet

__all__ = ["SCOPES", "AuthApi", "get", "parse_scopes"]

#: Every scope Flattr knows (Flattr API docs: Authentication, scopes).
SCOPES: tuple[str, ...] = ("flattr", "thing", "email", "extendedread")
RESPONSE_TYPES = ("code", "token")


def parse_scopes(scope: str | Sequence[str] | None) -> list[str]:
    """Scopes from a list or a space-, comma- or plus-separated string; checked, no repeats."""
    if scope is None:
        return []
    if isinstance(scope, str):
        items = [s for s in re.split(r"[\s,+]+", scope) if s]
    elif isinstance(scope, (list, tuple)) and all(isinstance(s, str) for s in scope):
        items = [s.strip() for s in scope if s.strip()]
    else:
        raise InputError(
            f"scope must be a list like ['flattr', 'thing'] or a string like "
            f"'flattr thing', got {scope!r}"
        )
    unknown = [s for s in items if s not in SCOPES]
    if unknown:
        raise InputError(
            f"unknown scope {', '.join(map(repr, unknown))}; Flattr's scopes are "
            f"{', '.join(SCOPES)}"
        )
    return list(dict.fromkeys(items))


def _check_text(name: str, value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{name} must not be empty: {what}")
    return value.strip()


def _check_redirect_uri(value: Any) -> str:
    uri = _check_text("redirect_uri", value, "give the callback URL registered for the app")
    parts = urlsplit(uri)
    if (
        not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme or "")
        or any(c.isspace() for c in uri)
        or (parts.scheme.lower() in ("http", "https") and not parts.netloc)
    ):
        raise InputError(
            f"redirect_uri must be an absolute URL such as "
            f"'http://127.0.0.1:8000/callback', got {value!r}"
        )
    return uri


def oauth_error(
    response: requests.Response, method: str, url: str, rate_limit: RateLimit | None
) -> FlattrError:
    """The typed error for a failed token request (RFC 6749 §5.2 body, or something odd)."""
    try:
        body = decode_json(response, "an OAuth error")
    except ResponseError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        description = body.get("error_description")
        return oauth_error_class(body["error"])(
            description if isinstance(description, str) else None,
            error=body["error"],
            status=response.status_code,
            response=response,
        )
    kind = response.headers.get("Content-Type", "no content type")
    text = (
        f"HTTP {response.status_code} from {url} with a {kind} body: {snippet(response.content)!r}"
    )
    cls = OAuthServerError if response.status_code >= 500 else OAuthError
    return cls(text, error=None, status=response.status_code, response=response)


class AuthApi(ClosesTransport):
    """The OAuth side of Flattr, on the web host (``/oauth/authorize``, ``/oauth/token``)."""

    def __init__(
        self,
        web_url: str | None = None,
        *,
        timeout: float | tuple[float, float] = 10.0,
        max_retries: int = 3,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.web_url = resolve_web_url(web_url)
        self.authorize_endpoint = f"{self.web_url}/oauth/authorize"
        self.token_endpoint = f"{self.web_url}/oauth/token"
        self.transport = Transport(
            self.web_url,
            None,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            session=session,
        )
        #: The state sent by the last ``authorize`` call; ``check_state`` compares against it.
        self.state: str | None = None
        #: The redirect URI of the last ``authorize`` call.
        self.redirect_uri: str | None = None
        self._client_id: str | None = None
        self._client_secret: str | None = None

    def __repr__(self) -> str:
        app = f" client {self._client_id!r}" if self._client_id else ""
        return f"<AuthApi {self.web_url}{app}>"

    # -- step 1: send the user to Flattr -----------------------------------------------------

    def authorize(
        self,
        client_id: str,
        scope: str | Sequence[str] | None,
        redirect_uri: str,
        response_type: str = "code",
        state: str | None = None,
    ) -> str:
        """The URL to open in the user's browser. No request is made.

        A random ``state`` is added when none is given; it is kept as ``self.state``.
        """
        client = _check_text(
            "client_id",
            client_id,
            f"give the client id of your Flattr application (or set {ENV_CLIENT_ID})",
        )
        scopes = parse_scopes(scope)
        uri = _check_redirect_uri(redirect_uri)
        if response_type not in RESPONSE_TYPES:
            raise InputError(f"response_type must be 'code' or 'token', got {response_type!r}")
        if state is None:
            state = secrets.token_urlsafe(24)
        state = _check_text("state", state, "leave it out to get a random one")
        params = {"response_type": response_type, "client_id": client, "redirect_uri": uri}
        if scopes:
            params["scope"] = " ".join(scopes)
        params["state"] = state
        self.state, self.redirect_uri = state, uri
        # %20 between scopes, as the API documents (not '+').
        return f"{self.authorize_endpoint}?{urlencode(params, quote_via=quote)}"

    # -- step 2: the user comes back --------------------------------------------------------

    def check_state(self, received: str | None) -> None:
        """Raise StateMismatch unless ``received`` is the state ``authorize`` sent."""
        if self.state is None:
            raise InputError("no login is in progress: call authorize() before check_state()")
        if not isinstance(received, str) or not hmac.compare_digest(received, self.state):
            what = "no state" if not received else "a different state"
            raise StateMismatch(f"the callback carried {what}")

    def parse_callback(self, callback: str, *, check_state: bool = True) -> str:
        """The ``code`` from the callback URL (or its query string).

        Raises AccessDenied (and the other OAuth errors) when the callback carries ``error``,
        and StateMismatch when ``check_state`` and the state is not ours.
        """
        if not isinstance(callback, str):
            raise InputError(f"callback must be the URL the browser came back to, got {callback!r}")
        query = urlsplit(callback).query if "?" in callback or "://" in callback else callback
        values = {k: v[0] for k, v in parse_qs(query.lstrip("?")).items()}
        if "error" in values:
            raise oauth_error_class(values["error"])(
                values.get("error_description"), error=values["error"]
            )
        if check_state:
            self.check_state(values.get("state"))
        code = values.get("code")
        if not code:
            raise OAuthError(
                "the callback carries neither code nor error; open the authorize URL again",
                error="invalid_request",
            )
        return code

    # -- step 3: trade the code for a token -------------------------------------------------

    def set_auth(self, client_id: str, client_secret: str) -> None:
        """The application's credentials, sent with HTTP Basic on the token call."""
        self._client_id = _check_text(
            "client_id", client_id, "give the client id of your Flattr application"
        )
        self._client_secret = _check_text(
            "client_secret", client_secret, "give the client secret of your Flattr application"
        )

    def _credentials(self) -> tuple[str, str]:
        client_id = self._client_id or os.environ.get(ENV_CLIENT_ID, "").strip()
        secret = self._client_secret or os.environ.get(ENV_CLIENT_SECRET, "").strip()
        if not client_id or not secret:
            raise InputError(
                f"the token call needs the application's credentials: call "
                f"set_auth(client_id, client_secret) or set {ENV_CLIENT_ID} and "
                f"{ENV_CLIENT_SECRET}"
            )
        return client_id, secret

    def token(
        self, code: str, redirect_uri: str, grant_type: str = "authorization_code"
    ) -> dict[str, Any]:
        """Trade the callback's ``code`` for a token; the answer as a dict (``access_token``).

        ``redirect_uri`` must be the one given to ``authorize``. Codes are single-use, so a
        failed exchange is only repeated when the request surely never reached the server.
        """
        code = _check_text("code", code, "pass the code from the callback URL")
        uri = _check_redirect_uri(redirect_uri)
        grant = _check_text("grant_type", grant_type, "use 'authorization_code'")
        response = self.transport.request(
            "POST",
            self.token_endpoint,
            data={"code": code, "grant_type": grant, "redirect_uri": uri},
            auth=self._credentials(),
            retry="unsent",
            error_factory=oauth_error,
        )
        answer = parse(response, "an access token", _token_answer)
        return answer

    def exchange(self, code: str, redirect_uri: str) -> AccessToken:
        """Like ``token`` but typed: an AccessToken (``token_type`` lower-cased)."""
        return AccessToken.from_dict(self.token(code, redirect_uri))


def _token_answer(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ResponseError(
            f"expected a JSON object with access_token, received {type(data).__name__}"
        )
    if isinstance(data.get("error"), str):  # some servers said 200 and put the error inside
        description = data.get("error_description")
        raise oauth_error_class(data["error"])(
            description if isinstance(description, str) else None, error=data["error"]
        )
    token = AccessToken.from_dict(data)  # checks access_token is there
    if token.token_type != "bearer":
        raise ResponseError(
            f"the server issued a {token.token_type!r} token; this client only speaks Bearer tokens"
        )
    return dict(data)


def get(
    web_url: str | None = None,
    *,
    timeout: float | tuple[float, float] = 10.0,
    max_retries: int = 3,
    retry: RetryPolicy | None = None,
    session: requests.Session | None = None,
) -> AuthApi:
    """The OAuth helper; ``web_url`` defaults to FLATTR_WEB_URL, then https://flattr.com."""
    return AuthApi(web_url, timeout=timeout, max_retries=max_retries, retry=retry, session=session)
