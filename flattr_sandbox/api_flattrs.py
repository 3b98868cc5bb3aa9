"""``/rest/v2`` flattr and subscription routes (Flattr API docs: Flattrs; Subscriptions).

Flattring needs the ``flattr`` scope; the rules are checked in this order: ``flattr_owner``
(403), ``flattr_once`` (403, once per calendar month: the "period"), ``no_means`` (401, users
without means such as the seeded ``carol``). ``POST /flattr`` takes a registered URL or an
auto-submit URL (the thing is created from its parameters first, owned by ``user_id``);
"discoverable" URLs (GitHub, Twitter, ...) are not emulated and answer 404.

Flattr lists (``/users/<name>/flattrs``, ``/user/flattrs``, ``/things/<id>/flattrs``) need no
token (the docs list a 401 for the thing's list, without saying when); flattrs of hidden
things are left out of a user's public list except for that user.
"""

from __future__ import annotations

from flask import Blueprint, Response

from . import params, validation
from .api_things import can_find_hidden, thing_body, thing_or_404
from .autosubmit import AutoSubmit
from .autosubmit import parse as parse_autosubmit
from .context import links, now, period_start, require_scope, require_token, user_or_404, viewer
from .errors import (
    FLATTRS_URI,
    SUBSCRIPTIONS_URI,
    ApiError,
    invalid_request,
    json_response,
    no_content,
)
from .shapes import Body, Viewer, full_user, mini_thing, mini_user
from .state import current
from .store import Row

bp = Blueprint("flattrs", __name__, url_prefix="/rest/v2")


def check_can_flattr(caller: Viewer, owner: str, thing_id: int | None) -> None:
    assert caller.username is not None
    if caller.is_user(owner):
        raise ApiError(
            403, "flattr_owner", "You are not allowed to flattr your own thing", FLATTRS_URI
        )
    store = current().store
    if thing_id is not None and store.flattred_since(caller.username, thing_id, period_start()):
        raise ApiError(
            403,
            "flattr_once",
            "You are not allowed to flattr this thing more than once this period",
            FLATTRS_URI,
        )
    user = store.user(caller.username)
    if user is None or not user["means"]:
        raise ApiError(401, "no_means", "You don't have any money to flattr with", FLATTRS_URI)


def flattr_row(caller: Viewer, row: Row) -> Response:
    """Flattr ``row`` as ``caller``; the documented success body (with deprecated location)."""
    check_can_flattr(caller, row["owner"], row["id"])
    assert caller.username is not None
    store = current().store
    store.add_flattr(caller.username, row["id"], now())
    fresh = store.thing(row["id"])
    assert fresh is not None
    return json_response(
        {
            "message": "ok",
            "description": "Thing was successfully flattred",
            "thing": mini_thing(links(), fresh),
            "location": links().thing_resource(row["id"]),
        }
    )


def create_from_autosubmit(caller: Viewer, auto: AutoSubmit) -> Row:
    """Create the thing an auto-submit URL describes (before its first flattr)."""
    if not auto.user_id:
        raise ApiError(
            400,
            "validation",
            "Invalid user_id: the auto-submit URL names no owner (add user_id=<username>)",
        )
    owner = current().store.user(auto.user_id)
    if owner is None:
        raise ApiError(400, "validation", f"Invalid user_id: no Flattr user {auto.user_id!r}")
    fields = validation.new_thing({"url": auto.url, **auto.fields})
    check_can_flattr(caller, owner["username"], None)
    return current().store.create_or_get_thing(owner["username"], fields, now())


@bp.post("/things/<ids>/flattr")
def flattr_thing(ids: str) -> Response:
    caller = require_scope("flattr", FLATTRS_URI)
    params.body(())
    return flattr_row(caller, thing_or_404(ids))


@bp.post("/flattr")
def flattr_url() -> Response:
    caller = require_scope("flattr", FLATTRS_URI)
    url = params.body(("url",)).get("url")
    if not isinstance(url, str) or not url.strip():
        raise invalid_request("Parameter 'url' is required: the URL (or auto-submit URL) to flattr")
    auto = parse_autosubmit(url.strip())
    target = validation.check_url(auto.url if auto else url.strip())
    store = current().store
    row = store.thing_by_url(target)
    if row is not None and auto and auto.user_id and auto.user_id.lower() != row["owner"].lower():
        raise ApiError(400, "validation", "Owner mismatch. Current thing owned by other account.")
    if row is None:
        if auto is None:
            raise ApiError(
                404,
                "not_found",
                "No thing has this url. Flattr an auto-submit URL "
                "(/submit/auto?user_id=...&url=...) to create it; discoverable URLs "
                "are not emulated by the sandbox",
            )
        row = create_from_autosubmit(caller, auto)
    return flattr_row(caller, row)


