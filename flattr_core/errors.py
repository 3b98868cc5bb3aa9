"""Every error the client raises, in one tree, chosen from one table.

::

    FlattrError                     base of everything below
    ├── InputError                  bad input from *you* (also a ValueError and a TypeError)
    ├── TransportError              connection failures and timeouts (.url, .method)
    ├── ResponseError               unreadable, truncated or oddly typed answer (.received)
    ├── FeedError                   a feed that cannot be fetched or read (.source)
    ├── ApiError                    the API answered with an error
    │   │                           (.status, .code, .description, .uri, .response, .rate_limit)
    │   ├── BadRequest              400 with an unknown code
    │   │   ├── InvalidRequest              invalid_request
    │   │   ├── InvalidParameters           invalid_parameters
    │   │   └── ValidationError             validation
    │   │       └── ThingExists             validation, "... already exists"
    │   ├── Unauthorized            401 unauthorized (no token, bad token)
    │   ├── NoMeans                 401 no_means / no_money (alias NoMoney)
    │   ├── Forbidden               403 forbidden, or 403 with an unknown code
    │   │   ├── RateLimitExceeded           rate_limit_exceeded (also HTTP 429)
    │   │   ├── InvalidScope                invalid_scope
    │   │   ├── InsufficientScope           insufficient_scope
    │   │   ├── FlattrOnce                  flattr_once
    │   │   ├── FlattrOwner                 flattr_owner
    │   │   ├── ThingOwner                  thing_owner
    │   │   └── AlreadySubscribed           subscribed
    │   ├── NotFound                404 not_found
    │   ├── MethodNotAllowed        405 (the server refuses PATCH: the client falls back)
    │   ├── NotAcceptable           406 not_acceptable
    │   └── ServerError             5xx, server_error
    └── OAuthError                  the OAuth endpoints or callback (.error, .description)
        ├── OAuthInvalidRequest     invalid_request
        ├── InvalidClient           invalid_client (wrong client id or secret)
        ├── InvalidGrant            invalid_grant (code used, expired or for another redirect URI)
        ├── UnauthorizedClient      unauthorized_client
        ├── UnsupportedGrantType    unsupported_grant_type
        ├── UnsupportedResponseType unsupported_response_type
        ├── OAuthInvalidScope       invalid_scope
        ├── AccessDenied            access_denied (the user said no)
        ├── OAuthServerError        server_error, temporarily_unavailable
        └── StateMismatch           the callback's state is not the one we sent

Beyond the client, each also a ``ValueError`` as before, defined where they are raised:
``config.ConfigError`` (a base URL; its subclass ``tokens.TokenStoreError``: an unreadable token
store), ``publish.entry.SettingsError`` (a site setting), ``publish.state.StateFileError`` (a
sync state file) and ``mkdocs_flattr.feeds.FeedError`` (a feed that cannot be patched).

``ERROR_CLASSES`` (API code -> class) and ``OAUTH_ERROR_CLASSES`` are the only places a code is
mapped (each class's ``codes`` are read from them); ``STATUS_CLASSES`` picks a class when the
code is missing or unknown. Each message says what happened and what to do: one table gives
each class its ``hint``. Messages never contain the access token or client secret: only
the method, the URL (tokens are never put in URLs) and the server's own words.

The names of the older python-flattr library (``FlattrApiError``, ``NotFoundError``, ...) are
kept as aliases at the bottom so code written for it keeps catching the right things.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

# Defined apart so that a site build need not load this module (flattr_core._error_base).
from flattr_core._error_base import FlattrError

if TYPE_CHECKING:  # pragma: no cover
    import requests

    from flattr_core.models import RateLimit

__all__ = [
    "AccessDenied",
    "AlreadySubscribed",
    "ApiError",
    "BadRequest",
    "ERROR_CLASSES",
    "FlattrApiError",
    "FlattrError",
    "FlattrOnce",
    "FlattrOwner",
    "Forbidden",
    "InputError",
    "InsufficientScope",
    "InsufficientScopeError",
    "InvalidClient",
    "InvalidGrant",
    "InvalidParameters",
    "InvalidParametersError",
    "InvalidRequest",
    "InvalidRequestError",
    "InvalidScope",
    "InvalidScopeError",
    "MethodNotAllowed",
    "NoMeans",
    "NoMoney",
    "NotAccaptableError",
    "NotAcceptable",
    "NotAcceptableError",
    "NotFound",
    "NotFoundError",
    "OAUTH_ERROR_CLASSES",
    "OAuthError",
    "OAuthInvalidRequest",
    "OAuthInvalidScope",
    "OAuthServerError",
    "RateLimitExceeded",
    "RateLimitExceededError",
    "ResponseError",
    "STATUS_CLASSES",
    "ServerError",
    "StateMismatch",
    "ThingExists",
    "ThingOwner",
    "TransportError",
    "Unauthorized",
    "UnauthorizedClient",
    "UnauthorizedError",
    "UnsupportedGrantType",
    "UnsupportedResponseType",
    "ValidationError",
    "api_error_class",
    "oauth_error_class",
    "raise_exception",
]


class InputError(FlattrError, ValueError, TypeError):
    """A value passed by the caller is not acceptable; the message names it and says why."""


class TransportError(FlattrError):
    """The request did not get an answer: connection refused or dropped, DNS, timeout, TLS.

    ``maybe_sent`` is False only when the request certainly never reached the server
    (connection refused, connect timeout), which makes any request safe to repeat.
    """

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        method: str | None = None,
        maybe_sent: bool = True,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.method = method
        self.maybe_sent = maybe_sent


class ResponseError(FlattrError):
    """The server answered, but not with something we can read (not JSON, cut off, odd types)."""

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        received: str | None = None,
        response: requests.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.received = received
        self.response = response


class FeedError(FlattrError):
    """A feed could not be fetched or is not a readable RSS/Atom feed; nothing was flattred.

    ``source`` is the URL or file as the caller gave it; the message names it and what to do.
    """

    def __init__(self, message: str, *, source: str) -> None:
        super().__init__(message)
        self.source = source


class _CodedError(FlattrError):
    """An error that stands for codes a server sends (the tables at the bottom give each class
    its ``codes`` and its ``hint``, what the user can do about it)."""

    codes: ClassVar[tuple[str, ...]] = ()
    hint: ClassVar[str] = ""

    def _code_or_default(self, code: str | None) -> str | None:
        """The code the server sent, else the first this class stands for (None for none)."""
        if code is not None:
            return code
        return self.codes[0] if self.codes else None


class ApiError(_CodedError):
    """The API answered with an error status; ``code`` is Flattr's error code when it sent one."""

    def __init__(
        self,
        description: str | None = None,
        *,
        status: int | None = None,
        code: str | None = None,
        uri: str | None = None,
        response: requests.Response | None = None,
        rate_limit: RateLimit | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        self.status = status
        self.code = self._code_or_default(code)
        self.description = description or ""
        self.uri = uri
        self.response = response
        self.rate_limit = rate_limit
        self.method = method
        self.url = url
        super().__init__(self._compose())

    def _compose(self) -> str:
        head = " ".join(str(p) for p in (self.status, self.code) if p is not None) or "error"
        where = f" on {self.method} {self.url}" if self.method and self.url else ""
        text = f"Flattr API error {head}{where}"
        if self.description:
            text += f": {self.description}"
        hint = self.what_to_do()
        if hint:
            text += f" ({hint})"
        return text

    def what_to_do(self) -> str:
        """One sentence telling the user how to get past this error."""
        return self.hint

    def __repr__(self) -> str:
        # The response object is deliberately left out: its request carries the token.
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"description={self.description!r})"
        )


