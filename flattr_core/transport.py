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
rather than blocking the caller for up to an hour. A reset more than a day away from now (10^20,
or milliseconds instead of seconds) is nonsense and is treated as absent; no single wait is ever
longer than ``RetryPolicy.max_wait``.

A hostile or broken server cannot hang or exhaust the client: besides the per-read ``timeout``,
each attempt has a total ``deadline`` (headers and body dripping a byte at a time included, see
:mod:`flattr_core._deadline`), and the body is streamed and capped at ``max_body`` bytes after
decompression (so a gzip bomb stops at the cap too); over it, a :class:`ResponseError` says so.

The session's own headers are never changed (a caller may pass a session it shares): the
token, ``Accept`` and ``User-Agent`` go on each request. The token is never logged and never
appears in an error message or excerpt, whatever the server echoes
(:func:`flattr_core._redact.redact`).

A session the transport creates itself sends through :class:`~flattr_core._adapter.OwnAdapter`
(requests' ``HTTPAdapter`` with the deadline's connections and less work per request). It reads
proxies and the CA bundle from the environment once per origin, through requests' own public
``Session.merge_environment_settings``, and passes them with each request, with ``trust_env``
off (so ``~/.netrc`` is not consulted: the token is the credential). With ``trust_env`` on,
requests runs that merge on every request, walking the whole process environment several times
for ``*_proxy`` and ``no_proxy``: measured with ``bench/create_cpu.py`` on loopback (medians of
six alternating runs), that brought the client's CPU per create from 0.48 to 0.89 ms, so the
per-origin reading stays. It patches nothing in requests and uses no private part of it. A
session passed in by the caller is used exactly as given.
"""

from __future__ import annotations

import functools
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import quote_plus, urlsplit

import requests
import urllib3.exceptions

from flattr_core._adapter import OwnAdapter
from flattr_core._deadline import Watch, watch
from flattr_core._redact import bearer_token, redact
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

__all__ = [
    "DEFAULT_MAX_BODY",
    "RESET_HORIZON",
    "RetryMode",
    "RetryPolicy",
    "Transport",
    "USER_AGENT",
    "api_error",
    "connection_refused",
    "decode_json",
    "default_deadline",
    "may_have_acted",
    "parse",
    "snippet",
]

log = logging.getLogger("flattr_core")

RetryMode = Literal["safe", "unsent", "never"]
USER_AGENT = f"flattr-suite/{__version__} (+flattr_core)"
T = TypeVar("T")

#: 5xx statuses that say "this will not work however often you ask".
_PERMANENT_5XX = frozenset({501, 505})
#: Bytes read from the socket at a time while streaming a body.
_CHUNK = 64 * 1024


#: The default cap on an answer's size, after decompression.
DEFAULT_MAX_BODY = 32 * 1024 * 1024
#: The epoch second of 9999-12-31 23:59:59 UTC: a reset beyond it is not a date at all.
_LAST_DATE = 253402300799
#: A rate-limit reset further than this from now (either way) is not believed.
RESET_HORIZON = 24 * 3600.0


def default_deadline(timeout: float | tuple[float, float]) -> float:
    """The total deadline that goes with ``timeout``: half as long again as its longest part."""
    longest = max(timeout) if isinstance(timeout, tuple) else timeout
    return 1.5 * float(longest)


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait between attempts. Pass ``sleep``/``clock`` fakes in tests.

    ``max_rate_limit_wait``: the longest wait for a rate-limit window (or ``Retry-After``) worth
    sleeping through; further away, the error is raised at once. ``max_wait``: no single wait,
    whatever the server says, is longer than this.

    ``retry_refused=False`` gives up at once when the connection is refused: nothing listens at
    the address, which a person at a terminal wants to hear now rather than after the backoff
    (a server that is still starting up is the case the default ``True`` waits for).
    """

    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_rate_limit_wait: float = 60.0
    max_wait: float = 300.0
    jitter: float = 0.1
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    retry_refused: bool = True

    def plausible_reset(self, reset: int | None) -> int | None:
        """``reset`` if it is an epoch second within a day of now, else None (absent)."""
        if reset is None or abs(reset - self.clock()) > RESET_HORIZON:
            return None
        return reset

    def delay(self, attempt: int, error: FlattrError) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``; None means give up now."""
        if not self.retry_refused and connection_refused(error):
            return None
        wait = self._delay(attempt, error)
        return None if wait is None else min(wait, self.max_wait)

    def _delay(self, attempt: int, error: FlattrError) -> float | None:
        if isinstance(error, RateLimitExceeded):
            reset = self.plausible_reset(
                error.rate_limit.reset if error.rate_limit is not None else None
            )
            if reset is not None:
                wait = reset - self.clock() + 1.0  # +1: the reset second itself is still limited
                # A reset already past (clocks disagree) still gets a short pause, not a burst.
                return None if wait > self.max_rate_limit_wait else max(self.backoff_base, wait)
        retry_after = _retry_after(error)
        if retry_after is not None:
            return None if retry_after > self.max_rate_limit_wait else retry_after
        base = min(self.backoff_max, self.backoff_base * (2.0**attempt))
        return base + (random.uniform(0.0, base * self.jitter) if self.jitter else 0.0)


class _EnvironmentSettings:
    """Proxies and CA bundle from the environment, merged by requests once per origin.

    A session with ``trust_env`` (requests' default) merges them on every request:
    ``Session.merge_environment_settings`` walks the whole environment for ``*_proxy`` and
    ``no_proxy`` and looks the host up against them. The answer depends only on the environment
    and the URL's origin, so here requests' own merge runs once per origin (on a plain
    ``requests.Session``) and its answer is kept. Environment changes made after a transport's
    first request to an origin are not seen by that transport.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._found: dict[str, tuple[dict[str, str], bool | str]] = {}

    def for_url(self, url: str) -> tuple[dict[str, str], bool | str]:
        """(proxies, ``verify``: True or the CA bundle path) for ``url``'s origin."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        found = self._found.get(origin)
        if found is None:
            with requests.Session() as plain:
                merged = plain.merge_environment_settings(url, {}, None, None, None)
            verify = merged["verify"]
            found = (dict(merged["proxies"]), True if verify is None else verify)
            with self._lock:
                self._found[origin] = found
        return found


_FORM_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
#: ``quote_plus`` as a ``str.translate`` table for ASCII text: same result, done in C.
_FORM_TABLE = {
    code: "+" if code == 32 else chr(code) if chr(code) in _FORM_SAFE else f"%{code:02X}"
    for code in range(128)
}


def _quote_form(value: Any) -> str:
    if isinstance(value, str) and value.isascii():
        return value.translate(_FORM_TABLE)
    return quote_plus(value if isinstance(value, (str, bytes)) else str(value))


def _form(data: Mapping[str, Any]) -> str:
    """``data`` form-encoded exactly as requests encodes a dict: None dropped, lists repeated.

    ``urlencode`` quotes character by character in Python; most of what this client sends is
    ASCII, which a translate table encodes far faster (a tenth of the client's CPU per create).
    """
    parts: list[str] = []
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            name = _quote_form(key)
            parts.extend(f"{name}={_quote_form(item)}" for item in value if item is not None)
        elif value is not None:
            parts.append(f"{_quote_form(key)}={_quote_form(value)}")
    return "&".join(parts)


@functools.lru_cache(maxsize=256)
def _prepared_url(url: str) -> str:
    """``url`` as requests prepares it (IDNA host, quoting): a pure function, so remembered.

    Preparing a URL parses and re-quotes it, about a twentieth of a create's CPU; a client asks
    for the same few paths again and again (``/things`` for every create).
    """
    prepared = requests.PreparedRequest()
    prepared.prepare_url(url, None)
    assert prepared.url is not None
    return prepared.url


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


def may_have_acted(error: FlattrError) -> bool:
    """Whether the server may have carried out a request that failed with ``error``.

    A 5xx, an answer that could not be read, or a connection that dropped after the request
    left: the request may have taken effect without its answer arriving. A create that fails
    so is looked up before it is tried again (``resources/things.py``).
    """
    if isinstance(error, TransportError):
        return error.maybe_sent
    return isinstance(error, (ServerError, ResponseError))


def _unanswered(
    exc: requests.RequestException, method: str, url: str, message: str
) -> TransportError:
    """A request that got no answer; ``maybe_sent`` says whether the server may have acted on it."""
    err = TransportError(message, url=url, method=method)
    err.maybe_sent = not _never_sent(exc)
    return err


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the failure happened before any byte of the request reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    inner = exc.args[0] if exc.args else None
    reason = getattr(inner, "reason", inner)
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def snippet(data: bytes, limit: int = 120, secrets: Collection[str | None] = ()) -> str:
    """The start of a body, for an error message, with ``secrets`` hidden.

    Secrets are hidden before the text is cut, so a token straddling the cut leaves no prefix.
    """
    longest = max((len(s) for s in secrets if s), default=0)
    text = redact(data[: limit + longest].decode("utf-8", "replace"), secrets)
    return text[:limit] + ("..." if len(data) > limit or len(text) > limit else "")


def _number(name: str, value: Any, *, allow_tuple: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    if allow_tuple and isinstance(value, tuple):
        ok = len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value
        )
    if not ok:
        raise InputError(f"{name} must be a number of seconds > 0, got {value!r}")


class Transport:
    """Sends requests for one API base URL with one token; safe to share between threads."""

    def __init__(
        self,
        api_url: str,
        token: str | None = None,
        *,
        timeout: float | tuple[float, float] = 10.0,
        deadline: float | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        max_retries: int = 3,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        _number("timeout", timeout, allow_tuple=True)
        if deadline is not None:
            _number("deadline", deadline)
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1:
            raise InputError(f"max_body must be a whole number of bytes >= 1, got {max_body!r}")
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise InputError(f"max_retries must be a whole number >= 0, got {max_retries!r}")
        self.api_url = api_url.rstrip("/")
        self._token = token
        self.timeout = timeout
        self.deadline = float(deadline) if deadline is not None else default_deadline(timeout)
        self.max_body = max_body
        self.max_retries = max_retries
        self.retry = retry or RetryPolicy()
        self._own_session = session is None
        self._environment: _EnvironmentSettings | None = None
        #: The own session's adapter, which requests go to directly (see ``_send``).
        self._adapter: OwnAdapter | None = None
        if session is None:
            session = requests.Session()
            session.trust_env = False  # read once per origin instead (see the module docstring)
            self._adapter = OwnAdapter()
            session.mount("http://", self._adapter)
            session.mount("https://", self._adapter)
            self._environment = _EnvironmentSettings()
        self.session = session
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
                    method, url, params, data, headers, expect, allow_redirects, auth, error_factory
                )
            except FlattrError as err:
                self._scrub(err)
                if attempt >= self.max_retries or not self.retryable(err, retry):
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
        proxies, verify = (
            self._environment.for_url(url) if self._environment is not None else ({}, True)
        )
        started = time.monotonic()
        with watch(self.deadline) as deadline:
            try:
                if self._adapter is None:
                    response = self.session.request(
                        method,
                        url,
                        params=params,
                        data=data,
                        headers=sent_headers,
                        timeout=self.timeout,
                        allow_redirects=allow_redirects,
                        auth=auth,
                        stream=True,
                    )
                else:
                    response = self._send(
                        method,
                        url,
                        params,
                        data,
                        sent_headers,
                        auth,
                        allow_redirects,
                        proxies,
                        verify,
                    )
                self._read_body(response, method, url, deadline)
            except requests.RequestException as exc:
                raise self._failure(exc, method, url, deadline) from exc
        rate_limit = RateLimit.from_headers(response.headers)
        if rate_limit is not None:
            if rate_limit.reset is not None and not 0 < rate_limit.reset < _LAST_DATE:
                rate_limit.reset = None  # 10^20 or milliseconds: not even a date, treat as absent
            with self._lock:
                self._last_rate_limit = rate_limit
        if log.isEnabledFor(logging.DEBUG):
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

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        headers: dict[str, str],
        auth: tuple[str, str] | None,
        allow_redirects: bool,
        proxies: dict[str, str],
        verify: bool | str,
    ) -> requests.Response:
        """Send through the own session's adapter, skipping what this client never uses.

        ``Session.request`` merges session and request settings, keeps a cookie jar and runs
        hooks; with a session nobody else configures, the merged settings are known already
        and the API sets no cookies, and that bookkeeping was about a third of the client's
        CPU per request. The request is prepared by requests' own ``PreparedRequest`` steps
        (a URL is prepared once, see ``_prepared_url``) and redirects are followed by the
        session's own ``resolve_redirects``, as requests would.
        """
        assert self._adapter is not None
        prepared = requests.PreparedRequest()
        prepared.prepare_method(method)
        if params:
            prepared.prepare_url(url, params)
        else:
            prepared.url = _prepared_url(url)
        if data is None:
            prepared.prepare_headers(headers)
            prepared.prepare_body(None, None)
        else:
            # requests' own form encoding checks each value against a runtime Protocol, which
            # cost more than the encoding; the result is the same (ASCII) string, and what
            # ``prepare_body`` then does with it is to set its length.
            body = _form(data)
            prepared.prepare_headers(
                {"Content-Type": "application/x-www-form-urlencoded", **headers}
            )
            prepared.headers["Content-Length"] = str(len(body))
            prepared.body = body
        if auth is not None:
            prepared.prepare_auth(auth, url)
        options: dict[str, Any] = {"timeout": self.timeout, "verify": verify, "proxies": proxies}
        response = self._adapter.send(prepared, stream=True, **options)
        if allow_redirects and response.is_redirect:
            prepared.prepare_cookies(self.session.cookies)  # resolve_redirects keeps a jar
            history = list(self.session.resolve_redirects(response, prepared, **options))
            if history:
                history.insert(0, response)
                response = history.pop()
                response.history = history
        return response

    def _read_body(
        self, response: requests.Response, method: str, url: str, deadline: Watch
    ) -> None:
        """Read the (decompressed) body into ``response.content``, within the cap and deadline."""
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > self.max_body:
            response.close()
            raise self._too_big(method, url, response, f"announces {int(declared):,} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > self.max_body:
                    raise self._too_big(method, url, response, "keeps going")
                chunks.append(chunk)
                if deadline.overdue():
                    raise self._too_slow(method, url)
        except FlattrError:
            response.close()
            raise
        # What requests would have stored had it read the body itself; .content reads it.
        response._content = b"".join(chunks)

    def _too_big(
        self, method: str, url: str, response: requests.Response, what: str
    ) -> ResponseError:
        return ResponseError(
            f"{method} {url}: the answer {what}, more than the {self.max_body:,}-byte limit "
            f"(max_body, counted after decompression); stopped reading. Is FLATTR_API_URL "
            f"pointing at a Flattr API? Raise max_body only if answers this big are expected",
            url=url,
            status=response.status_code,
            received=f"more than {self.max_body} bytes",
        )

    def _too_slow(self, method: str, url: str) -> TransportError:
        return TransportError(
            f"{method} {url} did not finish within the {self.deadline:g}s deadline (the server "
            f"answers too slowly); try again later or raise the deadline",
            url=url,
            method=method,
        )

    def _failure(
        self, exc: requests.RequestException, method: str, url: str, deadline: Watch
    ) -> FlattrError:
        """The error to raise for a failure requests reported."""
        if deadline.overdue() and not isinstance(exc, requests.exceptions.ConnectTimeout):
            return self._too_slow(method, url)  # the watchdog cut the connection
        if isinstance(exc, requests.exceptions.Timeout):
            return _unanswered(
                exc,
                method,
                url,
                f"{method} {url} got no answer within {self.timeout}s (timeout); the server "
                f"is slow or unreachable: try again later or raise the timeout",
            )
        if isinstance(
            exc,
            (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError),
        ):
            return ResponseError(
                f"{method} {url}: the answer was cut off or garbled in transit ({exc})",
                url=url,
                received="a truncated body",
            )
        if isinstance(exc, requests.exceptions.TooManyRedirects):
            return ResponseError(
                f"{method} {url}: the server redirected in a loop", url=url, received="redirects"
            )
        if isinstance(
            exc,
            (
                requests.exceptions.InvalidURL,
                requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema,
            ),
        ):
            return InputError(f"cannot request {url!r}: {exc}")
        return _unanswered(
            exc,
            method,
            url,
            f"{method} {url} failed: could not connect or the connection dropped "
            f"({type(exc).__name__}); check the address (FLATTR_API_URL) and the network",
        )

    def _scrub(self, err: FlattrError) -> FlattrError:
        """Hide the token wherever a server may have echoed it into the error's text."""
        secrets = (self._token,)
        if self._token:
            for name in ("message", "description", "received"):
                value = getattr(err, name, None)
                if isinstance(value, str):
                    setattr(err, name, redact(value, secrets))
            err.args = tuple(redact(a, secrets) if isinstance(a, str) else a for a in err.args)
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
        excerpt = snippet(response.content, secrets=_secrets_of(response))
        description = f"HTTP {status} with a {kind} body: {excerpt!r}"
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


def _secrets_of(response: requests.Response) -> tuple[str | None, ...]:
    """The token the request behind ``response`` carried (a server may echo it back)."""
    request = response.request
    return (bearer_token(request.headers) if request is not None else None,)


def _try_json(data: bytes) -> Any:
    if not data.strip():
        return _MISSING
    try:
        return json.loads(data)
    except ValueError:
        return _MISSING


def decode_json(response: requests.Response, expected: str) -> Any:
    """The JSON body of ``response``, or a ResponseError that says what came instead."""
    content = response.content
    blank = not content or content.isspace()  # what ``strip()`` would empty, without a copy
    if not blank:
        try:
            return json.loads(content)
        except ValueError:
            pass  # said below; the message is built only when it is needed
    method = response.request.method if response.request is not None else "?"
    where = f"{method} {response.url} ({response.status_code})"
    if blank:
        raise ResponseError(
            f"{where} answered with an empty body; expected {expected}",
            url=response.url,
            status=response.status_code,
            received="",
            response=response,
        )
    kind = response.headers.get("Content-Type", "no content type")
    text = snippet(content, secrets=_secrets_of(response))
    raise ResponseError(
        f"{where} answered with something that is not JSON ({kind}): {text!r}; "
        f"expected {expected}. Is FLATTR_API_URL pointing at a Flattr API?",
        url=response.url,
        status=response.status_code,
        received=text,
        response=response,
    )


def parse(response: requests.Response, expected: str, build: Callable[[Any], T]) -> T:
    """Decode the JSON body and build a model from it; any surprise becomes a ResponseError."""
    data = decode_json(response, expected)
    try:
        return build(data)
    except ResponseError as exc:
        method = response.request.method if response.request is not None else "?"
        secrets = _secrets_of(response)
        raise ResponseError(
            redact(f"{method} {response.url}: {exc.message}", secrets),
            url=response.url,
            status=response.status_code,
            received=redact(exc.received, secrets) if exc.received is not None else None,
            response=response,
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ResponseError(
            redact(
                f"{response.url}: could not read {expected} from the answer "
                f"({type(exc).__name__}: {exc}); received "
                f"{snippet(response.content, secrets=_secrets_of(response))!r}",
                _secrets_of(response),
            ),
            url=response.url,
            status=response.status_code,
            response=response,
        ) from None
