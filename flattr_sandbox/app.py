"""The Flask application: hooks shared by every route, error handlers, blueprints.

Order of work for each request: refuse a foreign ``Host`` (see :mod:`.access`); admin routes
under ``/_sandbox/`` then only check the admin secret and skip the rest: count it per route,
apply injected latency and faults, then for ``/rest/v2``: resolve the bearer token, apply the
rate limit (``/rate_limit`` exempt), check the response format and refuse unknown tokens.
Every answer but the API's forbids framing; web forms refuse cross-site posts. Every error,
including framework ones (unknown route, wrong method, oversized body) and bugs, leaves as the
documented JSON error body.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from . import formats
from .access import Access
from .context import resolve_viewer, this_request
from .errors import ApiError, unauthorized
from .limits import MAX_BODY_BYTES
from .state import EXTENSION, SandboxState, Settings, current
from .store import Store

API_PREFIX = "/rest/v2"
WEB_PAGES = (
    "/oauth/authorize",
    "/oauth/token",
    "/submit/auto",
    "/thing/<id>",
    "/profile/<username>",
    "/js/0.6/load.js",
)
ACTIVITY_ENDPOINTS = frozenset({"users.activities", "users.my_activities"})
log = logging.getLogger("flattr_sandbox")


def create_app(
    store: Store | None = None, settings: Settings | None = None, access: Access | None = None
) -> Flask:
    """A sandbox app over ``store`` (default: a fresh in-memory seeded database).

    ``access`` holds the admin secret and the address served (default: a new secret, loopback).
    """
    from . import admin, api_flattrs, api_misc, api_things, api_users, loader, oauth, web

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.url_map.strict_slashes = False
    app.extensions[EXTENSION] = SandboxState(store or Store(), settings or Settings(), access)
    app.jinja_env.globals["csrf_token"] = lambda: current().access.csrf_token()
    for blueprint in (
        api_things.bp,
        api_flattrs.bp,
        api_users.bp,
        api_misc.bp,
        admin.bp,
        oauth.bp,
        web.bp,
        loader.bp,
    ):
        app.register_blueprint(blueprint)
    app.before_request(_before)
    app.after_request(_after)
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.wsgi_app = formats.FormatMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    return app


def _before() -> Response | None:
    req = this_request()
    path = req.path
    state = current()
    state.access.check_host()
    if path.startswith("/_sandbox"):
        state.access.check_admin()
        return None
    rule = req.url_rule.rule if req.url_rule is not None else "<unknown route>"
    state.count(f"{req.method} {rule}")
    settings = state.settings
    if settings.latency_ms:
        time.sleep(settings.latency_ms / 1000)
    fault = state.faults.next(settings.fail_rate)
    if fault is not None:
        from .faults import respond

        return respond(fault)
    if not path.startswith("/rest/v2") or req.method == "OPTIONS":
        return None
    viewer, token, bad_token = resolve_viewer()
    g.viewer = viewer
    if req.endpoint != "misc.rate_limit":
        key = f"token:{token['token']}" if token is not None else f"ip:{req.remote_addr}"
        window = state.limiter.hit(key, settings.rate_limit)
        g.rate_window = window
        if window.exceeded:
            raise ApiError(
                403,
                "rate_limit_exceeded",
                f"Rate limit exceeded: {window.limit} requests per hour; the window "
                f"resets at {window.reset} (unix time, see X-RateLimit-Reset)",
            )
    formats.negotiate(req.endpoint in ACTIVITY_ENDPOINTS)
    if bad_token:
        raise unauthorized(
            "You are unauthorized to access the resource: the access token is "
            "unknown or revoked; get a new one through /oauth/authorize"
        )
    return None


def _after(response: Response) -> Response:
    current().access.finish(response)
    req = this_request()
    if req.path.startswith("/rest/v2"):
        headers = response.headers
        # add(), not set(): no route sends these, and each set() scans every header
        headers.add("Access-Control-Allow-Origin", "*")
        if req.method == "OPTIONS":
            headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            headers["Access-Control-Allow-Methods"] = headers.get(
                "Allow", "GET, POST, PUT, PATCH, DELETE"
            )
        window = g.get("rate_window")
        if window is not None:
            for name, value in window.headers().items():
                headers.add(name, value)
        # The query string is parsed only when there is one (most API calls have none).
        if (
            req.environ.get("QUERY_STRING")
            and "jsonp" in req.args
            and response.mimetype in ("application/json", formats.STREAM_TYPE)
        ):
            response = formats.wrap_jsonp(response)
    return response


def _api_error(error: ApiError) -> Response:
    return error.response()


def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    method, path = request.method, request.path
    if code == 404:
        return ApiError(404, "not_found", _no_route(method, path)).response()
    if code == 405:
        allowed = sorted(set(getattr(error, "valid_methods", None) or []) - {"HEAD", "OPTIONS"})
        return ApiError(
            405,
            "invalid_request",
            f"Method {method} is not allowed for {path}; "
            f"use {', '.join(allowed) or 'another method'}",
            headers={"Allow": ", ".join(allowed)},
        ).response()
    if code == 413:
        return ApiError(
            413,
            "invalid_request",
            f"Request body too large: at most {MAX_BODY_BYTES} bytes are accepted",
        ).response()
    if code < 500:
        return ApiError(
            code, "invalid_request", f"Bad request to {method} {path}: {error.description}"
        ).response()
    # Flask wraps an unhandled error in InternalServerError (and has logged it); a 5xx raised
    # as such by a route has not been logged yet.
    if getattr(error, "original_exception", None) is None:
        log.error("sandbox bug while answering %s %s", method, path, exc_info=error)
    return ApiError(code, "server_error", "Something went wrong, we have been notified").response()


def _no_route(method: str, path: str) -> str:
    """What exists instead of ``path``: the API's resources, or the web pages.

    Users read this in a terminal (``flattr`` prints the description), so it names routes,
    never the project's internal documents.
    """
    resources = _api_resources()
    api = f"the API lives under {API_PREFIX} ({', '.join(resources)})"
    if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
        return f"no such API route: {method} {path}; {api}"
    first = path.strip("/").split("/", 1)[0]
    if first in resources:
        # e.g. an API URL given without /rest/v2 (--api-url http://127.0.0.1:8765/)
        return (
            f"no such route: {method} {path}; did you mean {API_PREFIX}{path}? "
            f"({api}, so an API base URL ends in {API_PREFIX})"
        )
    return f"no such route: {method} {path}; {api}; web pages: {', '.join(WEB_PAGES)}"


def _api_resources() -> list[str]:
    """First path segments of the registered API routes, in registration order."""
    found: dict[str, None] = {}
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith(API_PREFIX + "/"):
            found.setdefault(rule.rule[len(API_PREFIX) + 1 :].split("/", 1)[0], None)
    return list(found)


def _unexpected(error: Exception) -> Response:
    log.exception("sandbox bug while answering %s %s", request.method, request.path)
    return ApiError(
        500,
        "server_error",
        f"Something went wrong, we have been notified ({type(error).__name__} in the sandbox)",
    ).response()
