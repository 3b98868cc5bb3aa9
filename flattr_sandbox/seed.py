"""Seed data: the demo app, the demo accounts and the users and things of the documentation.

Accounts for people trying things out:

- ``alice``: the demo blogger; owns four things (one hidden), has means to flattr.
- ``bob``: a reader with means; subscribed to simon_g's Twitter thing, has flattred alice.
- ``carol``: a reader *without* means (flattring answers ``401 no_means``).
- ``flattr``: Flattr's own account (owns the blog post of the docs' mini-thing example).

The rest are the users and things of the Flattr API docs' examples and of the wire samples
(``simon_g``, ``smgt``, ``thornkvist``, ``gnuproject``, ``qzio``, ``pthulin``, ...), with their
documented ids, titles, URLs and counters, so documented example calls answer
documented-looking bodies (e.g. ``GET /things/268185`` is "simongate on Twitter").

OAuth apps: ``sandbox-demo`` / ``sandbox-demo-secret`` accepts any loopback redirect URI on any
port (as native apps need); ``sandbox-web`` / ``sandbox-web-secret`` accepts exactly
``https://example.com/flattr/callback``, for exact-match tests.

The rows themselves are data, in ``data/seed.json``: each user and thing lists only the fields
that differ from the defaults of :class:`SeedUser` and :class:`SeedThing` below, and things are
grouped by where they come from (the demo accounts, the docs' examples, the recorded lists).
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from .datafiles import load


class SeedUser(NamedTuple):
    username: str
    uid: str  # the opaque 6-character id of the ~2013 API
    firstname: str = ""
    lastname: str = ""
    about: str = ""
    city: str = ""
    country: str = ""
    url: str | None = None
    avatar: str = ""
    email: str = ""
    registered_at: int = 1300000000
    means: bool = True


class SeedThing(NamedTuple):
    id: int
    owner: str
    url: str
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    category: str = "rest"
    language: str = "en_GB"
    hidden: bool = False
    image: str = ""
    created_at: int = 1330000000
    flattrs: int = 0
    flattrs_user_count: int = 0


class SeedApp(NamedTuple):
    client_id: str
    client_secret: str
    name: str
    redirect_uri: str
    any_loopback: bool


class SeedFlattr(NamedTuple):
    username: str
    thing_id: int
    created_at: int


class SeedSubscription(NamedTuple):
    username: str
    thing_id: int
    active: bool
    created_at: int
    started_at: int


def _thing(row: dict[str, Any]) -> SeedThing:
    return SeedThing(**{**row, "tags": tuple(row.get("tags", ()))})


_SEED: Final = load("seed.json")

APPS: Final = tuple(SeedApp(**row) for row in _SEED["apps"])
USERS: Final = tuple(SeedUser(**row) for row in _SEED["users"])
THINGS: Final = tuple(_thing(row) for group in _SEED["things"].values() for row in group)
FLATTRS: Final = tuple(SeedFlattr(**row) for row in _SEED["flattrs"])
SUBSCRIPTIONS: Final = tuple(SeedSubscription(**row) for row in _SEED["subscriptions"])

#: The demo app (the first): what ``flattr login`` against the sandbox and the banner use.
DEMO_CLIENT_ID: Final[str] = APPS[0].client_id
DEMO_CLIENT_SECRET: Final[str] = APPS[0].client_secret
#: The account the banner's token and ``mint_token()`` are for by default.
DEMO_USER: Final[str] = _SEED["demo_user"]
