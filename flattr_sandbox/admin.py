"""Admin endpoints under ``/_sandbox/`` for tests and benchmarks (never rate limited or counted).

Every call needs the admin secret in the ``X-Sandbox-Admin-Token`` header (checked by the app
before routing, see :mod:`.access`); ``SandboxServer`` methods do the same work in-process.
Numbers are bounded (:mod:`.limits`): ``rate_limit`` 1..10**9, ``fail_rate`` 0..1,
``latency_ms`` 0..60000, at most 1000 queued faults.

- ``POST /_sandbox/reset``: back to the seed data; counters, rate windows, queued faults and
  settings back to how the server started.
- ``POST /_sandbox/tokens`` ``{"username": "alice", "scopes": ["flattr", "thing"]}`` (scopes as
  a list or a space/comma string; default all four) -> ``{"access_token", "token_type",
  "username", "scopes"}``.
- ``GET /_sandbox/requests`` -> ``{"total": n, "routes": {"GET /rest/v2/things/<ids>": n}}``;
  ``DELETE /_sandbox/requests`` zeroes the counters.
- ``GET /_sandbox/config``; ``PATCH /_sandbox/config`` ``{"rate_limit", "fail_rate",
  "latency_ms"}`` changes switches until the next reset.
- ``POST /_sandbox/faults`` ``{"next": ["drop", "500", "503"]}``: the next requests fail so.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response

from . import params
from .context import SCOPES, now
from .errors import ApiError, invalid_parameters, json_response, no_content
from .seed import DEMO_CLIENT_ID
from .state import current

bp = Blueprint("admin", __name__, url_prefix="/_sandbox")


def parse_scopes(value: Any) -> list[str]:
    """Scopes from a list or a space/comma/plus separated string; unknown ones refused."""
    if value is None:
        return list(SCOPES)
    if isinstance(value, str):
        items = value.replace(",", " ").replace("+", " ").split()
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        raise invalid_parameters("scopes must be a list of strings or a space-separated string")
    unknown = [item for item in items if item not in SCOPES]
    if unknown:
        raise ApiError(
            400, "invalid_scope", f"Unknown scope(s) {', '.join(unknown)}; use {', '.join(SCOPES)}"
        )
    return list(dict.fromkeys(items))


def mint(username: str, scopes: Any = None) -> dict[str, Any]:
    store = current().store
    user = store.user(username) if isinstance(username, str) else None
    if user is None:
        names = ", ".join(row["username"] for row in store.users())
        raise ApiError(404, "not_found", f"No sandbox user {username!r}; use one of: {names}")
    granted = parse_scopes(scopes)
    token = store.mint_token(user["username"], granted, DEMO_CLIENT_ID, now())
    return {
        "access_token": token,
        "token_type": "bearer",
        "username": user["username"],
        "scopes": granted,
    }


@bp.post("/reset")
def reset() -> Response:
    current().reset()
    return json_response({"message": "ok", "description": "Sandbox reset to its seed data"})


@bp.post("/tokens")
def tokens() -> Response:
    fields = params.body(("username", "scopes"))
    return json_response(mint(fields.get("username", ""), fields.get("scopes")))


@bp.get("/requests")
def requests_count() -> Response:
    counts = current().counts()
    return json_response({"total": sum(counts.values()), "routes": counts})


@bp.delete("/requests")
def clear_requests() -> Response:
    current().clear_counts()
    return no_content()


def _settings_body() -> dict[str, Any]:
    settings = current().settings
    return {
        "rate_limit": settings.rate_limit,
        "fail_rate": settings.fail_rate,
        "latency_ms": settings.latency_ms,
        "auto_approve": settings.auto_approve,
        "pending_faults": current().faults.pending(),
    }


@bp.get("/config")
def config() -> Response:
    return json_response(_settings_body())


_FRACTION = re.compile(r"[0-9]{0,3}(\.[0-9]{1,12})?")


def _from_form(name: str, value: Any) -> Any:
    """A form field's text as the number it spells (JSON bodies arrive typed already)."""
    if not isinstance(value, str):
        return value
    if name == "fail_rate" and value and _FRACTION.fullmatch(value):
        return float(value)
    number = params.whole_number(value)
    return value if number is None else number


@bp.patch("/config")
@bp.post("/config")
def configure() -> Response:
    fields = params.body(("rate_limit", "fail_rate", "latency_ms"))
    fields = {name: _from_form(name, value) for name, value in fields.items()}
    try:
        current().configure(**fields)
    except (TypeError, ValueError) as exc:
        raise invalid_parameters(str(exc)) from None
    return json_response(_settings_body())


@bp.post("/faults")
def faults() -> Response:
    kinds = params.body(("next",)).get("next", [])
    if not isinstance(kinds, list):
        raise invalid_parameters('next must be a list such as ["drop", "500"]')
    try:
        current().faults.inject(kinds)
    except ValueError as exc:
        raise invalid_parameters(str(exc)) from None
    return json_response(_settings_body())
