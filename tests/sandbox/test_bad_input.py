"""Bad input always gets the documented JSON error shape with a useful description."""

import ast
import re
from pathlib import Path

import pytest
import requests

import flattr_sandbox
from tests.sandbox.sandbox_helpers import Api, as_user, assert_error


def test_malformed_json_body(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice")
    answer = alice.post("/things", data="{url: nope", headers={"Content-Type": "application/json"})
    assert_error(answer, 400, "invalid_request", "Malformed JSON")
    assert_error(
        alice.post("/things", json=["https://x.example/"]), 400, "invalid_request", "object"
    )


@pytest.mark.parametrize(
    ("method", "path", "sent", "named"),
    [
        ("POST", "/things", {"json": {"url": "https://x.example/", "colour": "red"}}, "'colour'"),
        ("GET", "/things/268185", {"params": {"fields": "all"}}, "'fields'"),
        ("POST", "/things/268185/flattr", {"data": {"amount": "5"}}, "'amount'"),
    ],
)
def test_unknown_parameters_are_named(flattr_sandbox, method, path, sent, named):
    alice = as_user(flattr_sandbox, "alice")
    assert_error(alice.call(method, path, **sent), 400, "invalid_parameters", named)


def test_repeated_parameters_and_unsupported_body_types(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice")
    assert_error(alice.get("/things/search?count=1&count=2"), 400, "invalid_parameters", "count")
    assert_error(
        alice.post(
            "/things", data=b"url=https://x.example/", headers={"Content-Type": "text/plain"}
        ),
        400,
        "invalid_request",
        "text/plain",
    )


def test_oversized_body(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice")
    answer = alice.post("/things", json={"url": "https://x.example/", "description": "x" * 70000})
    assert_error(answer, 413, "invalid_request", "too large")


API_RESOURCES = "(things, users, user, flattr, categories, languages, rate_limit)"


def test_unknown_routes_and_wrong_methods(flattr_sandbox):
    api = Api(flattr_sandbox)
    body = assert_error(api.get("/thingz"), 404, "not_found")
    assert body["error_description"] == (
        f"no such API route: GET /rest/v2/thingz; the API lives under /rest/v2 {API_RESOURCES}"
    )
    wrong = api.put("/categories")
    assert_error(wrong, 405, "invalid_request", "PUT")
    assert wrong.headers["Allow"] == "GET"
    answer = requests.get(flattr_sandbox.url + "/nothing/here", timeout=5)
    body = assert_error(answer, 404, "not_found", "no such route: GET /nothing/here")
    assert f"/rest/v2 {API_RESOURCES}" in body["error_description"]
    assert "/oauth/authorize" in body["error_description"]


def test_an_api_path_without_rest_v2_suggests_the_full_path(flattr_sandbox):
    # What `flattr --api-url http://127.0.0.1:PORT/ categories` asks for.
    answer = requests.get(flattr_sandbox.url + "/categories", timeout=5)
    body = assert_error(answer, 404, "not_found", "did you mean /rest/v2/categories?")
    assert "an API base URL ends in /rest/v2" in body["error_description"]


def test_no_user_facing_text_points_at_internal_documents():
    """Error descriptions and pages name routes and options, never the Flattr API docs' sections
    (users do not have that file); docstrings and comments may cite it."""
    package = Path(flattr_sandbox.__file__).parent
    offending = []
    for source in sorted(package.glob("*.py")):
        tree = ast.parse(source.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and re.search(r"flattr-api|§|\.md\b", node.value)
            ):
                offending.append(f"{source.name}:{node.lineno}: {node.value!r}")
    for template in sorted((package / "templates").rglob("*")):
        if template.is_file() and re.search(r"flattr-api|§|\.md\b", template.read_text()):
            offending.append(str(template))
    assert offending == []


def test_wrong_types_in_json_bodies(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice")
    assert_error(alice.post("/things", json={"url": 42}), 400, "validation", "url")
    assert_error(alice.patch("/things/1200001", json={"tags": {"a": 1}}), 400, "validation", "tags")
    assert_error(
        alice.patch("/things/1200001", json={"hidden": "sometimes"}), 400, "validation", "hidden"
    )


def test_oddly_formed_authorization_headers(flattr_sandbox):
    for header in ("Bearer", "Bearer ", "Bearer a b"):
        answer = requests.get(
            flattr_sandbox.api_url + "/user", headers={"Authorization": header}, timeout=5
        )
        assert_error(answer, 401, "unauthorized")


def test_wrong_method_on_static_thing_routes(flattr_sandbox):
    answer = as_user(flattr_sandbox, "alice").post("/things/search", data={"_method": "patch"})
    assert_error(answer, 405, "invalid_request", "use GET")


def test_a_bug_becomes_a_json_server_error_not_a_traceback():
    from flattr_sandbox import create_app

    app = create_app()

    def broken():
        raise RuntimeError("secret internals")

    app.add_url_rule("/rest/v2/broken", view_func=broken)
    answer = app.test_client().get("/rest/v2/broken")
    assert answer.status_code == 500
    assert answer.get_json()["error"] == "server_error"
    assert "secret internals" not in answer.get_data(as_text=True)


def test_cors_preflight(flattr_sandbox):
    preflight = {"Origin": "https://blog.example", "Access-Control-Request-Method": "POST"}
    answer = Api(flattr_sandbox).call("OPTIONS", "/things", headers=preflight)
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in answer.headers["Access-Control-Allow-Headers"]
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
