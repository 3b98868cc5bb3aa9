"""API errors of the sandbox and the JSON bodies they become (Flattr API docs: errors).

Every failure a route can meet is raised as :class:`ApiError`; one Flask error handler turns it
into the documented body ``{"error", "error_description", "error_uri"}`` with
``Content-Type: application/json;charset=utf-8``. The two documented exceptions to that shape
(the lookup not-found body and the OAuth token endpoint) build their own responses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Response

JSON_TYPE = "application/json;charset=utf-8"
DOCS_URI = "http://developers.flattr.net/api"
FLATTRS_URI = "http://developers.flattr.net/api/resources/flattrs"
SUBSCRIPTIONS_URI = "http://developers.flattr.net/api/resources/subscriptions/"
UNAUTHORIZED_URI = "http://developers.flattr.net/api/"


#: Built once: ``json.dumps`` with ``separators`` builds a new encoder on every call.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def dumps(payload: Any) -> str:
    """Compact JSON in the key order the payload was built in (the docs' order)."""
    return _ENCODER.encode(payload)


def json_response(
    payload: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON answer with the exact content type the live API sent."""
    response = Response(dumps(payload), status=status, content_type=JSON_TYPE)
    if headers:
        response.headers.update(headers)
    return response


def no_content() -> Response:
    """``204`` with no body and no Content-Type (delete thing, unsubscribe)."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


class ApiError(Exception):
    """One documented API error: HTTP status, error code, human description, docs URI."""

    def __init__(
        self,
        status: int,
        code: str,
        description: str,
        uri: str = DOCS_URI,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status = status
        self.code = code
        self.description = description
        self.uri = uri
        self.headers = dict(headers or {})

    def response(self) -> Response:
        body = {"error": self.code, "error_description": self.description, "error_uri": self.uri}
        return json_response(body, self.status, self.headers)


def invalid_parameters(description: str) -> ApiError:
    return ApiError(400, "invalid_parameters", description)


def invalid_request(description: str) -> ApiError:
    return ApiError(400, "invalid_request", description)


def validation(description: str) -> ApiError:
    return ApiError(400, "validation", description)


def unauthorized(description: str = "You are unauthorized to access the resource") -> ApiError:
    return ApiError(401, "unauthorized", description, UNAUTHORIZED_URI)


def insufficient_scope(scope: str) -> ApiError:
    return ApiError(
        403,
        "insufficient_scope",
        f"You are don't have sufficient access rights: this call needs the "
        f"'{scope}' scope; authorize the app again with scope={scope}",
    )


def forbidden(description: str) -> ApiError:
    return ApiError(403, "forbidden", description)


def not_found(description: str = "The resource was not found") -> ApiError:
    return ApiError(404, "not_found", description)
