"""OAuth 2 pages (Flattr API docs: OAuth): ``/oauth/authorize`` and ``/oauth/token``.

Authorize: an HTML page where a person picks a seeded user and approves or denies; the browser
then goes to ``redirect_uri`` with ``code`` (or ``error=access_denied``), ``state`` echoed when
given. Problems that make the redirect URI untrustworthy (unknown ``client_id``, a
``redirect_uri`` the app did not register) answer an HTML "Bad request (400)" page instead of
redirecting, as RFC 6749 §4.1.2.1 requires; other problems (``response_type`` other than
``code``, unknown scopes) redirect with ``error``. With ``auto_approve`` set, the page is skipped
and the code is issued for that user at once.

Redirect URIs: ``sandbox-web`` must match its registered URI exactly; ``sandbox-demo`` accepts
any ``http`` loopback URI (127.0.0.1, localhost, [::1]) on any port and path, as native apps
need. Either way the token request must repeat the authorize request's URI exactly (it may omit
it, as the Ruby gem did, only if the authorize request omitted it too).

Token: HTTP Basic client authentication (``client_id``/``client_secret`` in the body are
accepted too, as in Flattr's PHP sample), JSON or form body, codes single-use and valid for 10
minutes. As RFC 6749 §4.1.2-4.1.3 asks: a replayed code is refused and the token issued from it
revoked; a token request must repeat the ``redirect_uri`` of the authorize request if that had
one; a code tried by another client (or with a wrong ``redirect_uri``) is refused without being
used up, so the rightful client can still redeem it. Errors are RFC 6749 §5.2 bodies
(``{"error", "error_description"}``), ``401 invalid_client`` with ``WWW-Authenticate: Basic``.
Success: ``{"access_token", "token_type": "bearer"}`` with ``Cache-Control: no-store`` (no
refresh token, no expiry, as Flattr).
"""

from __future__ import annotations

import hmac
import json
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, render_template, request

from . import jsonbody
from .access import same_origin_form
from .context import SCOPES, now
from .state import current
from .store import Row

bp = Blueprint("oauth", __name__, url_prefix="/oauth")
CODE_LIFETIME_SECONDS = 600
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
SCOPE_TEXTS = {
    "flattr": "flattr things and manage your subscriptions",
    "thing": "create, change and delete your things",
    "email": "read your email address",
    "extendedread": "read your private details and find hidden things",
}
TOKEN_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Expires": "Thu, 19 Nov 1981 08:52:00 GMT",
}


def html_page(status: int, heading: str, message: str) -> Response:
    body = render_template(
        "message.html", status=status, heading=heading, message=message, back=None
    )
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def redirect_to(location: str, status: int = 302) -> Response:
    return Response(status=status, headers={"Location": location})


def redirect_allowed(app: Row, uri: str) -> bool:
    if uri == app["redirect_uri"]:
        return True
    if not app["any_loopback"]:
        return False
    parts = urlsplit(uri)
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS and not parts.fragment


