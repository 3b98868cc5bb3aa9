"""Every answer that says "we have been notified" is logged with its traceback; injected faults,
which are no bug, do not claim it."""

import io
import logging

import pytest
import requests
from werkzeug.exceptions import InternalServerError

from flattr_sandbox import create_app, formats
from flattr_sandbox.server import log_to
from tests.sandbox.sandbox_helpers import Api


def _app_with(route):
    app = create_app()
    app.add_url_rule("/rest/v2/broken", view_func=route)
    return app


def _raise_bug():
    raise RuntimeError("a bug in a route")


def _raise_http_500():
    raise InternalServerError("an explicit 500")


@pytest.mark.parametrize("route", [_raise_bug, _raise_http_500])
def test_a_500_from_a_route_is_logged_with_its_traceback(caplog, route):
    answer = _app_with(route).test_client().get("/rest/v2/broken")
    assert answer.status_code == 500 and "notified" in answer.get_json()["error_description"]
    logged = [r for r in caplog.records if r.name.startswith("flattr_sandbox") and r.exc_info]
    assert logged and "/rest/v2/broken" in logged[0].getMessage()


def test_a_500_from_an_after_request_hook_is_logged(caplog):
    app = create_app()

    @app.after_request
    def broken(response):
        raise RuntimeError("a bug after the route")

    answer = app.test_client().get("/rest/v2/categories")
    assert answer.status_code == 500 and "notified" in answer.get_json()["error_description"]
    assert any(r.exc_info for r in caplog.records if r.name.startswith("flattr_sandbox"))


def test_a_500_below_flask_is_logged_by_the_http_handler(flattr_sandbox, caplog, monkeypatch):
    def broken(self, environ, start_response):
        raise RuntimeError("a bug in the middleware")

    monkeypatch.setattr(formats.FormatMiddleware, "__call__", broken)
    answer = requests.get(flattr_sandbox.api_url + "/categories", timeout=5)
    assert answer.status_code == 500 and "notified" in answer.json()["error_description"]
    assert any(r.exc_info for r in caplog.records if r.name.startswith("flattr_sandbox"))


def test_an_injected_fault_claims_no_notification(flattr_sandbox):
    flattr_sandbox.inject_faults("500")
    answer = Api(flattr_sandbox).get("/categories")
    assert answer.status_code == 500 and "notified" not in answer.json()["error_description"]


def test_flattr_sandbox_prints_logged_bugs_with_their_traceback():
    stream = io.StringIO()
    handler = log_to(stream)
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logging.getLogger("flattr_sandbox").exception("sandbox bug while answering GET /x")
    finally:
        logging.getLogger("flattr_sandbox").removeHandler(handler)
    text = stream.getvalue()
    assert "sandbox bug while answering GET /x" in text and "Traceback" in text
