"""``/rest/v2`` thing routes (Flattr API docs: Things): get, multi-get, lookup, search, create,
update (PATCH or POST + ``_method=patch``), delete, and the things of a user.

Visibility of hidden things: ``GET /things/{id}`` answers them to anyone who knows the id
(hidden only means "left out of listings"); user listings include them only for their owner;
search, lookup and a thing's flattr list find them by one rule (:func:`can_find_hidden`): for
their owner with the ``thing`` scope, or for anyone with ``extendedread``.
Missing scopes answer ``403 insufficient_scope`` everywhere (the docs' ``forbidden`` for
DELETE without scope is the same status); changing or deleting another user's thing answers
``403 forbidden``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, request

from . import params, search, validation
from .autosubmit import parse as parse_autosubmit
from .context import links, now, period_start, require_scope, require_token, user_or_404, viewer
from .errors import (
    ApiError,
    forbidden,
    invalid_parameters,
    invalid_request,
    json_response,
    no_content,
)
from .formats import ENCODED_COMMA_KEY
from .limits import MAX_ID, MAX_QUERY, MAX_TAGS_EXPRESSION, MAX_URL_PREFIX
from .shapes import Body, Viewer, full_thing, full_user, mini_user
from .state import current
from .store import Row

bp = Blueprint("things", __name__, url_prefix="/rest/v2")
NOT_FOUND = "The requested thing(s) could not be found"
EDIT_FIELDS = (*validation.EDITABLE, "url", "_method")


def owner_body(username: str, full: bool) -> Body:
    if full:
        row = current().store.user(username)
        if row is not None:
            return full_user(links(), row)
    return mini_user(links(), username)


def thing_body(row: Row, caller: Viewer, full: bool) -> Body:
    """A full Thing as ``caller`` may see it."""
    flattred = subscribed = False
    if caller.username is not None:
        store = current().store
        flattred = store.flattred_since(caller.username, row["id"], period_start())
        subscribed = store.subscription(caller.username, row["id"]) is not None
    return full_thing(
        links(),
        row,
        caller,
        owner=owner_body(row["owner"], full),
        flattred=flattred,
        subscribed=subscribed,
    )


def thing_bodies(rows: Iterable[Row], caller: Viewer, full: bool) -> list[Body]:
    """Full Things for a listing, as :func:`thing_body` shapes each one.

    The caller's flattrs this period and subscriptions are read once for the whole list (two
    queries, not two per thing), and each owner once.
    """
    rows = list(rows)
    flattred: set[int] = set()
    subscribed: set[int] = set()
    store = current().store
    if caller.username is not None and rows:
        flattred = store.flattred_things_since(caller.username, period_start())
        subscribed = store.subscribed_things(caller.username)
    base = links()
    owners: dict[str, Body] = {}
    bodies = []
    for row in rows:
        owner = owners.get(row["owner"])
        if owner is None:
            owner = owners[row["owner"]] = owner_body(row["owner"], full)
        bodies.append(
            full_thing(
                base,
                row,
                caller,
                owner=owner,
                flattred=row["id"] in flattred,
                subscribed=row["id"] in subscribed,
            )
        )
    return bodies


def can_find_hidden(row: Row, caller: Viewer) -> bool:
    """Whether lookup and search show ``row`` to ``caller`` (one rule for both): a hidden
    thing is found by its owner with the ``thing`` scope, or by anyone with ``extendedread``."""
    if not row["hidden"]:
        return True
    scopes = caller.scopes
    return "extendedread" in scopes or ("thing" in scopes and caller.is_user(row["owner"]))


def parse_thing_id(text: str) -> int | None:
    """A thing id in ASCII digits that SQLite can hold (``MAX_ID``), or None."""
    number = params.whole_number(text)
    return number if number is not None and number <= MAX_ID else None


def thing_id(text: str) -> int:
    number = parse_thing_id(text)
    if number is None:
        raise ApiError(404, "not_found", f"{NOT_FOUND}: {text[:50]!r} is not a thing id")
    return number


def thing_or_404(text: str) -> Row:
    row = current().store.thing(thing_id(text))
    if row is None:
        raise ApiError(404, "not_found", f"{NOT_FOUND}: no thing has id {text}")
    return row


@bp.get("/things/<ids>")
def get_things(ids: str) -> Response:
    args = params.query(("full",))
    full = params.flag(args, "full")
    if request.environ.get(ENCODED_COMMA_KEY):
        raise ApiError(
            404,
            "not_found",
            f"{NOT_FOUND}: separate ids with literal commas (/things/1,2), not %2C",
        )
    if "," not in ids:
        return json_response(thing_body(thing_or_404(ids), viewer(), full))
    wanted = [thing_id(part) for part in ids.split(",") if part != ""]
    if not wanted:
        raise ApiError(404, "not_found", f"{NOT_FOUND}: no ids given")
    if len(wanted) > 100:
        raise invalid_parameters(f"At most 100 ids per multi-get, got {len(wanted)}")
    store = current().store
    rows = [store.thing(number) for number in wanted]
    missing = [str(n) for n, row in zip(wanted, rows, strict=True) if row is None]
    if missing:
        raise ApiError(404, "not_found", f"{NOT_FOUND}: no thing has id {', '.join(missing)}")
    caller = viewer()
    return json_response(thing_bodies((row for row in rows if row is not None), caller, full))


def lookup_not_found() -> Response:
    return json_response({"message": "not_found", "description": "No thing was found"}, 404)


@bp.get("/things/lookup")
@bp.get("/things/lookup/")
@bp.get("/things/lookup/q/<path:encoded>")
def lookup(encoded: str | None = None) -> Response:
    args = params.query(() if encoded is not None else ("url",))
    url = encoded if encoded is not None else args.get("url", "")
    if not url.strip():
        raise invalid_parameters(
            "Parameter 'url' is required, e.g. /things/lookup?url=https%3A%2F%2Fexample.com%2F"
        )
    auto = parse_autosubmit(url)
    row = current().store.thing_by_url(auto.url if auto else url.strip())
    if row is None or not can_find_hidden(row, viewer()):
        return lookup_not_found()
    if auto and auto.user_id and auto.user_id.lower() != row["owner"].lower():
        raise ApiError(400, "validation", "Owner mismatch. Current thing owned by other account.")
    location = links().thing_resource(row["id"])
    return json_response({"message": "found", "location": location}, 302, {"Location": location})


def _list_param(args: dict[str, str], name: str, known: Any) -> set[str] | None:
    if not args.get(name):
        return None
    values = {value.strip() for value in args[name].split(",") if value.strip()}
    unknown = sorted(values - set(known))
    if unknown:
        raise invalid_parameters(
            f"Unknown {name} {', '.join(map(repr, unknown))}; see "
            f"/rest/v2/{'categories' if name == 'category' else 'languages'}"
        )
    return values


def _bounded(args: dict[str, str], name: str, most: int) -> None:
    # Matching cost grows with the parameter (every tag and word is tried on every thing).
    if len(args.get(name, "")) > most:
        raise invalid_parameters(
            f"Parameter {name!r} is too long: at most {most} characters, got {len(args[name])}"
        )


@bp.get("/things/search")
def search_things() -> Response:
    from .catalog import CATEGORIES, LANGUAGES

    args = params.query(
        ("query", "url", "tags", "language", "category", "user", "sort", "page", "count", "full")
    )
    count, page = params.paging(args)
    _bounded(args, "tags", MAX_TAGS_EXPRESSION)
    _bounded(args, "query", MAX_QUERY)
    _bounded(args, "url", MAX_URL_PREFIX)
    sort = args.get("sort") or "relevance"
    if sort not in search.SORTS:
        raise invalid_parameters(f"Unknown sort {sort!r}; use one of {', '.join(search.SORTS)}")
    try:
        tags = search.parse_tags(args["tags"]) if args.get("tags", "").strip() else None
    except ValueError as exc:
        raise invalid_parameters(f"Invalid tags expression {args['tags']!r}: {exc}") from None
    languages = _list_param(args, "language", LANGUAGES)
    categories = _list_param(args, "category", CATEGORIES)
    words = args.get("query", "").lower().split()
    url_prefix = args.get("url", "").strip()
    user = args.get("user", "").strip().lower()
    caller = viewer()
    hits: list[tuple[int, Row]] = []
    for row in current().store.all_things():
        if not can_find_hidden(row, caller):
            continue
        if (
            (user and row["owner"].lower() != user)
            or (url_prefix and not row["url"].startswith(url_prefix))
            or (languages and row["language"] not in languages)
            or (categories and row["category"] not in categories)
            or (tags and not tags.matches(row["tags"].split(",") if row["tags"] else []))
        ):
            continue
        score = search.query_score(row, words) if words else 1
        if score:
            hits.append((score, row))
    if sort == "relevance":
        hits.sort(key=lambda hit: (hit[0], hit[1]["created_at"], hit[1]["id"]), reverse=True)
    elif sort == "flattrs":
        hits.sort(key=lambda hit: (hit[1]["flattrs"], hit[1]["id"]), reverse=True)
    else:
        since = int(time.time()) - search.SORT_WINDOWS[sort] * 86400
        recent = current().store.flattr_counts_since(since)
        hits.sort(
            key=lambda hit: (recent.get(hit[1]["id"], 0), hit[1]["flattrs"], hit[1]["id"]),
            reverse=True,
        )
    chosen = hits[(page - 1) * count : page * count]
    full = params.flag(args, "full")
    things = thing_bodies((row for _, row in chosen), caller, full)
    return json_response(
        {"total_items": len(hits), "items": len(things), "page": page, "things": things}
    )


@bp.post("/things")
def create_thing() -> Response:
    caller = require_scope("thing")
    fields = validation.new_thing(params.body(("url", *validation.EDITABLE)))
    store = current().store
    assert caller.username is not None
    try:
        new_id = store.create_thing(caller.username, fields, now())
    except sqlite3.IntegrityError:
        existing = store.thing_by_url(fields["url"])
        number = existing["id"] if existing is not None else "?"
        raise ApiError(
            400,
            "validation",
            f"Thing already exists: thing {number} has the url "
            f"{fields['url']!r}; update it (PATCH /things/{number}) instead",
        ) from None
    resource = links().thing_resource(new_id)
    return json_response(
        {
            "id": new_id,
            "link": resource,
            "message": "ok",
            "description": "Thing was created successfully",
        },
        201,
        {"Location": resource},
    )


def refuse_static_routes(ids: str) -> None:
    """``POST /things/search`` and friends: a wrong method, not a thing id."""
    if ids in ("lookup", "search"):
        raise ApiError(
            405,
            "invalid_request",
            f"Method {request.method} is not allowed for /things/{ids}; use GET",
            headers={"Allow": "GET"},
        )


def _owned_thing(ids: str, caller: Viewer, action: str) -> Row:
    row = thing_or_404(ids)
    if not caller.is_user(row["owner"]):
        raise forbidden(
            f"You are not allowed to {action} thing {row['id']}: it belongs to {row['owner']}"
        )
    return row


@bp.patch("/things/<ids>")
@bp.post("/things/<ids>")
def update_thing(ids: str) -> Response:
    refuse_static_routes(ids)
    caller = require_scope("thing")
    fields = params.body(EDIT_FIELDS)
    method = str(fields.pop("_method", request.method)).lower()
    if request.method == "POST" and method != "patch":
        raise invalid_request(
            f"POST /things/{ids} only updates a thing: add _method=patch to "
            "the body (or send PATCH)"
        )
    row = _owned_thing(ids, caller, "update")
    current().store.update_thing(row["id"], validation.changes(fields), now())
    return json_response({"message": "ok", "description": "Thing was updated correctly"})


@bp.delete("/things/<ids>")
def delete_thing(ids: str) -> Response:
    refuse_static_routes(ids)
    caller = require_scope("thing")
    params.body(())
    row = _owned_thing(ids, caller, "delete")
    current().store.delete_thing(row["id"])
    return no_content()


def _things_of(username: str, caller: Viewer) -> Response:
    args = params.query(("count", "page", "full"))
    count, page = params.paging(args)
    full = params.flag(args, "full")
    rows = current().store.things_of(
        username, include_hidden=caller.is_user(username), count=count, page=page
    )
    return json_response(thing_bodies(rows, caller, full))


@bp.get("/users/<username>/things")
def user_things(username: str) -> Response:
    user = user_or_404(username)
    return _things_of(user["username"], viewer())


@bp.get("/user/things")
def my_things() -> Response:
    caller = require_token()
    assert caller.username is not None
    return _things_of(caller.username, caller)
