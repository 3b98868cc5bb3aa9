"""Typed objects for what the API returns: Thing, User, Flattr, Subscription, Activity, ...

Two rules:

* **Lenient with the server.** The live API sent ints as strings (``"flattrs_user_count":"2"``),
  booleans as ``0``/``1`` (``hidden``), ``null`` URLs and ``""`` images; all of that parses. Keys
  this module does not know are kept in ``extra``, so ``to_dict()`` gives back every field it was
  given (API field names, JSON-ready). A value of a really wrong type (a list where a title should
  be) raises :class:`~flattr_core.errors.ResponseError` naming the field and what came.
* **Strict with the caller.** Values *you* set on a Thing (``thing.title = ...``) are checked at
  once: a bad url, title, tags, language, category or hidden raises
  :class:`~flattr_core.errors.InputError` saying what is wrong.

Things, users and subscriptions built by the client remember it, so they can act: the older
python-flattr library's ``thing.commit()``, ``thing.support()``, ``user.get_things()`` ... work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

from flattr_core.catalog import CATEGORIES
from flattr_core.errors import InputError, ResponseError

if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.api import FlattrApi

__all__ = [
    "AccessToken",
    "Activities",
    "Activity",
    "Category",
    "DESCRIPTION_MAX",
    "Flattr",
    "FlattrResult",
    "Language",
    "RateLimit",
    "SearchResult",
    "Subscription",
    "TITLE_MAX",
    "Thing",
    "User",
    "WRITABLE_FIELDS",
]

# --------------------------------------------------------------------------------------------
# Lenient readers for server data


def _where(kind: str, key: str) -> str:
    return f"{kind}.{key}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


_INTEGER = re.compile(r"\s*-?\d+\s*")


def read_int(value: Any, where: str) -> int | None:
    """An int from an int, a numeric string, a bool or an integral float; None for null/""."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    raise ResponseError(f"{where}: expected an integer, received {_short(value)}")


def read_bool(value: Any, where: str) -> bool | None:
    """A bool from true/false, 0/1 or their string forms; None for null."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("0", "1", "true", "false", ""):
        return value.strip().lower() in ("1", "true")
    raise ResponseError(f"{where}: expected a boolean, received {_short(value)}")


def read_str(value: Any, where: str) -> str | None:
    """A str from a str (numbers are turned into text); None for null."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ResponseError(f"{where}: expected a string, received {_short(value)}")


def read_tags(value: Any, where: str) -> list[str]:
    """Tags from a list (the documented output) or a comma string (the input form)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, list):
        return [read_str(t, where) or "" for t in value]
    raise ResponseError(f"{where}: expected a list of tags, received {_short(value)}")


def read_object(value: Any, where: str) -> dict[str, Any]:
    """A JSON object, or an error saying what came instead."""
    if isinstance(value, dict):
        return value
    raise ResponseError(f"{where}: expected a JSON object, received {_short(value)}")


def read_list(value: Any, where: str) -> list[Any]:
    """A JSON array, or an error saying what came instead."""
    if isinstance(value, list):
        return value
    raise ResponseError(f"{where}: expected a JSON array, received {_short(value)}")


def _split(data: Mapping[str, Any], known: Iterable[str]) -> dict[str, Any]:
    names = set(known)
    return {k: v for k, v in data.items() if k not in names}


Reader = Callable[[Any, str], Any]


def _keep(value: Any, where: str) -> Any:
    """The value as it came (the caller reads it, e.g. an embedded user that needs the client)."""
    return value


def _read_fields(
    data: Mapping[str, Any], readers: Mapping[str, Reader], where: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the known keys of ``data`` read by their reader, the unknown keys as they came).

    Only the keys present are read: an absent or null field keeps the model's default (each
    reader turns null into that default anyway), so a sparse answer costs little to read.
    """
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        reader = readers.get(key)
        if reader is None:
            extra[key] = value
        elif value is not None:
            values[key] = reader(value, f"{where}.{key}")
    return values, extra


def _compact(pairs: Iterable[tuple[str, Any]], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in pairs if v is not None}
    for key, value in extra.items():
        out.setdefault(key, value)
    return out


