"""Web pages of flattr.com the sandbox imitates, so built sites' buttons lead somewhere real.

- ``/``: what this sandbox is, its accounts.
- ``/submit/auto?user_id=...&url=...`` (§9.1): the existing thing for ``url``, or a pending one
  built from the parameters; flattring it (``POST``) as a signed-in sandbox user creates the
  thing owned by ``user_id`` and flattrs it.
- ``/thing/<id>`` (and ``/thing/<id>/<slug>``, as in activity links), ``/profile/<name>``.

"Signing in" is picking a seeded account in the flattr form; the choice is remembered in a
cookie. Flattr rules are the API's (own thing, once per period, no means). Every form POST
must come from the sandbox's own page (CSRF token and ``Origin``, see :mod:`.access`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from . import validation
from .access import CSRF_FIELD, same_origin_form
from .api_flattrs import check_can_flattr
from .api_things import parse_thing_id
from .autosubmit import AutoSubmit, from_params
from .context import links, now
from .errors import ApiError
from .oauth import html_page, redirect_to
from .seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from .shapes import Viewer, tags_of
from .state import current
from .store import Row

bp = Blueprint("web", __name__)


def _html(body: str, status: int = 200) -> Response:
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def _thing_view(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "url": row["url"],
        "description": row["description"],
        "tags": tags_of(row),
        "owner": row["owner"],
        "category": row["category"],
        "language": row["language"],
        "hidden": bool(row["hidden"]),
        "flattrs": row["flattrs"],
        "resource": links().thing_resource(row["id"]),
    }


def _thing_page(
    thing: dict[str, Any],
    *,
    action: str,
    hidden: dict[str, str],
    pending: bool,
    status: int = 200,
    error: str | None = None,
    flattred: bool = False,
) -> Response:
    return _html(
        render_template(
            "thing.html",
            thing=thing,
            action=action,
            hidden=hidden,
            pending=pending,
            error=error,
            flattred=flattred,
            users=current().store.users(),
            selected=request.cookies.get("sandbox_user", "bob"),
        ),
        status,
    )


@bp.get("/")
def index() -> Response:
    return _html(
        render_template(
            "index.html",
            base=links().base,
            api=links().api,
            client_id=DEMO_CLIENT_ID,
            client_secret=DEMO_CLIENT_SECRET,
            users=current().store.users(),
        )
    )


def _thing_or_page(thing_id: str) -> Row | Response:
    """The thing ``thing_id`` names, or the 404 page (also for ids no thing can have)."""
    number = parse_thing_id(thing_id)
    row = current().store.thing(number) if number is not None else None
    if row is None:
        return html_page(404, "Not found", f"There is no thing {thing_id[:50]!r}.")
    return row


@bp.get("/thing/<thing_id>")
@bp.get("/thing/<thing_id>/<slug>")
def thing(thing_id: str, slug: str | None = None) -> Response:
    row = _thing_or_page(thing_id)
    if isinstance(row, Response):
        return row
    return _thing_page(
        _thing_view(row),
        action=url_for("web.flattr_thing", thing_id=row["id"]),
        hidden={},
        pending=False,
        flattred=request.args.get("flattred") == "1",
    )


def _flattr_as(row: Row, username: str) -> ApiError | None:
    """Flattr ``row`` as ``username`` with the API's rules; the error, if any."""
    try:
        check_can_flattr(Viewer(username, frozenset({"flattr"})), row["owner"], row["id"])
    except ApiError as error:
        return error
    current().store.add_flattr(username, row["id"], now())
    return None


def _after_flattr(row: Row, username: str) -> Response:
    error = _flattr_as(row, username)
    if error is not None:
        fresh = current().store.thing(row["id"]) or row
        return _thing_page(
            _thing_view(fresh),
            action=url_for("web.flattr_thing", thing_id=row["id"]),
            hidden={},
            pending=False,
            status=error.status,
            error=f"{username} cannot flattr this: {error.description}",
        )
    response = redirect_to(url_for("web.thing", thing_id=row["id"], flattred="1"), 303)
    response.set_cookie("sandbox_user", username, samesite="Lax", httponly=True)
    return response


