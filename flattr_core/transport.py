"""The one place HTTP happens: a requests session, timeouts, retries with backoff, error mapping.

Every request gets the client's timeout. Failures are retried a bounded number of times, with
exponential backoff (plus a little jitter so threads do not retry in lock-step), according to
how safe a repeat is:

* ``"safe"`` (reads, updates, deletes): connection failures and timeouts, 5xx answers and
  rate-limit answers are retried.
* ``"unsent"`` (flattr, subscribe, toggle, token exchange: a repeat could act twice): only
  answers that prove nothing happened (rate limit) and failures that happened before the request
  left (connection refused, connect timeout) are retried.
* ``"never"``: the caller handles it (creating a thing looks the URL up before it tries again,
  see ``resources/things.py``).

A rate-limit answer (``403 rate_limit_exceeded`` or ``429``) is retried after
``X-RateLimit-Reset`` when that is at most ``RetryPolicy.max_rate_limit_wait`` seconds away;
further away, the error is raised at once (its ``rate_limit.reset`` says when to come back)
rather than blocking the caller for up to an hour.

The session's own headers are never changed (a caller may pass a session it shares): the
token, ``Accept`` and ``User-Agent`` go on each request. The token is never logged and never
appears in an error message.

A session the transport creates itself gets an :class:`EnvironmentCache`: requests
re-reads the proxy and CA-bundle environment variables (``*_PROXY``, ``NO_PROXY``,
``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``) on every request, which scans the whole process
environment twice and cost more than the request itself against a local server; it reads them
once per origin instead. A session passed in by the caller is used exactly as given.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import requests
import requests.utils
import urllib3.exceptions

from flattr_core._version import __version__
from flattr_core.errors import (
    ApiError,
    FlattrError,
    InputError,
    RateLimitExceeded,
    ResponseError,
    ServerError,
    TransportError,
    api_error_class,
)
from flattr_core.models import RateLimit

log = logging.getLogger("flattr_core")

RetryMode = Literal["safe", "unsent", "never"]
USER_AGENT = f"flattr-suite/{__version__} (+flattr_core)"
T = TypeVar("T")

#: 5xx statuses that say "this will not work however often you ask".
_PERMANENT_5XX = frozenset({501, 505})


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait between attempts. Pass ``sleep``/``clock`` fakes in tests.

    ``retry_refused=False`` gives up at once when the connection is refused: nothing listens at
    the address, which a person at a terminal wants to hear now rather than after the backoff
    (a server that is still starting up is the case the default ``True`` waits for).
    """

    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_rate_limit_wait: float = 60.0
    jitter: float = 0.1
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    retry_refused: bool = True

    def delay(self, attempt: int, error: FlattrError) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``; None means give up now."""
        if not self.retry_refused and connection_refused(error):
            return None
        if isinstance(error, RateLimitExceeded):
            reset = error.rate_limit.reset if error.rate_limit is not None else None
            if reset is not None:
                wait = reset - self.clock() + 1.0  # +1: the reset second itself is still limited
                # A reset already past (clocks disagree) still gets a short pause, not a burst.
                return None if wait > self.max_rate_limit_wait else max(self.backoff_base, wait)
        retry_after = _retry_after(error)
        if retry_after is not None:
            return None if retry_after > self.max_rate_limit_wait else retry_after
        base = min(self.backoff_max, self.backoff_base * (2.0**attempt))
        return base + (random.uniform(0.0, base * self.jitter) if self.jitter else 0.0)


class EnvironmentCache:
    """Proxy and CA-bundle settings from the environment, read once per origin.

    With ``trust_env`` (the default, kept: ``.netrc`` and redirects behave as before) requests
    calls ``get_environ_proxies`` and reads ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE`` for each
    request; ``get_environ_proxies`` walks ``os.environ`` twice (proxies, then ``NO_PROXY``),
    about 0.2-1 ms a request, more than a keep-alive round trip to a local server. The result
    depends only on the environment and the URL's origin (scheme, host, port), so it is read
    once per origin and then merged exactly as ``requests.Session.merge_environment_settings``
    merges it (checked against requests for proxies, ``NO_PROXY`` and bundles). The one
    difference: environment changes made after a session's first request to an origin are not
    seen by that session (a new client sees them).
    """

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self._lock = threading.Lock()
        self._found: dict[str, tuple[dict[str, str], str | None]] = {}
        self._uncached = session.merge_environment_settings

    @classmethod
    def install(cls, session: requests.Session) -> requests.Session:
        """Make ``session`` (one the transport created itself) use a cache; returns it."""
        # An attribute on the instance, not a subclass: the session stays a plain
        # requests.Session (whatever class requests.Session is at the time).
        session.merge_environment_settings = cls(session).merge  # type: ignore[method-assign]
        return session

    def _environment_for(self, url: str) -> tuple[dict[str, str], str | None]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            found = self._found.get(origin)
        if found is None:
            proxies = requests.utils.get_environ_proxies(url)
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            found = (dict(proxies), bundle or None)
            with self._lock:
                self._found[origin] = found
        return found

    def merge(self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any) -> Any:
        """``Session.merge_environment_settings`` with the environment part cached."""
        session = self.session
        if not session.trust_env or (proxies is not None and proxies.get("no_proxy") is not None):
            # A per-request no_proxy changes the answer: let requests work it out.
            return self._uncached(url, proxies, stream, verify, cert)
        env_proxies, bundle = self._environment_for(str(url))
        if proxies is not None:
            for key, value in env_proxies.items():
                proxies.setdefault(key, value)
        if verify is True or verify is None:
            verify = bundle or verify
        return {
            "proxies": _merge_setting(proxies, session.proxies),
            "stream": _merge_setting(stream, session.stream),
            "verify": _merge_setting(verify, session.verify),
            "cert": _merge_setting(cert, session.cert),
        }


def _merge_setting(request_setting: Any, session_setting: Any) -> Any:
    """``requests.sessions.merge_setting``, minus its runtime-Protocol ``isinstance`` check.

    requests 2.34 turns each mapping into a list through ``isinstance(value, SupportsItems)``,
    a runtime-checkable Protocol that costs ~20 us a call on Python 3.11; for the mappings
    that reach this point (``Mapping`` is checked first, exactly as requests does) the result
    is the same: the session's items, updated with the request's, keys set to None dropped.
    """
    if session_setting is None:
        return request_setting
    if request_setting is None:
        return session_setting
    if not (isinstance(session_setting, Mapping) and isinstance(request_setting, Mapping)):
        return request_setting
    merged = OrderedDict(session_setting.items())
    merged.update(request_setting.items())
    for key in [key for key, value in merged.items() if value is None]:
        del merged[key]
    return merged


def _retry_after(error: FlattrError) -> float | None:
    response: requests.Response | None = getattr(error, "response", None)
    if response is None:
        return None
    value: str | None = response.headers.get("Retry-After")
    if value is None or not value.strip().isdigit():
        return None
    return float(value.strip())


def connection_refused(error: BaseException) -> bool:
    """True when ``error`` (or what caused it) is a refused connection: nothing listens there.

    requests wraps the operating system's ``ConnectionRefusedError`` in urllib3's errors, which
    keep it as their cause or ``reason``; the transport's own error keeps requests' as cause.
    """
    seen: set[int] = set()
    todo: list[object] = [error]
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        if isinstance(current, ConnectionRefusedError):
            return True
        seen.add(id(current))
        todo.extend((current.__cause__, current.__context__, getattr(current, "reason", None)))
        todo.extend(current.args[:1])
    return False


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the failure happened before any byte of the request reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    inner = exc.args[0] if exc.args else None
    reason = getattr(inner, "reason", inner)
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def snippet(data: bytes, limit: int = 120) -> str:
    """The start of a body, for an error message."""
    text = data[:limit].decode("utf-8", "replace")
    return text + ("..." if len(data) > limit else "")


class Transport:
    """Sends requests for one API base URL with one token; safe to share between threads."""

    def __init__(
        self,
        api_url: str,
        token: str | None = None,
        *,
        timeout: float | tuple[float, float] = 10.0,
        max_retries: int = 3,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float, tuple)):
            raise InputError(f"timeout must be a number of seconds, got {timeout!r}")
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise InputError(f"max_retries must be a whole number >= 0, got {max_retries!r}")
        self.api_url = api_url.rstrip("/")
        self._token = token
        self.timeout = timeout
        self.max_retries = max_retries
        self.retry = retry or RetryPolicy()
        self._own_session = session is None
        self.session = (
            session if session is not None else EnvironmentCache.install(requests.Session())
        )
        self._lock = threading.Lock()
        self._last_rate_limit: RateLimit | None = None

    def __repr__(self) -> str:
        return f"<Transport {self.api_url} {'with token' if self._token else 'anonymous'}>"

    @property
    def has_token(self) -> bool:
        return bool(self._token)

    @property
    def last_rate_limit(self) -> RateLimit | None:
        with self._lock:
            return self._last_rate_limit

    def close(self) -> None:
        if self._own_session:
            self.session.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.api_url + path

    # -- sending -----------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        expect: Collection[int] = (),
        retry: RetryMode = "safe",
        allow_redirects: bool = True,
        auth: tuple[str, str] | None = None,
        error_factory: Callable[[requests.Response, str, str, RateLimit | None], FlattrError]
        | None = None,
    ) -> requests.Response:
        """Send with retries; return the response when its status is < 400 or in ``expect``.

        Any other status raises the error chosen by ``errors.api_error_class`` (or by
        ``error_factory``, which OAuth uses for its own error shape).
        """
        url = self.url(path)
        attempt = 0
        while True:
            try:
                return self._once(
                    method,
                    url,
                    params=params,
                    data=data,
                    headers=headers,
                    expect=expect,
                    allow_redirects=allow_redirects,
                    auth=auth,
                    error_factory=error_factory,
                )
            except FlattrError as err:
                if attempt >= self.max_retries or not self.retryable(err, retry):
                    self._scrub(err)
                    raise
                delay = self.retry.delay(attempt, err)
                if delay is None:
                    raise
                log.warning(
                    "%s %s failed (%s); retry %d of %d in %.1fs",
                    method,
                    url,
                    type(err).__name__,
                    attempt + 1,
                    self.max_retries,
                    delay,
                )
                self.retry.sleep(delay)
                attempt += 1

    @staticmethod
    def retryable(err: FlattrError, mode: RetryMode) -> bool:
        """Whether ``err`` may be retried under ``mode`` (see the module docstring)."""
        if mode == "never":
            return False
        if isinstance(err, RateLimitExceeded):
            return True
        if isinstance(err, TransportError):
            return mode == "safe" or not err.maybe_sent
        if isinstance(err, ServerError):
            return mode == "safe" and err.status not in _PERMANENT_5XX
        return False

    def _once(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        expect: Collection[int],
        allow_redirects: bool,
        auth: tuple[str, str] | None,
        error_factory: Callable[[requests.Response, str, str, RateLimit | None], FlattrError]
        | None,
    ) -> requests.Response:
        sent_headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if self._token and auth is None:
            sent_headers["Authorization"] = f"Bearer {self._token}"
        if headers:
            sent_headers.update(headers)
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                data=data,
                headers=sent_headers,
                timeout=self.timeout,
                allow_redirects=allow_redirects,
                auth=auth,
            )
        except requests.exceptions.Timeout as exc:
            err = TransportError(
                f"{method} {url} got no answer within {self.timeout}s (timeout); the server "
                f"is slow or unreachable: try again later or raise the timeout",
                url=url,
                method=method,
            )
            err.maybe_sent = not _never_sent(exc)
            raise err from exc
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise ResponseError(
                f"{method} {url}: the answer was cut off or garbled in transit ({exc})",
                url=url,
                received="a truncated body",
            ) from exc
        except requests.exceptions.TooManyRedirects as exc:
            raise ResponseError(
                f"{method} {url}: the server redirected in a loop", url=url, received="redirects"
            ) from exc
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ) as exc:
            raise InputError(f"cannot request {url!r}: {exc}") from exc
        except requests.RequestException as exc:
            err = TransportError(
                f"{method} {url} failed: could not connect or the connection dropped "
                f"({type(exc).__name__}); check the address (FLATTR_API_URL) and the network",
                url=url,
                method=method,
            )
            err.maybe_sent = not _never_sent(exc)
            raise err from exc
        rate_limit = RateLimit.from_headers(response.headers)
        if rate_limit is not None:
            with self._lock:
                self._last_rate_limit = rate_limit
        log.debug(
            "%s %s -> %d in %.0f ms",
            method,
            url,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        if response.status_code < 400 or response.status_code in expect:
            return response
        factory = error_factory or api_error
        raise self._scrub(factory(response, method, url, rate_limit))

    def _scrub(self, err: FlattrError) -> FlattrError:
        """Blank out the token if a server echoed it into the text we quote in errors."""
        if self._token:
            for name in ("message", "description", "received"):
                value = getattr(err, name, None)
                if isinstance(value, str) and self._token in value:
                    setattr(err, name, value.replace(self._token, "[token]"))
            err.args = tuple(
                a.replace(self._token, "[token]") if isinstance(a, str) else a for a in err.args
            )
        return err


def api_error(
    response: requests.Response, method: str, url: str, rate_limit: RateLimit | None
) -> ApiError:
    """The typed error for an API error answer (also for the odd ones: HTML, empty, no code)."""
    status = response.status_code
    code: str | None = None
    description: str | None = None
    uri: str | None = None
    body = _try_json(response.content)
    if isinstance(body, dict):
        raw_code = body.get("error")
        code = raw_code if isinstance(raw_code, str) else None
        if code is None and body.get("message") == "not_found":
            code = "not_found"  # lookup's own not-found shape
        for key in ("error_description", "description", "message"):
            if isinstance(body.get(key), str) and body[key] != code:
                description = body[key]
                break
        uri = body.get("error_uri") if isinstance(body.get("error_uri"), str) else None
    if description is None and response.content.strip() and not isinstance(body, dict):
        kind = response.headers.get("Content-Type", "no content type")
        description = f"HTTP {status} with a {kind} body: {snippet(response.content)!r}"
    cls = api_error_class(status, code, description or "")
    if status == 429:
        cls = RateLimitExceeded
    return cls(
        description,
        status=status,
        code=code,
        uri=uri,
        response=response,
        rate_limit=rate_limit,
        method=method,
        url=url,
    )


_MISSING = object()


def _try_json(data: bytes) -> Any:
    if not data.strip():
        return _MISSING
    try:
        return json.loads(data)
    except ValueError:
        return _MISSING


def decode_json(response: requests.Response, expected: str) -> Any:
    """The JSON body of ``response``, or a ResponseError that says what came instead."""
    method = response.request.method if response.request is not None else "?"
    where = f"{method} {response.url} ({response.status_code})"
    if not response.content.strip():
        raise ResponseError(
            f"{where} answered with an empty body; expected {expected}",
            url=response.url,
            status=response.status_code,
            received="",
            response=response,
        )
    try:
        return json.loads(response.content)
    except ValueError:
        kind = response.headers.get("Content-Type", "no content type")
        text = snippet(response.content)
        raise ResponseError(
            f"{where} answered with something that is not JSON ({kind}): {text!r}; "
            f"expected {expected}. Is FLATTR_API_URL pointing at a Flattr API?",
            url=response.url,
            status=response.status_code,
            received=text,
            response=response,
        ) from None


def parse(response: requests.Response, expected: str, build: Callable[[Any], T]) -> T:
    """Decode the JSON body and build a model from it; any surprise becomes a ResponseError."""
    data = decode_json(response, expected)
    try:
        return build(data)
    except ResponseError as exc:
        method = response.request.method if response.request is not None else "?"
        raise ResponseError(
            f"{method} {response.url}: {exc.message}",
            url=response.url,
            status=response.status_code,
            received=exc.received,
            response=response,
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ResponseError(
            f"{response.url}: could not read {expected} from the answer "
            f"({type(exc).__name__}: {exc}); received {snippet(response.content)!r}",
            url=response.url,
            status=response.status_code,
            response=response,
        ) from None
