"""Helpers for the sandbox tests: plain-``requests`` calls and wire-sample shape comparison.

These tests talk HTTP with ``requests`` only (never the project's client), so they check the
sandbox against the documentation, not against our own reading of it elsewhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import requests

from tests.fixture_files import wire_sample
from tests.html_elements import parse_elements

JSON_TYPE = "application/json;charset=utf-8"


class Api:
    """Thin requests wrapper: base URL, optional bearer token, no redirects followed."""

    def __init__(self, sandbox: Any, token: str | None = None) -> None:
        self.base = sandbox.api_url
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, **kwargs)


def as_user(sandbox: Any, username: str, *scopes: str) -> Api:
    scopes = scopes or ("flattr", "thing", "email", "extendedread")
    return Api(sandbox, sandbox.mint_token(username, scopes=scopes))


def assert_error(
    response: requests.Response, status: int, code: str, mentions: str = ""
) -> dict[str, Any]:
    """The documented error shape (§6), with a description mentioning ``mentions``."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == JSON_TYPE
    body = response.json()
    assert set(body) == {"error", "error_description", "error_uri"}, body
    assert body["error"] == code, body
    assert body["error_uri"].startswith("http://developers.flattr.net/api")
    assert mentions.lower() in body["error_description"].lower(), body
    return body


def sample(name: str) -> Any:
    """A wire sample (recorded data in tests/fixtures/wire-samples)."""
    return wire_sample(name)


#: Live-server type quirks the sandbox deliberately normalises (see flattr_sandbox.shapes).
QUIRKS = {("hidden", int): bool, ("flattrs_user_count", str): int}


def assert_same_shape(
    ours: Any,
    theirs: Any,
    *,
    extra: frozenset[str] = frozenset(),
    missing_ok: frozenset[str] = frozenset(),
    path: str = "$",
) -> None:
    """Same keys (``extra`` may be added, ``missing_ok`` may be absent) and types, recursively."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), f"{path}: expected an object, got {ours!r}"
        missing = set(theirs) - set(ours) - missing_ok
        assert not missing, f"{path}: missing keys {sorted(missing)}"
        added = set(ours) - set(theirs) - extra
        assert not added, f"{path}: unexpected keys {sorted(added)}"
        for key in set(theirs) & set(ours):
            assert_same_shape(
                ours[key], theirs[key], extra=extra, missing_ok=missing_ok, path=f"{path}.{key}"
            )
        return
    if isinstance(theirs, list):
        assert isinstance(ours, list), f"{path}: expected a list, got {ours!r}"
        if theirs and ours:
            assert_same_shape(
                ours[0], theirs[0], extra=extra, missing_ok=missing_ok, path=f"{path}[0]"
            )
        return
    key = path.rsplit(".", 1)[-1]
    expected = QUIRKS.get((key, type(theirs)), type(theirs))
    if theirs is None or (key == "url" and ours is None):
        return  # nullable (user url)
    assert type(ours) is expected, f"{path}: expected {expected.__name__}, got {ours!r}"


def browser_form(page_url: str, html: str) -> tuple[str, dict[str, str]]:
    """``(absolute action URL, hidden fields)`` of the page's form, as a browser would post it
    (the CSRF token included)."""
    elements = parse_elements(html)
    form = next(e for e in elements if e.tag == "form")
    hidden = {
        e.attrs["name"]: e.attrs.get("value", "")
        for e in elements
        if e.tag == "input" and e.attrs.get("type") == "hidden"
    }
    return urljoin(page_url, form.attrs.get("action", "")), hidden
