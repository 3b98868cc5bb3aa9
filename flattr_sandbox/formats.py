"""Response formats (Flattr API docs: hosts and formats): ``.json`` / ``.as`` suffixes,
``Accept``, 406, JSONP.

A small WSGI middleware strips a format suffix from ``/rest/v2`` paths before routing
(``/categories.json`` routes like ``/categories``) and notes it in the environ; it also notes a
percent-encoded comma in the raw path, because multi-get must refuse ``%2C`` as the live server
did, and werkzeug decodes the path before routing.

The sandbox speaks JSON everywhere and Activity Streams JSON (``application/stream+json``) for
activities. XML, YAML, Atom and text were documented but their bodies never were, so they
answer ``406 not_acceptable``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Response, request

from .context import this_request
from .errors import ApiError

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SUFFIXES = {
    ".json": "json",
    ".as": "as",
    ".xml": "xml",
    ".yaml": "yaml",
    ".atom": "atom",
    ".txt": "txt",
}
FORMAT_KEY = "flattr_sandbox.format"
ENCODED_COMMA_KEY = "flattr_sandbox.encoded_comma"
STREAM_TYPE = "application/stream+json"
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


class FormatMiddleware:
    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if path.startswith("/rest/v2/"):
            raw = str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "")
            if "%2c" in raw.split("?", 1)[0].lower():
                environ[ENCODED_COMMA_KEY] = True
            for suffix, name in SUFFIXES.items():
                if path.endswith(suffix) and len(path) > len(suffix) + 9:
                    environ["PATH_INFO"] = path[: -len(suffix)]
                    environ[FORMAT_KEY] = name
                    break
        return self.app(environ, start_response)


def _not_acceptable(description: str) -> ApiError:
    return ApiError(406, "not_acceptable", description)


def negotiate(activity_stream: bool) -> None:
    """Refuse (406) a format this route cannot answer in."""
    req = this_request()
    suffix = req.environ.get(FORMAT_KEY)
    if suffix in ("xml", "yaml", "atom", "txt"):
        raise _not_acceptable(
            f"The .{suffix} format is not served by the sandbox; use .json (or .as for activities)"
        )
    if suffix == "as" and not activity_stream:
        raise _not_acceptable(
            "The .as format (Activity Streams) is only served for activities; use .json here"
        )
    if suffix == "json" and activity_stream:
        raise _not_acceptable(
            "Activities are only served as Activity Streams: use the .as "
            "suffix or Accept: application/stream+json"
        )
    accept = req.headers.get("Accept", "").strip()
    if suffix is None and accept and accept != "*/*":
        offered = [STREAM_TYPE] if activity_stream else ["application/json"]
        offered.append("application/javascript")
        # An Accept naming exactly one offered type (what clients send) needs no parsing.
        if accept not in offered and req.accept_mimetypes.best_match(offered) is None:
            wanted = "application/stream+json" if activity_stream else "application/json"
            raise _not_acceptable(
                f"Cannot answer in {req.headers['Accept']!r}; this resource is served as {wanted}"
            )


def wrap_jsonp(response: Response) -> Response:
    """``?jsonp=callback``: the JSON body wrapped in a call, as JavaScript."""
    callback = request.args.get("jsonp", "")
    if not _CALLBACK.match(callback) or len(callback) > 100:
        return ApiError(
            400,
            "invalid_parameters",
            f"Parameter 'jsonp' must be a JavaScript function name, got {callback[:100]!r}",
        ).response()
    data: Any = response.get_data(as_text=True) or "null"
    response.set_data(f"/**/{callback}({data});")
    response.content_type = "application/javascript;charset=utf-8"
    return response
