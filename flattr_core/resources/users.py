"""``api.users``: any user's profile, things, flattrs and activity stream.

``api.users('flattr')`` makes a User without a request (the older library's lazy form);
``api.users.get('flattr')`` fetches the profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flattr_core.models import Activities, Flattr, Thing, User
from flattr_core.resources.base import (
    ACTIVITY_ACCEPT,
    Resource,
    activity_params,
    list_pages,
    username_path,
)
from flattr_core.transport import parse

__all__ = ["UsersApi", "activities", "flattrs_pages", "things_pages"]


class UsersApi(Resource):
    """Endpoints under ``/users/{username}``."""

    def __call__(self, username: str) -> User:
        """A User that knows only its name; no request is made."""
        username_path(username)
        return User(username=username.strip(), _api=self._api)

    def get(self, username: str) -> User:
        """The user's public profile."""
        response = self._t.request("GET", f"/users/{username_path(username)}")
        return parse(response, "a user", lambda d: User.from_dict(d, self._api))

    def get_things(
        self, username: str, count: int | None = None, page: int | None = None, full: bool = False
    ) -> Iterator[Thing]:
        """The user's things: every page lazily when ``page`` is None, else that page."""
        return things_pages(self, f"/users/{username_path(username)}/things", count, page, full)

    def get_flattrs(
        self, username: str, count: int | None = None, page: int | None = None, full: bool = False
    ) -> Iterator[Flattr]:
        """The flattrs the user made: every page lazily when ``page`` is None."""
        return flattrs_pages(self, f"/users/{username_path(username)}/flattrs", count, page, full)

    def get_activities(self, username: str, type: str | None = None) -> Activities:
        """The user's Activity Stream ('outgoing', the default, or 'incoming')."""
        return activities(self, f"/users/{username_path(username)}/activities.as", type)


def things_pages(
    resource: Resource, path: str, count: int | None, page: int | None, full: bool
) -> Iterator[Thing]:
    api = resource._api
    return list_pages(
        resource, path, "things", lambda d, where: Thing.from_dict(d, api, where), count, page, full
    )


def flattrs_pages(
    resource: Resource, path: str, count: int | None, page: int | None, full: bool
) -> Iterator[Flattr]:
    api = resource._api
    return list_pages(
        resource,
        path,
        "flattrs",
        lambda d, where: Flattr.from_dict(d, api, where),
        count,
        page,
        full,
    )


def activities(resource: Resource, path: str, type: Any) -> Activities:
    # The .as suffix asks for Activity Streams; the Accept header goes on this request only
    # (the older library wrote it into the shared session and broke every later call).
    response = resource._t.request(
        "GET", path, params=activity_params(type), headers=ACTIVITY_ACCEPT
    )
    return parse(response, "an activity stream", Activities.from_dict)