# --------------------------------------------------------------------------------------------
# Strict checks for values the caller sets

WRITABLE_FIELDS: tuple[str, ...] = (
    "url",
    "title",
    "description",
    "tags",
    "language",
    "category",
    "hidden",
)
_WRITABLE = frozenset(WRITABLE_FIELDS)
TITLE_MAX = 100
DESCRIPTION_MAX = 1000
_LANGUAGE = re.compile(r"[a-z]{2,3}_[A-Z]{2}")
_HTTP_URL = re.compile(r"https?://[^\s/]+", re.IGNORECASE)
#: ``\s`` is ``str.isspace``: a URL has no whitespace anywhere.
_WHITESPACE = re.compile(r"\s")


def check_url(value: Any, name: str = "url") -> str:
    """An absolute http(s) URL, or InputError."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{name} must be an absolute http(s) URL string, got {_short(value)}")
    text = value.strip()
    if not _HTTP_URL.match(text) or _WHITESPACE.search(text):
        raise InputError(
            f"{name} must be an absolute http(s) URL such as 'https://example.com/post/', "
            f"got {_short(value)}"
        )
    return text


def check_field(name: str, value: Any) -> Any:
    """Validate one writable Thing field set by the caller; return the value to store."""
    if name == "url":
        return check_url(value)
    if value is None:
        return None
    if name in ("title", "description"):
        limit = TITLE_MAX if name == "title" else DESCRIPTION_MAX
        if not isinstance(value, str):
            raise InputError(f"{name} must be a string, got {_short(value)}")
        if len(value) > limit:
            raise InputError(
                f"{name} is {len(value)} characters long; Flattr accepts at most {limit}"
            )
        return value
    if name == "tags":
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise InputError(
                f"tags must be a list of strings like ['python', 'blog'], got {_short(value)}"
            )
        tags: list[str] = []
        for tag in value:
            if not isinstance(tag, str):
                raise InputError(f"every tag must be a string, got {_short(tag)} in tags")
            if "," in tag:
                raise InputError(
                    f"tag {tag!r} contains a comma; Flattr joins tags with commas, so a tag "
                    f"cannot contain one: split it into separate tags"
                )
            if tag.strip():
                tags.append(tag.strip())
        return tags
    if name == "language":
        if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
            raise InputError(
                f"language must be a Flattr language id like 'en_GB' or 'de_DE' "
                f"(see api.languages()), got {_short(value)}"
            )
        return value
    if name == "category":
        if value not in CATEGORIES:
            raise InputError(
                f"category must be one of {', '.join(CATEGORIES)}, got {_short(value)}"
            )
        return value
    if name == "hidden":
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise InputError(f"hidden must be True or False (or 1/0), got {_short(value)}")
    raise InputError(
        f"{name!r} is not a field you can set on a thing; "
        f"settable fields: {', '.join(WRITABLE_FIELDS)}"
    )


def form_value(name: str, value: Any) -> str:
    """The wire form of a writable field: tags comma-joined, hidden as 1/0."""
    if name == "tags":
        return ",".join(value)
    if name == "hidden":
        return "1" if value else "0"
    return str(value)


# --------------------------------------------------------------------------------------------
# Models


@dataclass(repr=False)
class RateLimit:
    """Rate-limit figures, from the ``X-RateLimit-*`` headers or from ``GET /rate_limit``.

    ``reset`` is the epoch second the hourly window ends.
    """

    limit: int | None = None
    remaining: int | None = None
    current: int | None = None
    reset: int | None = None
    reset_time: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    HEADERS: ClassVar[dict[str, str]] = {
        "limit": "X-RateLimit-Limit",
        "remaining": "X-RateLimit-Remaining",
        "current": "X-RateLimit-Current",
        "reset": "X-RateLimit-Reset",
    }

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit | None:
        """The figures in a response's headers, or None when it carried none."""
        values: dict[str, int | None] = {}
        for attr, header in cls.HEADERS.items():
            raw = headers.get(header)
            try:
                values[attr] = read_int(raw, header)
            except ResponseError:
                values[attr] = None  # an odd header must not break a good answer
        if all(v is None for v in values.values()):
            return None
        return cls(
            limit=values["limit"],
            remaining=values["remaining"],
            current=values["current"],
            reset=values["reset"],
        )

    @classmethod
    def from_dict(cls, data: Any) -> RateLimit:
        """The body of ``GET /rate_limit``."""
        d = read_object(data, "rate_limit")
        return cls(
            limit=read_int(d.get("hourly_limit"), "rate_limit.hourly_limit"),
            remaining=read_int(d.get("remaining_hits"), "rate_limit.remaining_hits"),
            current=read_int(d.get("current_hits"), "rate_limit.current_hits"),
            reset=read_int(d.get("reset_time_in_seconds"), "rate_limit.reset_time_in_seconds"),
            reset_time=read_str(d.get("reset_time"), "rate_limit.reset_time"),
            extra=_split(
                d,
                (
                    "hourly_limit",
                    "remaining_hits",
                    "current_hits",
                    "reset_time_in_seconds",
                    "reset_time",
                ),
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """In the shape of ``GET /rate_limit``."""
        return _compact(
            [
                ("hourly_limit", self.limit),
                ("remaining_hits", self.remaining),
                ("current_hits", self.current),
                ("reset_time_in_seconds", self.reset),
                ("reset_time", self.reset_time),
            ],
            self.extra,
        )

    def __repr__(self) -> str:
        return (
            f"RateLimit(limit={self.limit}, remaining={self.remaining}, "
            f"current={self.current}, reset={self.reset})"
        )


_USER_READERS: dict[str, Reader] = {
    "type": read_str,
    "resource": read_str,
    "link": read_str,
    "username": read_str,
    "url": read_str,
    "firstname": read_str,
    "lastname": read_str,
    "avatar": read_str,
    "about": read_str,
    "city": read_str,
    "country": read_str,
    "email": read_str,
    "registered_at": read_int,
    "id": read_str,
    "active_supporter": read_bool,
}
_USER_FIELDS = tuple(_USER_READERS)


@dataclass(repr=False, eq=False)
class User:
    """A Flattr user (full or mini). ``api.users('name')`` makes one without a request."""

    username: str | None = None
    type: str | None = None
    resource: str | None = None
    link: str | None = None
    url: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    avatar: str | None = None
    about: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    registered_at: int | None = None
    id: str | None = None
    active_supporter: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    _api: FlattrApi | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Any, api: FlattrApi | None = None, where: str = "user") -> User:
        if isinstance(data, str):  # some embeds name the user only
            return cls(username=data, _api=api)
        values, extra = _read_fields(read_object(data, where), _USER_READERS, where)
        return cls(**values, extra=extra, _api=api)

    def to_dict(self) -> dict[str, Any]:
        return _compact(((name, getattr(self, name)) for name in _USER_FIELDS), self.extra)

    def __repr__(self) -> str:
        return f"<User {self.username!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, User) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    # -- actions (need the client) -----------------------------------------------------------

    def _client(self) -> FlattrApi:
        if self._api is None:
            raise InputError(
                "this user is not attached to a client; "
                "get it with api.users('name') or api.users.get('name')"
            )
        if not self.username:
            raise InputError("this user has no username, so nothing can be asked about it")
        return self._api

    def get_things(
        self, count: int | None = None, page: int | None = None, full: bool = False
    ) -> Iterator[Thing]:
        """The user's things: every page lazily when ``page`` is None, else that one page."""
        return self._client().users.get_things(
            self.username or "", count=count, page=page, full=full
        )

    def get_flattrs(
        self, count: int | None = None, page: int | None = None, full: bool = False
    ) -> Iterator[Flattr]:
        """The flattrs this user made (lazy over every page when ``page`` is None)."""
        return self._client().users.get_flattrs(
            self.username or "", count=count, page=page, full=full
        )

    def get_activities(self, type: str | None = None) -> Activities:
        """The user's activity stream (``type`` is 'outgoing', the default, or 'incoming')."""
        return self._client().users.get_activities(self.username or "", type=type)

    def refresh(self) -> User:
        """Fetch the user's full record and fill this object in; returns self."""
        fresh = self._client().users.get(self.username or "")
        for f in fields(self):
            if f.name != "_api":
                setattr(self, f.name, getattr(fresh, f.name))
        return self


_THING_READERS: dict[str, Reader] = {
    "type": read_str,
    "resource": read_str,
    "link": read_str,
    "id": read_int,
    "url": read_str,
    "flattrs": read_int,
    "flattrs_user_count": read_int,
    "title": read_str,
    "description": read_str,
    "tags": read_tags,
    "language": read_str,
    "category": read_str,
    "created_at": read_int,
    "owner": _keep,  # a User, read by Thing.from_dict (it needs the client)
    "hidden": read_bool,
    "image": read_str,
    "flattred": read_bool,
    "subscribed": read_bool,
    "last_flattr_at": read_int,
    "updated_at": read_int,
}
_THING_FIELDS = tuple(_THING_READERS)


@dataclass(repr=False, eq=False)
class Thing:
    """A Flattr thing. Setting a writable field checks it and marks it changed for ``commit()``.

    Writable: url (only before the thing exists), title, description, tags, language, category,
    hidden. Everything else comes from the server.
    """

    id: int | None = None
    url: str | None = None
    title: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    category: str | None = None
    hidden: bool | None = None
    owner: User | None = None
    flattrs: int | None = None
    flattrs_user_count: int | None = None
    created_at: int | None = None
    updated_at: int | None = None
    last_flattr_at: int | None = None
    image: str | None = None
    flattred: bool | None = None
    subscribed: bool | None = None
    resource: str | None = None
    link: str | None = None
    type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    _api: FlattrApi | None = field(default=None, repr=False, compare=False)
    _dirty: set[str] = field(default_factory=set, repr=False, compare=False)
    _tracking: bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_tracking", True)

    def __setattr__(self, name: str, value: Any) -> None:
        # ``_tracking`` is the class's False until __post_init__: building a thing checks nothing.
        if self._tracking and name in _WRITABLE:
            value = check_field(name, value)
            if name == "url" and self.id is not None and value != self.url:
                raise InputError(
                    "the url of an existing thing cannot change; create a new "
                    "thing for the new URL instead"
                )
            object.__setattr__(self, name, value)
            self._dirty.add(name)
            return
        object.__setattr__(self, name, value)

    @classmethod
    def from_dict(cls, data: Any, api: FlattrApi | None = None, where: str = "thing") -> Thing:
        values, extra = _read_fields(read_object(data, where), _THING_READERS, where)
        owner = values.get("owner")
        if owner is not None:
            values["owner"] = User.from_dict(owner, api, _where(where, "owner"))
        return cls(**values, extra=extra, _api=api)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, API field names (fields that are None are left out)."""
        pairs: list[tuple[str, Any]] = []
        for name in _THING_FIELDS:
            value = getattr(self, name)
            if name == "owner" and value is not None:
                value = value.to_dict()
            elif name == "tags":
                value = list(value)
            pairs.append((name, value))
        return _compact(pairs, self.extra)

    def writable_fields(self) -> dict[str, Any]:
        """The fields a create would send (set ones only), checked."""
        return {
            n: check_field(n, getattr(self, n))
            for n in WRITABLE_FIELDS
            if getattr(self, n) not in (None, [])
        }

    @property
    def dirty(self) -> frozenset[str]:
        """Names of the fields changed since the thing was loaded or last committed."""
        return frozenset(self._dirty)

    def __repr__(self) -> str:
        label = f"{self.id}" if self.id is not None else "(new)"
        return f"<Thing {label} {self.title or self.url or ''!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Thing) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def _replace_from(self, other: Thing) -> None:
        for f in fields(self):
            if f.name not in ("_api", "_dirty", "_tracking"):
                object.__setattr__(self, f.name, getattr(other, f.name))
        self._dirty.clear()

    # -- actions (need the client) -----------------------------------------------------------

    def _client(self) -> FlattrApi:
        if self._api is None:
            raise InputError(
                "this thing is not attached to a client; make it with "
                "api.things.new(...) or get it with api.things.get(id)"
            )
        return self._api

    def _require_id(self) -> int:
        if self.id is None:
            raise InputError("this thing has no id yet; call thing.commit() to create it first")
        return self.id

    def commit(self) -> Thing:
        """Create the thing (no id yet) or send the fields changed since it was loaded.

        A thing with an id and nothing changed sends no request. Returns self.
        """
        api = self._client()
        if self.id is None:
            values = self.writable_fields()
            if "url" not in values:
                raise InputError("url is required to create a thing: set thing.url first")
            self._replace_from(api.things.create(**values))
            return self
        if not self._dirty:
            return self
        changes = {n: getattr(self, n) for n in WRITABLE_FIELDS if n in self._dirty and n != "url"}
        if changes:
            api.things.update(self.id, **changes)
        self._dirty.clear()
        return self

    def refresh(self) -> Thing:
        """Reload every field from the server (local changes are dropped); returns self."""
        fresh = self._client().things.get(self._require_id())
        self._replace_from(fresh)
        return self

    def delete(self) -> None:
        """Delete the thing. Its fields stay, so ``commit()`` would create it again."""
        self._client().things.delete(self._require_id())
        object.__setattr__(self, "id", None)
        self._dirty.update(n for n in WRITABLE_FIELDS if getattr(self, n) not in (None, []))

    def support(self) -> FlattrResult:
        """Flattr this thing."""
        result = self._client().things.flattr(self._require_id())
        self.flattred = True
        return result

    flattr = support

    def subscribe(self) -> FlattrResult:
        """Subscribe to this thing (the server is asked every time; it knows best)."""
        result = self._client().things.subscribe(self._require_id())
        self.subscribed = True
        return result

    def pause_subscription(self) -> str:
        """Pause a running subscription or restart a paused one: 'paused' or 'started'.

        Either way the thing stays subscribed (the older library wrongly cleared the flag).
        """
        state = self._client().things.toggle_subscription(self._require_id())
        self.subscribed = True
        return state

    toggle_subscription = pause_subscription

    def unsubscribe(self) -> None:
        """End the subscription to this thing."""
        self._client().things.unsubscribe(self._require_id())
        self.subscribed = False

    def get_flattrs(
        self, count: int | None = None, page: int | None = None, full: bool = False
    ) -> Iterator[Flattr]:
        """Who flattred this thing (lazy over every page when ``page`` is None)."""
        return self._client().things.get_flattrs(
            self._require_id(), count=count, page=page, full=full
        )


_FLATTR_FIELDS = ("type", "thing", "owner", "created_at")


@dataclass(repr=False)
class Flattr:
    """One flattr: ``owner`` flattred ``thing`` at ``created_at``."""

    thing: Thing | None = None
    owner: User | None = None
    created_at: int | None = None
    type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, api: FlattrApi | None = None, where: str = "flattr") -> Flattr:
        d = read_object(data, where)
        thing, owner = d.get("thing"), d.get("owner")
        return cls(
            thing=None if thing is None else Thing.from_dict(thing, api, _where(where, "thing")),
            owner=None if owner is None else User.from_dict(owner, api, _where(where, "owner")),
            created_at=read_int(d.get("created_at"), _where(where, "created_at")),
            type=read_str(d.get("type"), _where(where, "type")),
            extra=_split(d, _FLATTR_FIELDS),
        )

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            [
                ("type", self.type),
                ("thing", self.thing.to_dict() if self.thing else None),
                ("owner", self.owner.to_dict() if self.owner else None),
                ("created_at", self.created_at),
            ],
            self.extra,
        )

    def __repr__(self) -> str:
        who = self.owner.username if self.owner else "?"
        what = self.thing.id if self.thing else "?"
        return f"<Flattr {who} -> thing {what} at {self.created_at}>"


_SUBSCRIPTION_FIELDS = ("type", "active", "created_at", "started_at", "thing")


@dataclass(repr=False)
class Subscription:
    """A subscription of the token's user to a thing; ``active`` False means paused."""

    thing: Thing | None = None
    active: bool | None = None
    created_at: int | None = None
    started_at: int | None = None
    type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(
        cls, data: Any, api: FlattrApi | None = None, where: str = "subscription"
    ) -> Subscription:
        d = read_object(data, where)
        thing_data = d.get("thing")
        thing = None
        if thing_data is not None:
            thing = Thing.from_dict(thing_data, api, _where(where, "thing"))
            if thing.subscribed is None:
                # It is in the subscription list, so it is subscribed (the older library said
                # False here, which made sub.thing.unsubscribe() a silent no-op).
                object.__setattr__(thing, "subscribed", True)
        return cls(
            thing=thing,
            active=read_bool(d.get("active"), _where(where, "active")),
            created_at=read_int(d.get("created_at"), _where(where, "created_at")),
            started_at=read_int(d.get("started_at"), _where(where, "started_at")),
            type=read_str(d.get("type"), _where(where, "type")),
            extra=_split(d, _SUBSCRIPTION_FIELDS),
        )

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            [
                ("type", self.type),
                ("active", self.active),
                ("created_at", self.created_at),
                ("started_at", self.started_at),
                ("thing", self.thing.to_dict() if self.thing else None),
            ],
            self.extra,
        )

    def __repr__(self) -> str:
        label = (self.thing.title or self.thing.id) if self.thing else "?"
        state = "active" if self.active else "paused"
        return f"<Subscription {label!r} {state}>"


