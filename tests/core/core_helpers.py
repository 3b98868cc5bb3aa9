"""Shared data for the core tests: base URLs, a token, wire samples, a thing as JSON."""

import json
from pathlib import Path

import pytest

API = "http://127.0.0.1:9/rest/v2"
WEB = "http://127.0.0.1:9"
TOKEN = "tok-SECRET-0123456789"
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "wire-samples"


def sample(name):
    """A wire sample (shared reference data), or skip when it is not on this machine."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not present on this machine")
    return json.loads(path.read_text(encoding="utf-8"))


def thing_json(ident=1, **fields):
    """A full thing as the API sends it."""
    body = {
        "type": "thing",
        "resource": f"{API}/things/{ident}",
        "link": f"{WEB}/thing/{ident}",
        "id": ident,
        "url": f"https://example.com/{ident}",
        "flattrs": 0,
        "flattrs_user_count": 0,
        "title": f"Thing number {ident}",
        "description": "",
        "tags": [],
        "language": "en_GB",
        "category": "text",
        "created_at": 1350000000,
        "owner": {
            "type": "user",
            "resource": f"{API}/users/alice",
            "link": f"{WEB}/profile/alice",
            "username": "alice",
        },
        "hidden": False,
        "image": "",
    }
    body.update(fields)
    return body
