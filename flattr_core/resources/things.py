"""``api.things``: get, look up, search, create, update, delete, flattr, subscribe.

Creating is the one write that is never repeated blindly: if an attempt fails in a way that may
have created the thing anyway (dropped connection, timeout, 5xx, unreadable answer), the URL is
looked up first and an existing thing is returned instead of making a second one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

from flattr_core.errors import ApiError, FlattrError, InputError, ResponseError
from flattr_core.models import (
    WRITABLE_FIELDS,
    Flattr,
    FlattrResult,
    SearchResult,
    Thing,
    check_field,
    check_url,
    form_value,
    read_list,
    read_object,
)
from flattr_core.pagination import check_positive, paginate
from flattr_core.resources.base import Resource, full_param, id_path
from flattr_core.resources.users import flattrs_pages
from flattr_core.transport import decode_json, may_have_acted, parse

__all__ = ["LookupResult", "SEARCH_SORTS", "ThingsApi"]

log = logging.getLogger("flattr_core")

SEARCH_SORTS = ("relevance", "trend", "flattrs", "flattrs_month", "flattrs_week", "flattrs_day")
_REDIRECTS = (301, 302, 303, 307, 308)
_THING_IN_PATH = re.compile(r"/things/(\d+)(?:[/?#.]|$)")


@dataclass
class LookupResult:
    """What ``things.lookup_status(url)`` found: status 'found', 'not_found' or 'flattrable'.

    'flattrable' means there is no thing yet but ``api.flattr_url(url)`` would create one
    (a discoverable URL such as a GitHub repository, or an auto-submit URL).
    """

    status: Literal["found", "not_found", "flattrable"]
    thing: Thing | None = None
    location: str | None = None


class ThingsApi(Resource):
    """Endpoints under ``/things``."""

    # -- reading -----------------------------------------------------------------------------

    def new(self, **fields: Any) -> Thing:
        """An unsaved thing; ``commit()`` creates it. Each field is checked as it is set."""
        thing = Thing(_api=self._api)
        for name, value in fields.items():
            if name not in WRITABLE_FIELDS:
                raise InputError(
                    f"{name!r} is not a field you can set on a new thing; "
                    f"settable fields: {', '.join(WRITABLE_FIELDS)}"
                )
            setattr(thing, name, value)
        return thing

    @overload
    def get(self, thing_id: int | str, /, *, full: bool = False) -> Thing: ...

    @overload
    def get(
        self, first: int | str, second: int | str, /, *more: int | str, full: bool = False
    ) -> list[Thing]: ...

    def get(self, *ids: int | str, full: bool = False) -> Thing | list[Thing]:
        """One id -> a Thing; several ids -> a list of Things (one request, ids in the path).

        Ids may be ints or digit strings. The ids are joined with literal commas, which the API
        requires (it refuses ``%2C``).
        """
        if not ids:
            raise InputError("things.get needs at least one thing id, e.g. things.get(4085245)")
        path = "/things/" + ",".join(id_path(i) for i in ids)
        response = self._t.request("GET", path, params=full_param(full))
        if len(ids) == 1:
            return parse(response, "a thing", self._one_thing)
        return parse(response, "a list of things", self._thing_list)

    def _one_thing(self, data: Any) -> Thing:
        if isinstance(data, list):  # a server may answer a one-id multi-get with a list
            if not data:
                raise ResponseError("expected a thing, received an empty list")
            data = data[0]
        return Thing.from_dict(data, self._api)

    def _thing_list(self, data: Any) -> list[Thing]:
        items = [data] if isinstance(data, dict) else read_list(data, "things")
        return [Thing.from_dict(t, self._api, f"things[{n}]") for n, t in enumerate(items)]

    def lookup(self, url: str) -> Thing | None:
        """The thing for ``url``, or None when Flattr has none (every answer shape handled)."""
        return self.lookup_status(url).thing

    def lookup_status(self, url: str) -> LookupResult:
        """Like ``lookup`` but also says whether an unknown URL is 'flattrable'."""
        url = check_url(url)
        # Redirects are followed here, not by requests, so that the found thing is fetched
        # through the same retries and error handling (and never from another host).
        response = self._t.request(
            "GET", "/things/lookup", params={"url": url}, expect=(404,), allow_redirects=False
        )
        body: Any = None
        if response.content.strip():
            try:
                body = decode_json(response, "a lookup answer")
            except ResponseError:
                if response.status_code not in _REDIRECTS + (404,):
                    raise
        if response.status_code in _REDIRECTS:
            location = response.headers.get("Location")
            if not location and isinstance(body, dict):
                location = body.get("location")
            return self._found(location, response.url)
        if response.status_code == 404:
            return LookupResult("not_found")
        if isinstance(body, dict) and "id" not in body and "message" in body:
            message = str(body.get("message")).lower()
            if message == "found":
                return self._found(body.get("location"), response.url)
            if message == "not_found":
                return LookupResult("not_found")
            if message == "flattrable":
                return LookupResult("flattrable", location=body.get("location"))
            raise ResponseError(
                f"GET {response.url}: unknown lookup answer {body!r}",
                url=response.url,
                status=response.status_code,
                received=str(body)[:120],
                response=response,
            )
        # The redirect was followed on the way (a proxy, or a server that answers directly).
        return LookupResult("found", thing=parse(response, "a thing", self._one_thing))

    def _found(self, location: Any, where: str) -> LookupResult:
        match = _THING_IN_PATH.search(location) if isinstance(location, str) else None
        if match is None:
            raise ResponseError(
                f"GET {where}: the lookup said 'found' but its location "
                f"{location!r} names no thing id",
                url=where,
                received=repr(location),
            )
        return LookupResult("found", thing=self.get(match.group(1)), location=location)

    def search(
        self,
        query: str | None = None,
        tags: str | Sequence[str] | None = None,
        language: str | Sequence[str] | None = None,
        category: str | Sequence[str] | None = None,
        user: str | None = None,
        url: str | None = None,
        sort: str | None = None,
        page: int | None = None,
        count: int | None = None,
        full: bool = False,
    ) -> SearchResult:
        """One page of search results (``things`` can be iterated as often as you like).

        ``tags`` is Flattr's tag expression (``'photo & flickr ! illustrations'``); a list of
        tags means all of them. ``language`` and ``category`` take one id or a list.
        """
        params = self._search_params(query, tags, language, category, user, url, sort, count, full)
        if check_positive("page", page) is not None:
            params["page"] = page
        response = self._t.request("GET", "/things/search", params=params)
        return parse(response, "a search result", lambda d: SearchResult.from_dict(d, self._api))

    def search_all(self, query: str | None = None, **filters: Any) -> Iterator[Thing]:
        """Every matching thing, page after page, lazily (same filters as ``search``)."""
        if "page" in filters:
            raise InputError("search_all walks every page itself; use search(page=...) for one")
        count = filters.pop("count", None)
        full = filters.pop("full", False)
        params = self._search_params(query, full=full, count=None, **filters)

        def fetch(page: int, size: int | None) -> list[Thing]:
            response = self._t.request(
                "GET", "/things/search", params={**params, "page": page, "count": size}
            )
            return parse(
                response, "a search result", lambda d: SearchResult.from_dict(d, self._api)
            ).things

        return paginate(fetch, count=count)

    @staticmethod
    def _search_params(
        query: Any = None,
        tags: Any = None,
        language: Any = None,
        category: Any = None,
        user: Any = None,
        url: Any = None,
        sort: Any = None,
        count: Any = None,
        full: Any = False,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, value in (("query", query), ("user", user)):
            if value is not None:
                if not isinstance(value, str):
                    raise InputError(f"search {name} must be a string, got {value!r}")
                params[name] = value
        if tags is not None:
            params["tags"] = tags if isinstance(tags, str) else " & ".join(_strs("tags", tags))
        for name, value in (("language", language), ("category", category)):
            if value is not None:
                params[name] = value if isinstance(value, str) else ",".join(_strs(name, value))
        if url is not None:
            params["url"] = check_url(url)
        if sort is not None:
            if sort not in SEARCH_SORTS:
                raise InputError(f"sort must be one of {', '.join(SEARCH_SORTS)}, got {sort!r}")
            params["sort"] = sort
        if check_positive("count", count) is not None:
            params["count"] = count
        params.update(full_param(full))
        return params

    def get_flattrs(
        self,
        thing_id: int | str,
        count: int | None = None,
        page: int | None = None,
        full: bool = False,
    ) -> Iterator[Flattr]:
        """The flattrs a thing received: every page lazily, or just ``page``."""
        return flattrs_pages(self, f"/things/{id_path(thing_id)}/flattrs", count, page, full)

    # -- writing -----------------------------------------------------------------------------

    def create(
        self,
        url: str,
        *,
        title: str | None = None,
        description: str | None = None,
        category: str | None = None,
        language: str | None = None,
        tags: Sequence[str] | None = None,
        hidden: bool | None = None,
    ) -> Thing:
        """Create a thing and return it with its ``id``; never creates a duplicate.

        When an attempt fails in a way that may have created the thing (timeout, dropped
        connection, 5xx, unreadable answer), the URL is looked up before anything else: if the
        thing exists, it is returned; otherwise the create is tried again (bounded, backoff).
        """
        values: dict[str, Any] = {"url": check_url(url)}
        for name, value in (
            ("title", title),
            ("description", description),
            ("category", category),
            ("language", language),
            ("tags", tags),
            ("hidden", hidden),
        ):
            if value is not None:
                values[name] = check_field(name, value)
        form = {name: form_value(name, value) for name, value in values.items()}
        attempt = 0
        while True:
            try:
                response = self._t.request("POST", "/things", data=form, retry="never")
                return parse(response, "the created thing's id", lambda d: self._created(d, values))
            except FlattrError as err:
                if may_have_acted(err):
                    existing = self.lookup(values["url"])
                    if existing is not None:
                        log.info(
                            "create %s: the failed attempt had created thing %s",
                            values["url"],
                            existing.id,
                        )
                        return existing
                if attempt >= self._t.max_retries or not self._t.retryable(err, "safe"):
                    raise
                delay = self._t.retry.delay(attempt, err)
                if delay is None:
                    raise
                log.warning(
                    "create %s failed (%s); retry %d of %d in %.1fs",
                    values["url"],
                    type(err).__name__,
                    attempt + 1,
                    self._t.max_retries,
                    delay,
                )
                self._t.retry.sleep(delay)
                attempt += 1

    def _created(self, data: Any, values: dict[str, Any]) -> Thing:
        body = read_object(data, "create answer")
        thing = Thing.from_dict(
            {k: v for k, v in body.items() if k not in ("message", "description", "link")},
            self._api,
            "create answer",
        )
        if thing.id is None:
            raise ResponseError(f"the create answer has no thing id: {body!r}")
        for name, value in values.items():
            object.__setattr__(thing, name, value)
        # In this answer "link" is the API resource URL, not the thing's web page.
        link = body.get("link")
        thing.resource = link if isinstance(link, str) else f"{self._t.api_url}/things/{thing.id}"
        thing.link = f"{self._api.web_url}/thing/{thing.id}"
        thing.type = "thing"
        return thing

    def update(self, thing_id: int | str, **fields: Any) -> None:
        """Change some fields of a thing (PATCH; POST with ``_method=patch`` if refused)."""
        ident = id_path(thing_id)
        if "url" in fields:
            raise InputError(
                "the url of an existing thing cannot change; create a new thing "
                "for the new URL instead"
            )
        if not fields:
            raise InputError("update needs at least one field to change, e.g. title='...'")
        form = {
            name: form_value(name, check_field(name, value))
            for name, value in fields.items()
            if value is not None
        }
        if not form:
            raise InputError("update got only None values; nothing to change")
        path = f"/things/{ident}"
        if self._api.patch_supported:
            try:
                self._t.request("PATCH", path, data=form)
                return
            except ApiError as err:
                if err.status not in (405, 501):
                    raise
                log.info("the server refuses PATCH (%s); using POST with _method=patch", err.status)
                self._api.patch_supported = False
        self._t.request("POST", path, data={**form, "_method": "patch"})

    def delete(self, thing_id: int | str) -> None:
        """Delete a thing (only its owner can)."""
        self._t.request("DELETE", f"/things/{id_path(thing_id)}")

    def flattr(self, thing_id: int | str) -> FlattrResult:
        """Flattr a thing."""
        response = self._t.request("POST", f"/things/{id_path(thing_id)}/flattr", retry="unsent")
        return parse(response, "a flattr answer", lambda d: FlattrResult.from_dict(d, self._api))

    support = flattr

    def subscribe(self, thing_id: int | str) -> FlattrResult:
        """Subscribe to a thing (flattr it every month)."""
        response = self._t.request(
            "POST", f"/things/{id_path(thing_id)}/subscriptions", retry="unsent"
        )
        return parse(response, "a subscribe answer", lambda d: FlattrResult.from_dict(d, self._api))

    def toggle_subscription(self, thing_id: int | str) -> str:
        """Pause a running subscription or restart a paused one; 'paused' or 'started'."""
        response = self._t.request(
            "PUT", f"/things/{id_path(thing_id)}/subscriptions", retry="unsent"
        )
        return parse(response, "'started' or 'paused'", _toggle_state)

    pause_subscription = toggle_subscription

    def unsubscribe(self, thing_id: int | str) -> None:
        """End a subscription."""
        self._t.request("DELETE", f"/things/{id_path(thing_id)}/subscriptions")


def _toggle_state(data: Any) -> str:
    message = read_object(data, "toggle answer").get("message")
    if message not in ("started", "paused"):
        raise ResponseError(f"expected message 'started' or 'paused', received {message!r}")
    return str(message)


def _strs(name: str, values: Any) -> list[str]:
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise InputError(f"search {name} must be a string or a list of strings, got {values!r}")
    return list(values)