_ACTIVITY_FIELDS = ("id", "published", "title", "verb", "actor", "object")


@dataclass(repr=False)
class Activity:
    """One Activity Streams 1.0 item (a flattr is verb ``like`` on a ``bookmark``)."""

    id: str | None = None
    published: str | None = None
    title: str | None = None
    verb: str | None = None
    actor: dict[str, Any] = field(default_factory=dict)
    object: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, where: str = "activity") -> Activity:
        d = read_object(data, where)
        actor, obj = d.get("actor"), d.get("object")
        return cls(
            id=read_str(d.get("id"), _where(where, "id")),
            published=read_str(d.get("published"), _where(where, "published")),
            title=read_str(d.get("title"), _where(where, "title")),
            verb=read_str(d.get("verb"), _where(where, "verb")),
            actor={} if actor is None else read_object(actor, _where(where, "actor")),
            object={} if obj is None else read_object(obj, _where(where, "object")),
            extra=_split(d, _ACTIVITY_FIELDS),
        )

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            [
                ("published", self.published),
                ("title", self.title),
                ("actor", self.actor or None),
                ("verb", self.verb),
                ("object", self.object or None),
                ("id", self.id),
            ],
            self.extra,
        )

    def __repr__(self) -> str:
        return f"<Activity {self.title or self.id!r}>"


