"""Database rows -> API bodies, in the documented key order (Flattr API docs: objects).

Choices where the live server was inconsistent (§1 "JSON conventions", §11 q14): the sandbox
answers the *documented* types: ``hidden`` is a JSON boolean, ``flattrs_user_count`` an int,
``active_supporter`` the int ``0``/``1`` of the wire samples, timestamps are ints. ``resource``
and ``link`` URLs use the sandbox's own base URL (``resource`` lower-cases the username, as the
live server did).

Visibility of thing fields (§3.1): anonymous callers get the public fields; an authenticated
caller also gets ``flattred`` and ``subscribed``; the owner also gets ``last_flattr_at`` and
``updated_at``. ``flattred`` means "flattred by the caller this period" (the calendar month),
so it is true exactly when flattring again would answer ``flattr_once``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .store import Row

Body = dict[str, Any]


@dataclass(frozen=True)
class Links:
    """Where this sandbox lives: ``base`` is e.g. ``http://127.0.0.1:8765`` (no slash)."""

    base: str

    @property
    def api(self) -> str:
        return self.base + "/rest/v2"

    def thing_resource(self, thing_id: int) -> str:
        return f"{self.base}/rest/v2/things/{thing_id}"

    def thing_link(self, thing_id: int) -> str:
        return f"{self.base}/thing/{thing_id}"

    def user_resource(self, username: str) -> str:
        return f"{self.base}/rest/v2/users/{username.lower()}"

    def user_link(self, username: str) -> str:
        return f"{self.base}/profile/{username}"


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the token's user and scopes (anonymous: ``username is None``)."""

    username: str | None = None
    scopes: frozenset[str] = frozenset()

    def is_user(self, username: str) -> bool:
        return self.username is not None and self.username.lower() == username.lower()


ANONYMOUS = Viewer()


def tags_of(row: Row) -> list[str]:
    tags: str = row["tags"]
    return tags.split(",") if tags else []


def mini_user(links: Links, username: str) -> Body:
    return {
        "type": "user",
        "resource": links.user_resource(username),
        "link": links.user_link(username),
        "username": username,
    }


def full_user(links: Links, user: Row, *, email: bool = False, registered: bool = False) -> Body:
    username: str = user["username"]
    body: Body = {
        "type": "user",
        "resource": links.user_resource(username),
        "link": links.user_link(username),
        "id": user["uid"],
        "username": username,
        "firstname": user["firstname"],
        "lastname": user["lastname"],
        "avatar": user["avatar"],
        "about": user["about"],
        "city": user["city"],
        "country": user["country"],
        "active_supporter": int(user["means"]),
        "url": user["url"],
    }
    if email:
        body["email"] = user["email"]
    if registered:
        body["registered_at"] = user["registered_at"]
    return body


def _thing_head(links: Links, thing: Row) -> Body:
    """The keys both thing shapes start with, in the documented order."""
    return {
        "type": "thing",
        "resource": links.thing_resource(thing["id"]),
        "link": links.thing_link(thing["id"]),
        "id": thing["id"],
        "url": thing["url"],
    }


def mini_thing(links: Links, thing: Row, *, with_owner: bool = False) -> Body:
    body: Body = {
        **_thing_head(links, thing),
        "title": thing["title"],
        "image": thing["image"],
        "flattrs": thing["flattrs"],
    }
    if with_owner:
        body["owner"] = mini_user(links, thing["owner"])
    return body


def full_thing(
    links: Links,
    thing: Row,
    viewer: Viewer,
    *,
    owner: Body,
    flattred: bool = False,
    subscribed: bool = False,
) -> Body:
    """The full Thing; ``owner`` is already shaped (mini, or full with ``full``)."""
    body: Body = {
        **_thing_head(links, thing),
        "flattrs": thing["flattrs"],
        "flattrs_user_count": thing["flattrs_user_count"],
        "title": thing["title"],
        "description": thing["description"],
        "tags": tags_of(thing),
        "language": thing["language"],
        "category": thing["category"],
        "created_at": thing["created_at"],
        "owner": owner,
        "hidden": bool(thing["hidden"]),
        "image": thing["image"],
    }
    if viewer.username is not None:
        body["flattred"] = flattred
        body["subscribed"] = subscribed
        if viewer.is_user(thing["owner"]):
            body["last_flattr_at"] = thing["last_flattr_at"]
            body["updated_at"] = thing["updated_at"]
    return body


def iso8601(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat()


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def slug(title: str) -> str:
    return _NOT_ALNUM.sub("-", title).strip("-") or "thing"


def activity(links: Links, flattrer: str, thing: Row, flattred_at: int) -> Body:
    """One Activity Streams 1.0 item: a flattr is verb ``like`` on a ``bookmark`` (§3.7)."""
    day = datetime.fromtimestamp(flattred_at, timezone.utc).strftime("%Y-%m-%d")
    return {
        "published": iso8601(flattred_at),
        "title": f'{flattrer} flattred "{thing["title"]}"',
        "actor": {
            "displayName": flattrer,
            "url": links.user_link(flattrer),
            "objectType": "person",
        },
        "verb": "like",
        "object": {
            "displayName": thing["title"],
            "url": f"{links.thing_link(thing['id'])}/{slug(thing['title'])}",
            "objectType": "bookmark",
        },
        "id": f"tag:flattr.com,{day}:{flattrer}/flattr/{thing['id']}",
    }