# -- the API's errors: one class per code (codes and hints are in the tables below) -----------


class BadRequest(ApiError):
    """400 with a code this client does not know."""


class InvalidRequest(BadRequest):
    """400 ``invalid_request``: the request was malformed."""


class InvalidParameters(BadRequest):
    """400 ``invalid_parameters``: a parameter is missing or invalid."""


class ValidationError(BadRequest):
    """400 ``validation``: a value (url, title, tags, language, category) was refused."""


class ThingExists(ValidationError):
    """A thing with this URL exists already; look it up with ``api.things.lookup(url)``."""


class Unauthorized(ApiError):
    """401 ``unauthorized``: no token, or one the server does not accept."""


class NoMeans(ApiError):
    """401 ``no_means`` (or ``no_money``): the account has nothing to flattr with."""


class Forbidden(ApiError):
    """403 ``forbidden``, or 403 with an unknown code: the token's user may not do this."""


class RateLimitExceeded(Forbidden):
    """403 ``rate_limit_exceeded`` (or HTTP 429): too many requests this hour."""

    def what_to_do(self) -> str:
        reset = self.rate_limit.reset if self.rate_limit is not None else None
        if reset is None:
            return "too many requests this hour; wait and try again"
        try:
            when = _dt.datetime.fromtimestamp(reset, tz=_dt.timezone.utc)
        except (OverflowError, OSError, ValueError):  # a reset no calendar has: say so plainly
            return "too many requests this hour; wait and try again"
        return f"too many requests this hour; wait until {when:%Y-%m-%d %H:%M:%S} UTC"


class InvalidScope(Forbidden):
    """403 ``invalid_scope``: a scope Flattr does not know was asked for."""