def with_params(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def parse_scopes(text: str) -> tuple[list[str], list[str]]:
    """``(known, unknown)`` scopes from a space, ``+`` or comma separated list."""
    items = text.replace(",", " ").replace("+", " ").split()
    return ([s for s in dict.fromkeys(items) if s in SCOPES], [s for s in items if s not in SCOPES])


class _Asked(NamedTuple):
    """An authorization request whose client and redirect URI checked out."""

    app: Row
    uri: str  # where the user is sent back to
    given: str | None  # the redirect_uri as the request gave it (None: omitted)
    state: str | None  # the client's state, echoed back unchanged

    def back(self, **params: str) -> Response:
        """Send the user back to the app with ``params`` (and the state, when there was one)."""
        if self.state is not None:
            params["state"] = self.state
        return redirect_to(with_params(self.uri, params))


def _checked_client(values: Any) -> _Asked | Response:
    """The request's app, redirect URI and state, or an error page when either is not usable."""
    client_id = values.get("client_id", "")
    app = current().store.app(client_id) if client_id else None
    if app is None:
        return html_page(
            400,
            "Bad request (400)",
            f"Unknown or missing client_id {client_id!r}: register the app, or use "
            "the sandbox's demo app client_id=sandbox-demo.",
        )
    given = values.get("redirect_uri") or None
    uri = given or app["redirect_uri"]
    if not redirect_allowed(app, uri):
        return html_page(
            400,
            "Bad request (400)",
            f"redirect_uri {uri!r} does not match the callback registered for "
            f"{app['name']} ({app['redirect_uri']}"
            + (" or any http loopback URI)" if app["any_loopback"] else ")"),
        )
    return _Asked(app, uri, given, values.get("state"))


@bp.get("/authorize")
def authorize() -> Response:
    asked = _checked_client(request.args)
    if isinstance(asked, Response):
        return asked
    response_type = request.args.get("response_type", "")
    if not response_type:
        return asked.back(
            error="invalid_request",
            error_description="response_type is required (response_type=code)",
        )
    if response_type != "code":
        return asked.back(
            error="unsupported_response_type",
            error_description="The sandbox implements response_type=code "
            f"only (got {response_type!r})",
        )
    scopes, unknown = parse_scopes(request.args.get("scope", ""))
    if unknown:
        return asked.back(
            error="invalid_scope",
            error_description=f"Unknown scope(s) {', '.join(unknown)}; use {', '.join(SCOPES)}",
        )
    store = current().store
    auto = current().settings.auto_approve
    if auto:
        code = store.add_code(asked.app["client_id"], auto, scopes, asked.given, now())
        return asked.back(code=code)
    hidden = {
        "client_id": asked.app["client_id"],
        "redirect_uri": asked.given or "",
        "scope": " ".join(scopes),
        "response_type": "code",
    }
    if asked.state is not None:
        hidden["state"] = asked.state
    page = render_template(
        "authorize.html",
        app_name=asked.app["name"],
        scopes=scopes,
        scope_texts=SCOPE_TEXTS,
        hidden=hidden,
        users=store.users(),
        selected=request.cookies.get("sandbox_user", "alice"),
        redirect_uri=asked.uri,
    )
    return Response(page, content_type="text/html; charset=utf-8")


@bp.post("/authorize")
@same_origin_form
def decide() -> Response:
    asked = _checked_client(request.form)
    if isinstance(asked, Response):
        return asked
    if request.form.get("decision") != "approve":
        return asked.back(error="access_denied", error_description="The user denied the request")
    store = current().store
    user = store.user(request.form.get("username", ""))
    if user is None:
        return html_page(400, "Bad request (400)", "Pick one of the sandbox's users to sign in.")
    scopes, _ = parse_scopes(request.form.get("scope", ""))
    code = store.add_code(asked.app["client_id"], user["username"], scopes, asked.given, now())
    response = asked.back(code=code)
    response.set_cookie("sandbox_user", user["username"], samesite="Lax", httponly=True)
    return response


def oauth_error(status: int, error: str, description: str) -> Response:
    headers = dict(TOKEN_HEADERS)
    if error == "invalid_client":
        headers["WWW-Authenticate"] = 'Basic realm="flattr"'
    return Response(
        json.dumps({"error": error, "error_description": description}),
        status=status,
        headers=headers,
        content_type="application/json; charset=utf-8",
    )


def _token_fields() -> dict[str, Any] | Response:
    raw = request.get_data(cache=True)
    if request.mimetype == "application/json":
        try:
            fields = jsonbody.parse(raw) if raw.strip() else {}
        except jsonbody.BodyError as exc:
            return oauth_error(400, "invalid_request", exc.description)
        if not isinstance(fields, dict):
            return oauth_error(400, "invalid_request", "The JSON body must be an object")
        return fields
    return request.form.to_dict()


def _redirect_uri_problem(app: Row, code: Row, uri: Any) -> Response | None:
    """RFC 6749 §4.1.3: the token request repeats the authorize request's ``redirect_uri``;
    when that request had none, any URI the app may use (or none, as the Ruby gem sends)."""
    expected = code["redirect_uri"]
    if expected is not None and not uri:
        return oauth_error(
            400,
            "invalid_request",
            "redirect_uri is required: the authorization request named one, "
            "so send the same value here",
        )
    if (
        uri
        and uri != (expected or app["redirect_uri"])
        and (expected is not None or not redirect_allowed(app, str(uri)))
    ):
        return oauth_error(
            400,
            "invalid_grant",
            f"redirect_uri {str(uri)[:200]!r} does not match the one of the authorization request",
        )
    return None


@bp.post("/token")
def token() -> Response:
    fields = _token_fields()
    if isinstance(fields, Response):
        return fields
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        client_id, secret = auth.username or "", auth.password or ""
    else:
        client_id = str(fields.get("client_id", ""))
        secret = str(fields.get("client_secret", ""))
    store = current().store
    app = store.app(client_id) if client_id else None
    if app is None or not hmac.compare_digest(secret.encode(), app["client_secret"].encode()):
        return oauth_error(
            401,
            "invalid_client",
            "Client authentication failed: send HTTP "
            "Basic client_id:client_secret of a registered app",
        )
    grant_type = fields.get("grant_type")
    if not grant_type:
        return oauth_error(
            400, "invalid_request", "grant_type is required (grant_type=authorization_code)"
        )
    if grant_type != "authorization_code":
        return oauth_error(
            400,
            "unsupported_grant_type",
            f"Only grant_type=authorization_code is supported, got {str(grant_type)[:100]!r}",
        )
    code = fields.get("code")
    if not isinstance(code, str) or not code:
        return oauth_error(
            400, "invalid_request", "code is required: the code given to the redirect URI"
        )
    row = store.code(code)
    # Another client's attempt leaves the code untouched: only its own client may use it up.
    if row is None or row["client_id"] != app["client_id"]:
        return oauth_error(400, "invalid_grant", "Unknown authorization code")
    if row["used"]:
        return _replayed(code)
    if now() - row["created_at"] > CODE_LIFETIME_SECONDS:
        return oauth_error(
            400, "invalid_grant", "The authorization code has expired; authorize again"
        )
    problem = _redirect_uri_problem(app, row, fields.get("redirect_uri"))
    if problem is not None:
        return problem
    access_token = store.redeem_code(code, now())
    if access_token is None:  # redeemed by a concurrent request since it was read
        return _replayed(code)
    return Response(
        json.dumps({"access_token": access_token, "token_type": "bearer"}),
        headers=TOKEN_HEADERS,
        content_type="application/json; charset=utf-8",
    )


def _replayed(code: str) -> Response:
    # RFC 6749 §4.1.2: a code used twice may have been stolen; the token it gave is revoked.
    current().store.revoke_code_tokens(code)
    return oauth_error(
        400,
        "invalid_grant",
        "The authorization code was already used; codes are single-use, and the token "
        "issued from it has been revoked: authorize again",
    )
