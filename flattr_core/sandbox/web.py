"""Web pages of flattr.com the sandbox imitates: ``/submit/auto``, ``/thing/<id>``,
``/profile/<name>``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__)