class InsufficientScope(Forbidden):
    """403 ``insufficient_scope``: the token lacks a scope this call needs."""


class FlattrOnce(Forbidden):
    """403 ``flattr_once``: the thing was already flattred this period."""


class FlattrOwner(Forbidden):
    """403 ``flattr_owner``: nobody can flattr their own thing."""


class ThingOwner(Forbidden):
    """403 ``thing_owner``: nobody can subscribe to their own thing."""


class AlreadySubscribed(Forbidden):
    """403 ``subscribed``: the user is subscribed to the thing already."""


class NotFound(ApiError):
    """404 ``not_found``: no such thing, user or URL."""


class MethodNotAllowed(ApiError):
    """405: the server refuses the HTTP method (the client then sends PATCH as POST)."""


class NotAcceptable(ApiError):
    """406 ``not_acceptable``: the server cannot answer in the format asked for."""


class ServerError(ApiError):
    """Any 5xx, or ``server_error``: the server failed."""


class OAuthError(_CodedError):
    """An OAuth step failed; ``error`` is the RFC 6749 code (or the callback's ``error``)."""

    def __init__(
        self,
        description: str | None = None,
        *,
        error: str | None = None,
        status: int | None = None,
        response: requests.Response | None = None,
    ) -> None:
        self.error = self._code_or_default(error)
        self.description = description or ""
        self.status = status
        self.response = response
        parts = [f"OAuth error {self.error or ''}".rstrip()]
        if status is not None:
            parts[0] += f" (HTTP {status})"
        text = parts[0] + (f": {self.description}" if self.description else "")
        if self.hint:
            text += f" ({self.hint})"
        super().__init__(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(error={self.error!r}, description={self.description!r})"


# -- the OAuth errors (RFC 6749): one class per code -------------------------------------------


class OAuthInvalidRequest(OAuthError):
    """``invalid_request``: the token request lacks code, grant_type or redirect_uri."""


class InvalidClient(OAuthError):
    """``invalid_client``: a wrong client id or secret."""


class InvalidGrant(OAuthError):
    """``invalid_grant``: the code was used, has expired, or is for another redirect URI."""


class UnauthorizedClient(OAuthError):
    """``unauthorized_client``: the application may not use this grant type."""


class UnsupportedGrantType(OAuthError):
    """``unsupported_grant_type``: only ``authorization_code`` is supported."""


class UnsupportedResponseType(OAuthError):
    """``unsupported_response_type``: only ``code`` is supported."""


class OAuthInvalidScope(OAuthError):
    """``invalid_scope``: a scope Flattr does not know was asked for."""


class AccessDenied(OAuthError):
    """``access_denied``: the user did not approve the application."""


class OAuthServerError(OAuthError):
    """``server_error`` or ``temporarily_unavailable``: the OAuth server failed."""


class StateMismatch(OAuthError):
    """``state_mismatch``: the callback's state is not the one we sent (another login's)."""


# -- the tables ----------------------------------------------------------------------------

#: The one mapping from a Flattr API error code to its class.
ERROR_CLASSES: dict[str, type[ApiError]] = {
    "invalid_request": InvalidRequest,
    "invalid_parameters": InvalidParameters,
    "validation": ValidationError,
    "unauthorized": Unauthorized,
    "no_means": NoMeans,
    "no_money": NoMeans,
    "forbidden": Forbidden,
    "rate_limit_exceeded": RateLimitExceeded,
    "invalid_scope": InvalidScope,
    "insufficient_scope": InsufficientScope,
    "flattr_once": FlattrOnce,
    "flattr_owner": FlattrOwner,
    "thing_owner": ThingOwner,
    "subscribed": AlreadySubscribed,
    "not_found": NotFound,
    "not_acceptable": NotAcceptable,
    "server_error": ServerError,
}

#: The class for an error whose code is missing or unknown, by HTTP status.
STATUS_CLASSES: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    406: NotAcceptable,
    429: RateLimitExceeded,
}

#: The one mapping from an OAuth error code (RFC 6749) to its class.
OAUTH_ERROR_CLASSES: dict[str, type[OAuthError]] = {
    "invalid_request": OAuthInvalidRequest,
    "invalid_client": InvalidClient,
    "invalid_grant": InvalidGrant,
    "unauthorized_client": UnauthorizedClient,
    "unsupported_grant_type": UnsupportedGrantType,
    "unsupported_response_type": UnsupportedResponseType,
    "invalid_scope": OAuthInvalidScope,
    "access_denied": AccessDenied,
    "server_error": OAuthServerError,
    "temporarily_unavailable": OAuthServerError,
    "state_mismatch": StateMismatch,
}

