"""What every resource group shares: the client, argument checks, path building."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

import requests

from flattr_core.errors import InputError
from flattr_core.models import read_list
from flattr_core.pagination import paginate
from flattr_core.transport import Transport, parse

if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.api import FlattrApi

__all__ = [
    "ACTIVITY_ACCEPT",
    "ACTIVITY_TYPES",
    "Resource",
    "activity_params",
    "full_param",
    "id_path",
    "list_pages",
    "page_params",
    "parse_list",
    "username_path",
]

ACTIVITY_TYPES = ("outgoing", "incoming")
ACTIVITY_ACCEPT = {"Accept": "application/stream+json"}

T = TypeVar("T")


class Resource:
    """A group of endpoints (things, users, ...) bound to one client."""

    def __init__(self, api: FlattrApi) -> None:
        self._api = api

    @property
    def _t(self) -> Transport:
        return self._api.transport

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._api!r}>"


def id_path(value: Any) -> str:
    """A thing id as it goes in a path, from an int, a digit string or a Thing."""
    ident = getattr(value, "id", value) if not isinstance(value, (int, str)) else value
    if isinstance(ident, bool):
        ident = None
    if isinstance(ident, int) and ident > 0:
        return str(ident)
    if isinstance(ident, str) and re.fullmatch(r"\s*\d+\s*", ident) and int(ident) > 0:
        return ident.strip()
    raise InputError(
        f"a thing id must be a positive number like 4085245 or '4085245', got {value!r}"
    )


def username_path(value: Any) -> str:
    """A username quoted for a path segment (so 'a/../b' cannot walk the API's paths)."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"a username must be a non-empty string like 'flattr', got {value!r}")
    return quote(value.strip(), safe="")


def full_param(full: Any) -> dict[str, str]:
    """``full=1`` when asked for, nothing otherwise (the API only checks presence)."""
    if not isinstance(full, bool):
        raise InputError(f"full must be True or False, got {full!r}")
    return {"full": "1"} if full else {}


def activity_params(type: Any) -> dict[str, str]:
    if type is None:
        return {}
    if type not in ACTIVITY_TYPES:
        raise InputError(f"activity type must be 'outgoing' or 'incoming', got {type!r}")
    return {"type": type}


def page_params(page: int, count: int | None, full: bool) -> dict[str, Any]:
    params: dict[str, Any] = {"page": page}
    if count is not None:
        params["count"] = count
    params.update(full_param(full))
    return params


def parse_list(response: requests.Response, key: str, build: Callable[[Any, str], T]) -> list[T]:
    """The objects of a list answer (``{"things": [...]}`` or a bare list), each built by
    ``build(data, where)`` with ``where`` naming its place (``things[3]``) for error messages."""
    return parse(
        response,
        f"a list of {key}",
        lambda data: [build(item, f"{key}[{n}]") for n, item in enumerate(read_list(data, key))],
    )


def list_pages(
    resource: Resource,
    path: str,
    key: str,
    build: Callable[[Any, str], T],
    count: int | None,
    page: int | None,
    full: bool,
) -> Iterator[T]:
    """A paged list endpoint: every page lazily when ``page`` is None, else that page."""
    full_param(full)  # checked now, not at the first next()

    def fetch(page_no: int, size: int | None) -> list[T]:
        response = resource._t.request("GET", path, params=page_params(page_no, size, full))
        return parse_list(response, key, build)

    return paginate(fetch, count=count, page=page)
