"""Who may reach what: the admin secret, the ``Host`` header, same-origin forms, framing.

The sandbox is a development server, but it still holds tokens and answers on a port any
local program (and, bound to ``0.0.0.0``, any machine on the network) can reach, and any web
page a developer opens can make their browser send requests to it. So:

- ``/_sandbox/`` admin routes need the admin secret in the ``X-Sandbox-Admin-Token`` header
  (compared in constant time). It is generated at start unless given (``--admin-token``); a
  browser cannot add that header to a cross-site request without a CORS preflight, which the
  admin routes never approve.
- Bound to a loopback address, only loopback host names (``localhost``, ``127.0.0.1``,
  ``[::1]``) and the bound address are accepted in ``Host``, which defeats DNS rebinding; links
  in answers always carry the configured base URL. Bound elsewhere, any well-formed ``Host``
  is accepted and reflected (the sandbox cannot know the names a network uses for it).
- The web pages' state-changing forms (OAuth approval, flattr) carry a CSRF token bound to
  the browser's session cookie, and their POSTs are refused when ``Origin`` (or, without it,
  ``Referer``) names another site.
- Every non-API answer forbids framing (``X-Frame-Options: DENY``,
  ``frame-ancestors 'none'``), so no page can be overlaid to trick a click on "Approve".
"""

from __future__ import annotations

import functools
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Response, g, request

from .addresses import is_loopback
from .errors import UNAUTHORIZED_URI, ApiError, forbidden
from .limits import MIN_ADMIN_TOKEN

ADMIN_HEADER = "X-Sandbox-Admin-Token"
ADMIN_CHALLENGE = f'SandboxAdmin header="{ADMIN_HEADER}"'
SESSION_COOKIE = "sandbox_session"
CSRF_FIELD = "csrf_token"
FRAME_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}
#: ``name``, ``name:port``, ``[v6]`` or ``[v6]:port``; nothing else is a Host header.
_HOST = re.compile(
    r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})))"
    r"(?::(?P<port>[0-9]{1,5}))?"
)
_SESSION = re.compile(r"[A-Za-z0-9_-]{32,64}")
_ADMIN_TOKEN = re.compile(r"[!-~]+")  # visible ASCII: it travels in a header

View = TypeVar("View", bound=Callable[..., Response])


def new_admin_token() -> str:
    return secrets.token_urlsafe(24)


def checked_admin_token(value: str) -> str:
    """``value`` if it can serve as the admin secret, else ValueError saying what would."""
    if len(value) < MIN_ADMIN_TOKEN or not _ADMIN_TOKEN.fullmatch(value):
        raise ValueError(
            f"the admin token must be at least {MIN_ADMIN_TOKEN} visible ASCII characters "
            "with no spaces (leave --admin-token out to have one generated)"
        )
    return value


def _host_name(header: str) -> str | None:
    """The host part of a ``Host`` value, or None if the value is malformed."""
    match = _HOST.fullmatch(header)
    if match is None or (match["port"] and int(match["port"]) > 65535):
        return None
    return (match["v6"] or match["name"]).lower()


