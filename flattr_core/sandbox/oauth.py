"""OAuth 2 pages (flattr-api.md §2): ``/oauth/authorize`` and ``/oauth/token``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("oauth", __name__, url_prefix="/oauth")
