"""Per-request helpers for routes: who is calling, required scopes, base URLs, the clock.

The caller is resolved once per API request (``Authorization: Bearer <token>``) in the app's
``before_request`` hook and kept on ``flask.g``.

Hot paths read the request through :func:`this_request` once: every attribute read through
the ``flask.request`` proxy looks the request up again, and a GET made about thirty of them.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import cast

from flask import Request, g, request
from werkzeug.local import LocalProxy

from .errors import DOCS_URI, ApiError, insufficient_scope, unauthorized
from .shapes import ANONYMOUS, Links, Viewer
from .state import current
from .store import Row

SCOPES = ("flattr", "thing", "email", "extendedread")
LINKS_KEY = "flattr_sandbox.links"


def now() -> int:
    return int(time.time())


def period_start(timestamp: int | None = None) -> int:
    """Start of the current flattr period (the calendar month, UTC): flattr_once is per period."""
    moment = datetime.fromtimestamp(now() if timestamp is None else timestamp, timezone.utc)
    return int(moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp())


def this_request() -> Request:
    """The request being answered, itself rather than the ``flask.request`` proxy."""
    return cast("LocalProxy[Request]", request)._get_current_object()


def links() -> Links:
    """Where links in answers point: the configured base URL, never a foreign ``Host``
    (the app refused those already; see :mod:`.access`)."""
    req = this_request()
    cached: Links | None = req.environ.get(LINKS_KEY)
    if cached is None:
        base = current().access.base_url or f"{req.scheme}://{req.host}"
        cached = req.environ[LINKS_KEY] = Links(base)
    return cached


def bearer_token() -> str | None:
    header = this_request().headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    return None


def resolve_viewer() -> tuple[Viewer, Row | None, bool]:
    """``(viewer, token row, bad_token)`` for this request; anonymous without a bearer token."""
    token = bearer_token()
    if token is None:
        return ANONYMOUS, None, False
    row = current().store.token(token) if token else None
    if row is None:
        return ANONYMOUS, None, True
    return Viewer(row["username"], frozenset(row["scopes"].split())), row, False


def viewer() -> Viewer:
    found: Viewer = g.get("viewer", ANONYMOUS)
    return found


def require_token() -> Viewer:
    caller = viewer()
    if caller.username is None:
        raise unauthorized(
            "You are unauthorized to access the resource: this call needs an "
            "access token (Authorization: Bearer <token>)"
        )
    return caller


def require_scope(scope: str, uri: str = DOCS_URI) -> Viewer:
    caller = require_token()
    if scope not in caller.scopes:
        error = insufficient_scope(scope)
        raise ApiError(error.status, error.code, error.description, uri)
    return caller


def user_or_404(username: str) -> Row:
    row = current().store.user(username)
    if row is None:
        raise ApiError(404, "not_found", f"The requested user could not be found: {username!r}")
    return row
