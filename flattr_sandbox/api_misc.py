"""``/rest/v2`` catalog and quota routes (Flattr API docs: categories, languages, rate limit):
categories, languages, ``/rate_limit`` (exempt from the limit, without ``X-RateLimit-*``
headers)."""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from . import params
from .catalog import CATEGORIES, LANGUAGES
from .context import bearer_token
from .errors import json_response
from .state import current

bp = Blueprint("misc", __name__, url_prefix="/rest/v2")


@bp.get("/categories")
def categories() -> Response:
    params.query(())
    return json_response([{"id": key, "text": text} for key, text in CATEGORIES.items()])


@bp.get("/languages")
def languages() -> Response:
    params.query(())
    return json_response([{"id": key, "text": text} for key, text in LANGUAGES.items()])


@bp.get("/rate_limit")
def rate_limit() -> Response:
    params.query(())
    state = current()
    token = bearer_token() if g.get("viewer") and g.viewer.username else None
    key = f"token:{token}" if token else f"ip:{request.remote_addr}"
    return json_response(state.limiter.peek(key, state.settings.rate_limit).body())