@dataclass(repr=False)
class Activities:
    """An activity stream: ``items`` plus whatever else the stream carried."""

    items: list[Activity] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, where: str = "activities") -> Activities:
        d = read_object(data, where)
        raw = d.get("items")
        items = [] if raw is None else read_list(raw, _where(where, "items"))
        return cls(
            items=[Activity.from_dict(i, f"{where}.items[{n}]") for n, i in enumerate(items)],
            extra=_split(d, ("items",)),
        )

    def to_dict(self) -> dict[str, Any]:
        return _compact([("items", [i.to_dict() for i in self.items])], self.extra)

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<Activities {len(self.items)} items>"


_SEARCH_FIELDS = ("total_items", "items", "page", "things")


@dataclass(repr=False)
class SearchResult:
    """One page of a search. ``things`` is a list, so it can be iterated again and again."""

    total_items: int | None = None
    items: int | None = None
    page: int | None = None
    things: list[Thing] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(
        cls, data: Any, api: FlattrApi | None = None, where: str = "search"
    ) -> SearchResult:
        d = read_object(data, where)
        raw = d.get("things")
        things = [] if raw is None else read_list(raw, _where(where, "things"))
        return cls(
            total_items=read_int(d.get("total_items"), _where(where, "total_items")),
            items=read_int(d.get("items"), _where(where, "items")),
            page=read_int(d.get("page"), _where(where, "page")),
            things=[Thing.from_dict(t, api, f"{where}.things[{n}]") for n, t in enumerate(things)],
            extra=_split(d, _SEARCH_FIELDS),
        )

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            [
                ("total_items", self.total_items),
                ("items", self.items),
                ("page", self.page),
                ("things", [t.to_dict() for t in self.things]),
            ],
            self.extra,
        )

    def __iter__(self) -> Iterator[Thing]:
        return iter(self.things)

    def __len__(self) -> int:
        return len(self.things)

    def __repr__(self) -> str:
        return f"<SearchResult page {self.page}: {len(self.things)} of {self.total_items}>"


