"""Every API error code becomes its own exception, carrying what the server said and sent."""

import pytest

from flattr_core import errors
from flattr_core.errors import (
    AlreadySubscribed,
    ApiError,
    BadRequest,
    FlattrError,
    FlattrOnce,
    FlattrOwner,
    Forbidden,
    InsufficientScope,
    InvalidParameters,
    InvalidRequest,
    InvalidScope,
    NoMeans,
    NotAcceptable,
    NotFound,
    RateLimitExceeded,
    ResponseError,
    ServerError,
    ThingExists,
    ThingOwner,
    Unauthorized,
    ValidationError,
)
from tests.core.core_helpers import API, error_json, sample

RATE_HEADERS = {
    "X-RateLimit-Limit": "1000",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Current": "1000",
    "X-RateLimit-Reset": "1900000000",
}


@pytest.mark.parametrize(
    "status,code,cls",
    [
        (400, "invalid_request", InvalidRequest),
        (400, "invalid_parameters", InvalidParameters),
        (400, "validation", ValidationError),
        (401, "unauthorized", Unauthorized),
        (401, "no_means", NoMeans),
        (401, "no_money", NoMeans),
        (403, "rate_limit_exceeded", RateLimitExceeded),
        (403, "invalid_scope", InvalidScope),
        (403, "insufficient_scope", InsufficientScope),
        (403, "forbidden", Forbidden),
        (403, "flattr_once", FlattrOnce),
        (403, "flattr_owner", FlattrOwner),
        (403, "thing_owner", ThingOwner),
        (403, "subscribed", AlreadySubscribed),
        (404, "not_found", NotFound),
        (406, "not_acceptable", NotAcceptable),
        (500, "server_error", ServerError),
    ],
)
def test_each_error_code_raises_its_class_with_every_detail(api, server, status, code, cls):
    server.post(
        f"{API}/things/5/flattr",
        status=status,
        headers=RATE_HEADERS,
        json=error_json(code, f"server says {code}", error_uri="http://developers.flattr.net/api"),
    )
    api.transport.max_retries = 0  # this test is about the error, not the retries

    with pytest.raises(cls) as caught:
        api.things.flattr(5)

    err = caught.value
    assert type(err) is cls
    assert (err.status, err.code) == (status, code)
    assert err.description == f"server says {code}"
    assert err.uri == "http://developers.flattr.net/api"
    assert err.response.status_code == status
    assert err.rate_limit.remaining == 0 and err.rate_limit.reset == 1900000000
    assert f"server says {code}" in str(err) and f"{status}" in str(err)


@pytest.mark.parametrize(
    "status,cls",
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (406, NotAcceptable),
        (429, RateLimitExceeded),
        (502, ServerError),
        (418, ApiError),
    ],
)
def test_an_unknown_or_missing_code_is_classed_by_status(api, server, status, cls):
    server.get(f"{API}/categories", status=status, json={"error": "something_new"})
    api.transport.max_retries = 0

    with pytest.raises(cls):
        api.categories()


def test_a_404_with_an_empty_body_is_not_found(api, server):
    server.get(f"{API}/users/nobody", status=404, body="")

    with pytest.raises(NotFound, match="check the id, username or URL"):
        api.users.get("nobody")


def test_an_html_502_is_a_server_error_that_quotes_the_body(api, server):
    for _ in range(4):
        server.get(
            f"{API}/categories",
            status=502,
            body="<html>Bad Gateway</html>",
            content_type="text/html",
        )

    with pytest.raises(ServerError, match="Bad Gateway") as caught:
        api.categories()

    assert "text/html" in str(caught.value)


def test_a_duplicate_url_is_thing_exists_a_kind_of_validation_error(api, server):
    server.post(
        f"{API}/things",
        status=400,
        json=error_json("validation", "Thing already exists"),
    )

    with pytest.raises(ThingExists) as caught:
        api.things.create("https://example.com/dup")

    assert isinstance(caught.value, ValidationError)
    assert "lookup" in str(caught.value)


def test_messages_say_what_to_do(api, server):
    server.get(f"{API}/user", status=401, json=sample("recorded/flattr_unauthorized.json"))

    with pytest.raises(Unauthorized) as caught:
        api.authenticated.get()

    assert "flattr login" in str(caught.value) and "FLATTR_ACCESS_TOKEN" in str(caught.value)


def test_rate_limit_message_names_the_reset_time(api, server):
    server.get(
        f"{API}/user",
        status=403,
        headers=RATE_HEADERS,
        json=error_json("rate_limit_exceeded", "Too many"),
    )

    with pytest.raises(RateLimitExceeded, match="2030-03-17 17:46:40 UTC"):
        api.authenticated.get()


