"""``/rest/v2`` user routes (Flattr API docs: Users; Activities): users, the token's
user, activities.

``GET /user`` adds ``email`` with the ``email`` or ``extendedread`` scope and ``registered_at``
with ``extendedread``. Activities are Activity Streams 1.0 JSON (``.as`` suffix or
``Accept: application/stream+json``): ``type=outgoing`` (default) lists the user's flattrs,
``incoming`` the flattrs of the user's things; the 30 newest items.

Partner verification (§4.7, body undocumented): ``POST /user/verify`` or
``/users/<own name>/verify`` with ``identity=partner:<namespace>:<id>`` answers
``{"message": "ok", ...}``; anything else is ``401 unauthorized`` as documented.
"""

from __future__ import annotations

from flask import Blueprint, Response

from . import params
from .context import links, require_token, user_or_404, viewer
from .errors import dumps, invalid_parameters, json_response, unauthorized
from .formats import STREAM_TYPE
from .shapes import activity, full_user
from .state import current

bp = Blueprint("users", __name__, url_prefix="/rest/v2")
ACTIVITY_ITEMS = 30


@bp.get("/users/<username>")
def user(username: str) -> Response:
    params.query(())
    return json_response(full_user(links(), user_or_404(username)))


@bp.get("/user")
def me() -> Response:
    caller = require_token()
    params.query(())
    assert caller.username is not None
    row = user_or_404(caller.username)
    return json_response(
        full_user(
            links(),
            row,
            email=bool({"email", "extendedread"} & caller.scopes),
            registered="extendedread" in caller.scopes,
        )
    )


def _activities(username: str, own: bool) -> Response:
    kind = params.query(("type",)).get("type") or "outgoing"
    store = current().store
    if kind == "outgoing":
        rows = store.flattrs_by(username, include_hidden=own, count=ACTIVITY_ITEMS, page=1)
    elif kind == "incoming":
        rows = store.flattrs_on_things_of(username, ACTIVITY_ITEMS)
    else:
        raise invalid_parameters(f"Parameter 'type' must be outgoing or incoming, got {kind!r}")
    items = [activity(links(), row["flattrer"], row, row["flattred_at"]) for row in rows]
    return Response(dumps({"items": items}), content_type=STREAM_TYPE)


@bp.get("/users/<username>/activities")
def activities(username: str) -> Response:
    row = user_or_404(username)
    return _activities(row["username"], viewer().is_user(row["username"]))


@bp.get("/user/activities")
def my_activities() -> Response:
    caller = require_token()
    assert caller.username is not None
    return _activities(caller.username, True)


def _verify(username: str) -> Response:
    caller = require_token()
    identity = params.body(("identity",)).get("identity")
    if not caller.is_user(username):
        raise unauthorized(f"You are not allowed to verify identities for {username}")
    if not isinstance(identity, str) or identity.count(":") < 2:
        raise unauthorized("Invalid identity: expected e.g. partner:customnamespace:123")
    return json_response({"message": "ok", "description": f"Identity {identity} verified"})


@bp.post("/users/<username>/verify")
def verify(username: str) -> Response:
    return _verify(user_or_404(username)["username"])


@bp.post("/user/verify")
def my_verify() -> Response:
    caller = require_token()
    assert caller.username is not None
    return _verify(caller.username)
