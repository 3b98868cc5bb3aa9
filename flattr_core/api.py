"""``flattr_core.api.get(token)``: the client for the Flattr REST API v2.

::

    import flattr_core
    with flattr_core.api.get(token, api_url="http://127.0.0.1:8765/rest/v2") as api:
        thing = api.things.get(4085245)
        for mine in api.authenticated.get_things():      # every page, lazily
            print(mine.id, mine.title)
        print(api.last_rate_limit)

One object holds one HTTP session, base URLs, timeout and retry policy; ``things``, ``users``
and ``authenticated`` group the endpoints as the older python-flattr library did. It is safe to
share between threads (the publishing sync does).
"""

from __future__ import annotations

import re
from typing import Any, TypedDict, Unpack

import requests

from flattr_core._closing import ClosesTransport
from flattr_core.config import resolve_api_url, resolve_web_url
from flattr_core.errors import InputError
from flattr_core.models import Category, FlattrResult, Language, RateLimit, check_url
from flattr_core.resources import AuthenticatedApi, CatalogApi, ThingsApi, UsersApi
from flattr_core.tokens import resolve_token
from flattr_core.transport import DEFAULT_MAX_BODY, RetryPolicy, Transport, parse

__all__ = ["FlattrApi", "RetryPolicy", "get"]


def _check_token(token: Any) -> str | None:
    if token is None:
        return None
    if not isinstance(token, str):
        raise InputError(f"the access token must be a string, got a {type(token).__name__}")
    token = token.strip()
    if re.search(r"[\s\x00-\x1f]", token):
        # Say what is wrong without echoing the secret.
        raise InputError(
            "the access token contains spaces or line breaks; copy it again "
            "(FLATTR_ACCESS_TOKEN or `flattr login`)"
        )
    return token or None


class FlattrApi(ClosesTransport):
    """The client. Make it with :func:`get`."""

    def __init__(
        self,
        token: str | None = None,
        *,
        api_url: str | None = None,
        web_url: str | None = None,
        timeout: float | tuple[float, float] = 10.0,
        deadline: float | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        max_retries: int = 3,
        session: requests.Session | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.api_url = resolve_api_url(api_url)
        self.web_url = resolve_web_url(web_url, self.api_url)
        self.transport = Transport(
            self.api_url,
            _check_token(token),
            timeout=timeout,
            deadline=deadline,
            max_body=max_body,
            max_retries=max_retries,
            retry=retry,
            session=session,
        )
        #: False once the server refused PATCH; updates then go as POST + ``_method=patch``.
        self.patch_supported = True
        self.things = ThingsApi(self)
        self.users = UsersApi(self)
        self.authenticated = AuthenticatedApi(self)
        self._catalog = CatalogApi(self)

    def __repr__(self) -> str:
        who = "with token" if self.transport.has_token else "anonymous"
        return f"<FlattrApi {self.api_url} {who}>"

    @property
    def has_token(self) -> bool:
        return self.transport.has_token

    @property
    def last_rate_limit(self) -> RateLimit | None:
        """The ``X-RateLimit-*`` figures of the last answer that carried them."""
        return self.transport.last_rate_limit

    def flattr_url(self, url: str) -> FlattrResult:
        """Flattr a URL: a thing's URL, a discoverable URL or an auto-submit URL."""
        response = self.transport.request(
            "POST", "/flattr", data={"url": check_url(url)}, retry="unsent"
        )
        return parse(response, "a flattr answer", lambda d: FlattrResult.from_dict(d, self))

    def categories(self) -> list[Category]:
        """Every category (``id`` for the API, ``text`` to show)."""
        return self._catalog.categories()

    def languages(self) -> list[Language]:
        """Every language (``id`` like ``en_GB``, ``text`` like ``English``)."""
        return self._catalog.languages()

    def rate_limit(self) -> RateLimit:
        """Where the hourly rate limit stands (``GET /rate_limit``, not itself limited)."""
        return self._catalog.rate_limit()


class ClientOptions(TypedDict, total=False):
    """The keywords :func:`get` passes on to :class:`FlattrApi` as they are."""

    web_url: str | None
    timeout: float | tuple[float, float]
    deadline: float | None
    max_body: int
    max_retries: int
    session: requests.Session | None
    retry: RetryPolicy | None


def get(
    token: str | None = None, *, api_url: str | None = None, **options: Unpack[ClientOptions]
) -> FlattrApi:
    """A client. The token is ``token``, else FLATTR_ACCESS_TOKEN, else `flattr login`'s store.

    ``api_url``/``web_url`` default to FLATTR_API_URL / FLATTR_WEB_URL, then the real service
    (see :mod:`flattr_core.config`). ``timeout`` bounds each read (seconds, or a (connect, read)
    pair); ``deadline`` bounds each attempt in total (default: 1.5 x the timeout); ``max_body``
    caps an answer's size after decompression (default 32 MiB). Failed requests are retried up
    to ``max_retries`` times, waiting as ``retry`` (a :class:`RetryPolicy`) says.
    """
    resolved_api = resolve_api_url(api_url)
    return FlattrApi(resolve_token(token, resolved_api), api_url=resolved_api, **options)