@dataclass(repr=False)
class Category:
    """A category: ``id`` (used in the API) and ``text`` (its label)."""

    id: str
    text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, where: str = "category") -> Category:
        d = read_object(data, where)
        ident = read_str(d.get("id"), _where(where, "id"))
        if ident is None:
            raise ResponseError(f"{where}: no id in {_short(d)}")
        # Docs before 2012-09 said "name"; accept it as the label.
        text = read_str(d.get("text", d.get("name")), _where(where, "text"))
        return cls(id=ident, text=text, extra=_split(d, ("id", "text")))

    def to_dict(self) -> dict[str, Any]:
        return _compact([("id", self.id), ("text", self.text)], self.extra)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.text!r}>"


@dataclass(repr=False)
class Language(Category):
    """A language: ``id`` like ``en_GB`` and ``text`` like ``English``."""

    @classmethod
    def from_dict(cls, data: Any, where: str = "language") -> Language:
        base = Category.from_dict(data, where)
        return cls(id=base.id, text=base.text, extra=base.extra)


_RESULT_FIELDS = ("message", "description", "thing", "location")


@dataclass(repr=False)
class FlattrResult:
    """The answer to flattring or subscribing: ``message`` ('ok'), ``description``, ``thing``."""

    message: str | None = None
    description: str | None = None
    thing: Thing | None = None
    location: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(
        cls, data: Any, api: FlattrApi | None = None, where: str = "result"
    ) -> FlattrResult:
        d = read_object(data, where)
        thing = d.get("thing")
        return cls(
            message=read_str(d.get("message"), _where(where, "message")),
            description=read_str(d.get("description"), _where(where, "description")),
            thing=None if thing is None else Thing.from_dict(thing, api, _where(where, "thing")),
            location=read_str(d.get("location"), _where(where, "location")),
            extra=_split(d, _RESULT_FIELDS),
        )

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            [
                ("message", self.message),
                ("description", self.description),
                ("thing", self.thing.to_dict() if self.thing else None),
                ("location", self.location),
            ],
            self.extra,
        )

    @property
    def ok(self) -> bool:
        return self.message == "ok"

    def __repr__(self) -> str:
        return f"<FlattrResult {self.message!r} {self.description!r}>"


@dataclass(repr=False)
class AccessToken:
    """What the OAuth token endpoint gives. ``token_type`` is lower-cased ('bearer').

    The token itself never shows in the repr.
    """

    access_token: str = field(repr=False)
    token_type: str = "bearer"
    scope: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, where: str = "token") -> AccessToken:
        d = read_object(data, where)
        token = read_str(d.get("access_token"), _where(where, "access_token"))
        if not token:
            keys = ", ".join(sorted(d)) or "nothing"
            raise ResponseError(f"the token answer has no access_token (it had: {keys})")
        kind = (read_str(d.get("token_type"), _where(where, "token_type")) or "bearer").lower()
        return cls(
            access_token=token,
            token_type=kind,
            scope=read_str(d.get("scope"), _where(where, "scope")),
            extra=_split(d, ("access_token", "token_type", "scope")),
        )

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(s for s in re.split(r"[\s,+]+", self.scope or "") if s)

    def to_dict(self) -> dict[str, Any]:
        return _compact(
            [
                ("access_token", self.access_token),
                ("token_type", self.token_type),
                ("scope", self.scope),
            ],
            self.extra,
        )

    def __repr__(self) -> str:
        return f"AccessToken(token_type={self.token_type!r}, scope={self.scope!r})"
