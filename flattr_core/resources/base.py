"""What every resource group shares: the client, argument checks, path building."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from flattr_core.errors import InputError
from flattr_core.transport import Transport

if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.api import FlattrApi

__all__ = [
    "ACTIVITY_ACCEPT",
    "ACTIVITY_TYPES",
    "Resource",
    "activity_params",
    "full_param",
    "id_path",
    "page_params",
    "username_path",
]

ACTIVITY_TYPES = ("outgoing", "incoming")
ACTIVITY_ACCEPT = {"Accept": "application/stream+json"}


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
