"""``api.authenticated``: the token's own user (``/user``): profile, things, flattrs,
subscriptions and activities. Every call needs a token."""

from __future__ import annotations

from collections.abc import Iterator

from flattr_core.models import Activities, Flattr, Subscription, Thing, User
from flattr_core.resources.base import Resource, parse_list
from flattr_core.resources.users import activities, flattrs_pages, things_pages
from flattr_core.transport import parse

__all__ = ["AuthenticatedApi"]


class AuthenticatedApi(Resource):
    """Endpoints under ``/user``."""

    def get(self) -> User:
        """The token's user (with ``email``/``registered_at`` when the scopes allow)."""
        response = self._t.request("GET", "/user")
        return parse(response, "a user", lambda d: User.from_dict(d, self._api))

    def get_things(
        self, count: int | None = None, page: int | None = None, full: bool = False
    ) -> Iterator[Thing]:
        """Your things: every page lazily (100 per request) when ``page`` is None."""
        return things_pages(self, "/user/things", count, page, full)

    def get_flattrs(
        self, count: int | None = None, page: int | None = None, full: bool = False
    ) -> Iterator[Flattr]:
        """The flattrs you made: every page lazily when ``page`` is None."""
        return flattrs_pages(self, "/user/flattrs", count, page, full)

    def get_subscriptions(self) -> list[Subscription]:
        """Your subscriptions (the API returns them all at once)."""
        return parse_list(
            self._t.request("GET", "/user/subscriptions"),
            "subscriptions",
            lambda d, where: Subscription.from_dict(d, self._api, where),
        )

    def get_activities(self, type: str | None = None) -> Activities:
        """Your Activity Stream ('outgoing', the default, or 'incoming')."""
        return activities(self, "/user/activities.as", type)