@dataclass(frozen=True)
class Access:
    """The secrets and the address of one running sandbox.

    ``port`` is None for an app served by something else (Flask's test client): the host name
    check still applies, links then use the request's (accepted) host.
    """

    admin_token: str = field(default_factory=new_admin_token, repr=False)
    host: str = "127.0.0.1"
    port: int | None = None
    csrf_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @functools.cached_property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @functools.cached_property
    def base_url(self) -> str | None:
        """The configured base URL links carry (None: reflect the accepted Host)."""
        if self.port is None or not self.loopback:
            return None
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}"

    def where(self) -> str:
        return self.base_url or f"http://{request.host}"

    # -- Host ------------------------------------------------------------------------------
    def check_host(self) -> None:
        header = request.environ.get("HTTP_HOST", "")
        name = _host_name(header)
        if name is not None and (
            not self.loopback or is_loopback(name) or name == self.host.strip("[]").lower()
        ):
            return
        base = self.base_url or "a loopback address"
        raise ApiError(
            400,
            "invalid_request",
            f"Host {header[:100]!r} is not one this sandbox answers to: it listens on "
            f"{self.host} only, so use {base} (or localhost); other names are refused "
            "to defeat DNS rebinding",
        )

    # -- same origin -----------------------------------------------------------------------
    def foreign_origin(self) -> str | None:
        """The ``Origin`` (or ``Referer``) of this request if it names another site."""
        own = f"{request.scheme}://{request.host}".lower()
        origin = request.headers.get("Origin")
        if origin is not None:
            return None if origin.lower() == own else origin
        referer = request.headers.get("Referer")
        if referer:
            parts = urlsplit(referer)
            if f"{parts.scheme}://{parts.netloc}".lower() != own:
                return referer
        return None

    # -- admin -----------------------------------------------------------------------------
    def check_admin(self) -> None:
        foreign = self.foreign_origin()
        if foreign is not None:
            raise forbidden(
                f"Origin {foreign[:100]!r} may not call the admin routes: they answer only "
                "to scripts and tools, never to web pages"
            )
        given = request.headers.get(ADMIN_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.admin_token.encode()):
            raise ApiError(
                401,
                "unauthorized",
                f"The /_sandbox/ admin routes need the sandbox's admin secret in the "
                f"{ADMIN_HEADER} header: `flattr sandbox` prints it at start (fix it with "
                "--admin-token), SandboxServer.admin_headers holds it",
                UNAUTHORIZED_URI,
                # The challenge says what is missing; `flattr login` also reads it to tell a
                # sandbox from other servers without knowing the secret.
                headers={"WWW-Authenticate": ADMIN_CHALLENGE},
            )

    # -- CSRF ------------------------------------------------------------------------------
    def session_id(self) -> str:
        """This browser's session id (a new one is set as a cookie on the answer)."""
        found: str | None = g.get("sandbox_session")
        if found is None:
            cookie = request.cookies.get(SESSION_COOKIE, "")
            if _SESSION.fullmatch(cookie):
                found = cookie
            else:
                found = g.new_sandbox_session = secrets.token_urlsafe(32)
            g.sandbox_session = found
        return found

    def csrf_token(self) -> str:
        """The form token for this browser's session (templates put it in every form)."""
        return hmac.new(self.csrf_key, self.session_id().encode(), sha256).hexdigest()

    def forged_form(self) -> str | None:
        """Why this form POST is refused, or None when it comes from our own page."""
        foreign = self.foreign_origin()
        if foreign is not None:
            return f"it was sent from another site ({foreign[:100]})"
        cookie = request.cookies.get(SESSION_COOKIE, "")
        given = request.form.get(CSRF_FIELD, "")
        if not _SESSION.fullmatch(cookie) or not given:
            return "it carries no form token of this browser's session"
        expected = hmac.new(self.csrf_key, cookie.encode(), sha256).hexdigest()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return "its form token does not belong to this browser's session"
        return None

    def finish(self, response: Response) -> Response:
        """Set a new session cookie if one was made; forbid framing of non-API answers."""
        new = g.get("new_sandbox_session")
        if new is not None:
            response.set_cookie(SESSION_COOKIE, new, httponly=True, samesite="Lax")
        if not request.path.startswith("/rest/v2"):
            for name, value in FRAME_HEADERS.items():
                response.headers.setdefault(name, value)
        return response


def same_origin_form(view: View) -> View:
    """Refuse (403 page) a POST to ``view`` that did not come from the sandbox's own form."""

    @functools.wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Response:
        # Late imports: both modules import this one.
        from .oauth import html_page
        from .state import current

        why = current().access.forged_form()
        if why is not None:
            return html_page(
                403,
                "Request refused (403)",
                f"This form was refused: {why}. Open the page on the sandbox again and "
                "submit it from there.",
            )
        return view(*args, **kwargs)

    return checked  # type: ignore[return-value]