@pytest.mark.parametrize(
    "name,cls",
    [
        ("recorded/flattr_no_means.json", NoMeans),
        ("recorded/flattr_unauthorized.json", Unauthorized),
        ("recorded/error_thing_owner.json", ThingOwner),
        ("recorded/subscribe_failed.json", AlreadySubscribed),
    ],
)
def test_recorded_error_bodies_become_typed_errors(api, server, name, cls):
    body = sample(name)
    status = {NoMeans: 401, Unauthorized: 401}.get(cls, 403)
    server.post(f"{API}/things/5/subscriptions", status=status, json=body)

    with pytest.raises(cls) as caught:
        api.things.subscribe(5)

    assert caught.value.description == body["error_description"]


def test_every_error_is_a_flattr_error():
    for cls in list(errors.ERROR_CLASSES.values()) + list(errors.OAUTH_ERROR_CLASSES.values()):
        assert issubclass(cls, FlattrError)
    for cls in (errors.TransportError, errors.ResponseError, errors.InputError):
        assert issubclass(cls, FlattrError)


def test_the_table_maps_each_code_once_and_to_a_class_that_claims_it():
    for code, cls in errors.ERROR_CLASSES.items():
        assert code in cls.codes


def test_every_error_class_says_what_to_do():
    api_classes = {*errors.ERROR_CLASSES.values(), *errors.STATUS_CLASSES.values()}
    for cls in api_classes | {errors.ThingExists, errors.ServerError}:
        assert cls("said by the server").what_to_do(), cls
    for cls in errors.OAUTH_ERROR_CLASSES.values():
        assert cls.hint, cls


def test_the_tree_in_the_docstring_names_every_class():
    doc = errors.__doc__
    for cls in [
        *errors.ERROR_CLASSES.values(),
        *errors.OAUTH_ERROR_CLASSES.values(),
        errors.ThingExists,
        errors.MethodNotAllowed,
        errors.BadRequest,
    ]:
        assert cls.__name__ in doc


def test_the_older_librarys_names_still_catch_the_right_errors():
    assert errors.FlattrApiError is ApiError
    assert errors.NotFoundError is NotFound
    assert errors.NotAccaptableError is NotAcceptable
    assert errors.RateLimitExceededError is RateLimitExceeded
    with pytest.raises(errors.InsufficientScopeError):
        errors.raise_exception(403, "insufficient_scope", "no")


def test_input_errors_are_also_value_and_type_errors(api):
    with pytest.raises(ValueError):
        api.things.get("abc")
    with pytest.raises(TypeError):
        api.things.new(title=5)


def test_not_json_where_json_was_expected_is_a_response_error_saying_what_came(api, server):
    server.get(f"{API}/things/5", body="<html>Welcome to nginx</html>", content_type="text/html")

    with pytest.raises(ResponseError) as caught:
        api.things.get(5)

    assert "Welcome to nginx" in str(caught.value) and "text/html" in str(caught.value)
    assert caught.value.received.startswith("<html>")


@pytest.mark.parametrize(
    "body,message",
    [
        ('{"id": 5, "title": "cut', "not JSON"),
        ("", "empty body"),
        ('"just a string"', "expected a JSON object"),
        ('{"id": "five"}', "thing.id: expected an integer, received 'five'"),
        ('{"id": 5, "tags": {"a": 1}}', "thing.tags"),
        ('{"id": 5, "owner": [1, 2]}', "thing.owner"),
        ('{"id": 5, "hidden": "maybe"}', "thing.hidden"),
    ],
)
def test_odd_bodies_never_leak_key_value_or_attribute_errors(api, server, body, message):
    server.get(f"{API}/things/5", body=body, content_type="application/json")

    with pytest.raises(ResponseError, match=message):
        api.things.get(5)


@pytest.mark.parametrize(
    "path,call",
    [
        ("/user/things", lambda api: list(api.authenticated.get_things())),
        ("/user/subscriptions", lambda api: api.authenticated.get_subscriptions()),
        ("/categories", lambda api: api.categories()),
        ("/things/search", lambda api: api.things.search()),
        ("/user", lambda api: api.authenticated.get()),
    ],
)
def test_a_list_where_an_object_belongs_or_vice_versa_is_a_response_error(api, server, path, call):
    wrong = {"things": []} if path != "/things/search" and path != "/user" else [1, 2]
    server.get(f"{API}{path}", json=wrong)

    with pytest.raises(ResponseError, match="expected a JSON"):
        call(api)