def flattr_body(row: Row, full: bool) -> Body:
    """A Flattr: the thing (mini with mini owner, or full) and the flattring user."""
    caller = viewer()
    if full:
        thing = thing_body(row, caller, True)
        user = current().store.user(row["flattrer"])
        owner = (
            full_user(links(), user) if user is not None else mini_user(links(), row["flattrer"])
        )
    else:
        thing = mini_thing(links(), row, with_owner=True)
        owner = mini_user(links(), row["flattrer"])
    return {"type": "flattr", "thing": thing, "owner": owner, "created_at": row["flattred_at"]}


def _flattrs_by(username: str, caller: Viewer) -> Response:
    args = params.query(("count", "page", "full"))
    count, page = params.paging(args)
    rows = current().store.flattrs_by(
        username, include_hidden=caller.is_user(username), count=count, page=page
    )
    full = params.flag(args, "full")
    return json_response([flattr_body(row, full) for row in rows])


@bp.get("/users/<username>/flattrs")
def user_flattrs(username: str) -> Response:
    return _flattrs_by(user_or_404(username)["username"], viewer())


@bp.get("/user/flattrs")
def my_flattrs() -> Response:
    caller = require_token()
    assert caller.username is not None
    return _flattrs_by(caller.username, caller)


@bp.get("/things/<ids>/flattrs")
def thing_flattrs(ids: str) -> Response:
    args = params.query(("count", "page", "full"))
    row = thing_or_404(ids)
    if not can_find_hidden(row, viewer()):
        raise ApiError(
            404,
            "not_found",
            f"The requested thing(s) could not be found: thing {row['id']} is hidden",
        )
    count, page = params.paging(args)
    rows = current().store.flattrs_of_thing(row["id"], count=count, page=page)
    full = params.flag(args, "full")
    return json_response([flattr_body(item, full) for item in rows])


# -- subscriptions -----------------------------------------------------------------------------


def _subscription_target(ids: str) -> tuple[Viewer, Row]:
    caller = require_scope("flattr", SUBSCRIPTIONS_URI)
    params.body(())
    try:
        return caller, thing_or_404(ids)
    except ApiError as error:
        raise ApiError(404, "not_found", error.description, SUBSCRIPTIONS_URI) from None


def _not_subscribed(row: Row) -> ApiError:
    return ApiError(
        404, "not_found", f"You are not subscribed to thing {row['id']}", SUBSCRIPTIONS_URI
    )


@bp.get("/user/subscriptions")
def my_subscriptions() -> Response:
    caller = require_scope("flattr", SUBSCRIPTIONS_URI)
    params.query(())
    assert caller.username is not None
    rows = current().store.subscriptions_of(caller.username)
    return json_response(
        [
            {
                "type": "subscription",
                "active": bool(row["sub_active"]),
                "created_at": row["sub_created_at"],
                "started_at": row["sub_started_at"],
                "thing": thing_body(row, caller, False),
            }
            for row in rows
        ]
    )


@bp.post("/things/<ids>/subscriptions")
def subscribe(ids: str) -> Response:
    caller, row = _subscription_target(ids)
    assert caller.username is not None
    if caller.is_user(row["owner"]):
        raise ApiError(
            403,
            "thing_owner",
            "You are not allowed to subscribe to your own thing",
            SUBSCRIPTIONS_URI,
        )
    store = current().store
    if store.subscription(caller.username, row["id"]) is not None:
        raise ApiError(403, "subscribed", "User already subscribed to thing", SUBSCRIPTIONS_URI)
    store.subscribe(caller.username, row["id"], now())
    return json_response(
        {
            "message": "ok",
            "description": "Successfully subscribed to Thing",
            "thing": mini_thing(links(), row),
        }
    )


@bp.put("/things/<ids>/subscriptions")
def toggle_subscription(ids: str) -> Response:
    caller, row = _subscription_target(ids)
    assert caller.username is not None
    store = current().store
    subscription = store.subscription(caller.username, row["id"])
    if subscription is None:
        raise _not_subscribed(row)
    start = not subscription["active"]
    store.set_subscription_active(caller.username, row["id"], start, now())
    if start:
        return json_response({"message": "started", "description": "Subscription started"})
    return json_response({"message": "paused", "description": "Subscription paused"})


@bp.delete("/things/<ids>/subscriptions")
def unsubscribe(ids: str) -> Response:
    caller, row = _subscription_target(ids)
    assert caller.username is not None
    store = current().store
    if store.subscription(caller.username, row["id"]) is None:
        raise _not_subscribed(row)
    store.unsubscribe(caller.username, row["id"])
    return no_content()