#: What the user can do about each error: the words its message ends with. A class not listed
#: says what its base class says (``RateLimitExceeded`` works it out from the reset time).
_HINTS: dict[type[_CodedError], str] = {
    BadRequest: "the request was refused as malformed; check the values you passed",
    InvalidRequest: "the request was malformed; check the values you passed",
    InvalidParameters: "a parameter is missing or invalid; check the values you passed",
    ValidationError: (
        "fix the value the description names (url, title, tags, language, category) and retry"
    ),
    ThingExists: "a thing with this URL exists already; use api.things.lookup(url) to get it",
    Unauthorized: "log in again with `flattr login` or set FLATTR_ACCESS_TOKEN",
    NoMeans: "the account has no means to flattr with; add funds on Flattr first",
    Forbidden: "the token's user may not do this (for example, change a thing it does not own)",
    InvalidScope: "ask only for the scopes flattr, thing, email and extendedread",
    InsufficientScope: (
        "the token lacks a scope this call needs; log in again with `flattr login` "
        "asking for it (thing to manage things, flattr to flattr and subscribe)"
    ),
    FlattrOnce: "this thing was already flattred this period; nothing to do",
    FlattrOwner: "you cannot flattr your own thing",
    ThingOwner: "you cannot subscribe to your own thing",
    AlreadySubscribed: (
        "already subscribed; use toggle_subscription() to pause or unsubscribe() to stop"
    ),
    NotFound: "check the id, username or URL",
    MethodNotAllowed: "the server refused this HTTP method",
    NotAcceptable: "the server cannot answer in the requested format; ask for JSON",
    ServerError: "the server failed; try again later",
    OAuthInvalidRequest: "the token request is missing code, grant_type or redirect_uri",
    InvalidClient: (
        "check the client id and secret (set_auth, FLATTR_CLIENT_ID / FLATTR_CLIENT_SECRET)"
    ),
    InvalidGrant: (
        "the code was already used, has expired, or redirect_uri differs from the "
        "authorize step; start the login again"
    ),
    UnauthorizedClient: "this application may not use this grant type",
    UnsupportedGrantType: "only grant_type=authorization_code is supported",
    UnsupportedResponseType: "use response_type='code'",
    OAuthInvalidScope: "ask only for the scopes flattr, thing, email and extendedread",
    AccessDenied: "the user did not approve the application",
    OAuthServerError: "the OAuth server failed; try again later",
    StateMismatch: "the callback does not belong to the login we started; start the login again",
}


def _attach_codes_and_hints() -> None:
    """Give each class its ``codes`` (in table order: the first is the one it reports when the
    server sent none; subclasses not in a table keep their base's) and its ``hint``."""
    codes: dict[type[_CodedError], tuple[str, ...]] = {}
    tables: tuple[Mapping[str, type[_CodedError]], ...] = (ERROR_CLASSES, OAUTH_ERROR_CLASSES)
    for table in tables:
        for code, owner in table.items():
            codes[owner] = (*codes.get(owner, ()), code)
    for cls, its_codes in codes.items():
        cls.codes = its_codes
    for cls, hint in _HINTS.items():
        cls.hint = hint


_attach_codes_and_hints()


def api_error_class(status: int | None, code: str | None, description: str = "") -> type[ApiError]:
    """The class for an API error: by code first, then by status."""
    cls = ERROR_CLASSES.get(code) if code else None
    if cls is None:
        if status is not None and status >= 500:
            cls = ServerError
        else:
            cls = STATUS_CLASSES.get(status or 0, ApiError)
    # The API has no own code for a duplicate URL; the description is all there is to go on.
    if cls is ValidationError and "already exist" in description.lower():
        cls = ThingExists
    return cls


def oauth_error_class(error: str | None) -> type[OAuthError]:
    """The class for an OAuth error code (unknown codes give the base class)."""
    return OAUTH_ERROR_CLASSES.get(error or "", OAuthError)


NoMoney = NoMeans

# Names of the older python-flattr library (flattrclient.exc), kept for code written against it.
FlattrApiError = ApiError
InvalidRequestError = InvalidRequest
InvalidParametersError = InvalidParameters
UnauthorizedError = Unauthorized
RateLimitExceededError = RateLimitExceeded
InvalidScopeError = InvalidScope
InsufficientScopeError = InsufficientScope
NotFoundError = NotFound
NotAcceptableError = NotAcceptable
NotAccaptableError = NotAcceptable  # sic: the older library's spelling


def raise_exception(status_code: int, error: str | None, description: str | None) -> None:
    """Raise the error for ``status_code``/``error`` (the older library's helper)."""
    cls = api_error_class(status_code, error, description or "")
    raise cls(description, status=status_code, code=error)