def _signed_in_user() -> Row | None:
    return current().store.user(request.form.get("username", ""))


@bp.post("/thing/<thing_id>/flattr")
@same_origin_form
def flattr_thing(thing_id: str) -> Response:
    row = _thing_or_page(thing_id)
    if isinstance(row, Response):
        return row
    user = _signed_in_user()
    if user is None:
        return html_page(400, "Pick a user", "Choose a sandbox account to flattr with.")
    return _after_flattr(row, user["username"])


def _pending(auto: AutoSubmit) -> tuple[dict[str, Any], Row] | str:
    """The pending thing an auto-submit describes, with its owner, or what is wrong."""
    owner = current().store.user(auto.user_id) if auto.user_id else None
    if owner is None:
        return (
            f"user_id {auto.user_id!r} is not a Flattr user of this sandbox"
            if auto.user_id
            else "user_id is required: the Flattr username of the owner"
        )
    try:
        fields = validation.new_thing({"url": auto.url, **auto.fields})
    except ApiError as error:
        return error.description
    return {**fields, "owner": owner["username"], "flattrs": 0, "id": None}, owner


@bp.route("/submit/auto", methods=["GET", "POST"])
def submit_auto() -> Response:
    if request.method == "POST":
        return _submit_auto_post()
    return _submit_auto()


@same_origin_form
def _submit_auto_post() -> Response:
    return _submit_auto()


def _submit_auto() -> Response:
    values = request.args.to_dict() if request.method == "GET" else request.form.to_dict()
    values.pop("username", None)
    values.pop(CSRF_FIELD, None)
    auto = from_params(values)
    if auto is None:
        return html_page(
            400,
            "Bad request (400)",
            "url is required: /submit/auto?user_id=USERNAME&url=URL&title=...",
        )
    store = current().store
    row = store.thing_by_url(auto.url)
    if row is not None:  # an existing thing: show it, flattr it
        if request.method == "POST":
            user = _signed_in_user()
            if user is None:
                return html_page(400, "Pick a user", "Choose a sandbox account to flattr with.")
            return _after_flattr(row, user["username"])
        return _thing_page(
            _thing_view(row),
            action=url_for("web.flattr_thing", thing_id=row["id"]),
            hidden={},
            pending=False,
        )
    pending = _pending(auto)
    if isinstance(pending, str):
        return html_page(400, "Cannot submit this thing", pending)
    thing_fields, owner = pending
    if request.method == "GET":
        return _thing_page(
            thing_fields, action=url_for("web.submit_auto"), hidden=values, pending=True
        )
    user = _signed_in_user()
    if user is None:
        return html_page(400, "Pick a user", "Choose a sandbox account to flattr with.")
    try:
        check_can_flattr(Viewer(user["username"], frozenset({"flattr"})), owner["username"], None)
    except ApiError as error:
        return _thing_page(
            thing_fields,
            action=url_for("web.submit_auto"),
            hidden=values,
            pending=True,
            status=error.status,
            error=f"{user['username']} cannot flattr this: {error.description}",
        )
    fields = {k: v for k, v in thing_fields.items() if k not in ("owner", "flattrs", "id")}
    created = store.create_or_get_thing(owner["username"], fields, now())
    return _after_flattr(created, user["username"])


@bp.get("/profile/<username>")
def profile(username: str) -> Response:
    store = current().store
    user = store.user(username)
    if user is None:
        return html_page(404, "Not found", f"There is no user {username!r}.")
    things = store.things_of(user["username"], include_hidden=False, count=100, page=1)
    return _html(
        render_template(
            "profile.html",
            user=user,
            things=things,
            resource=links().user_resource(user["username"]),
        )
    )
