"""The adapter of the sessions the transport creates: requests' own, with less work per request.

:class:`OwnAdapter` is an ``HTTPAdapter`` whose ``send`` is requests' own (so whatever wraps or
mocks ``HTTPAdapter.send``, such as the ``responses`` library, still sees every request). It
overrides only the methods requests documents for subclassing, and each override gives the
same answer as requests' own, computed once instead of per request:

* ``get_connection_with_tls_context``: without a proxy, the connection pool depends only on the
  URL's origin, ``verify`` and ``cert``; it is looked up once per origin instead of parsing the
  URL twice and building a pool key for every request. No more pools are kept than the pool
  manager keeps (ten); closing the adapter forgets them, as it empties the pool manager.
* ``request_url``: without a proxy it is the path and query, as requests' own says.
* ``build_response``: the response is built as requests builds it; the cookie jar is filled
  only when the answer sets a cookie (the Flattr API sets none, and reading ``Set-Cookie``
  through ``http.cookiejar`` cost more than building the rest).

Its connections hand their socket to the request's deadline (:mod:`flattr_core._deadline`) and
read the response head with :mod:`flattr_core._response_head`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlsplit

import requests
import requests.adapters
import urllib3.connection
import urllib3.connectionpool
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from flattr_core._deadline import attach
from flattr_core._response_head import HeadResponse

__all__ = ["OwnAdapter"]


class _Connection(urllib3.connection.HTTPConnection):
    response_class = HeadResponse

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        attach(self.sock)
        return super().getresponse(*args, **kwargs)


class _TLSConnection(urllib3.connection.HTTPSConnection):
    response_class = HeadResponse

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        attach(self.sock)
        return super().getresponse(*args, **kwargs)


class _Pool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


class OwnAdapter(requests.adapters.HTTPAdapter):
    """requests' ``HTTPAdapter`` with deadline-aware connections and per-origin pool lookup."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pools: dict[tuple[str, str, Any, Any], Any] = {}
        self._pools_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: Any = None,
    ) -> Any:
        if proxies:
            return super().get_connection_with_tls_context(request, verify, proxies, cert)
        parts = urlsplit(request.url or "")
        key = (parts.scheme.lower(), parts.netloc.lower(), verify, cert)
        pool = self._pools.get(key)
        if pool is None:
            pool = super().get_connection_with_tls_context(request, verify, proxies, cert)
            with self._pools_lock:
                if len(self._pools) >= requests.adapters.DEFAULT_POOLSIZE:  # as many as urllib3
                    self._pools.clear()
                self._pools[key] = pool
        return pool

    def request_url(
        self, request: requests.PreparedRequest, proxies: Mapping[str, str] | None
    ) -> str:
        if proxies:
            return super().request_url(request, proxies)
        return request.path_url

    def build_response(self, req: requests.PreparedRequest, resp: Any) -> requests.Response:
        headers = resp.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            return super().build_response(req, resp)
        # What requests' own build_response does, less the cookie extraction that has nothing
        # to read (tests/core/test_own_adapter.py holds the two side by side).
        response = requests.Response()
        response.status_code = resp.status
        response.headers = CaseInsensitiveDict(headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = resp
        response.reason = resp.reason
        response.url = cast(str, req.url)
        response.request = req
        response.connection = self
        return response

    def close(self) -> None:
        with self._pools_lock:
            self._pools.clear()
        super().close()
