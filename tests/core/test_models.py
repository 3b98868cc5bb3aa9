"""The models read every recorded and documented payload without losing a field."""

import json

import pytest

from flattr_core.errors import ApiError, ResponseError, api_error_class
from flattr_core.models import (
    AccessToken,
    Activities,
    Activity,
    Flattr,
    FlattrResult,
    RateLimit,
    SearchResult,
    Subscription,
    Thing,
    User,
)
from tests.core.core_helpers import SAMPLES, sample

# Which model reads which wire sample (a list file holds many of that model).
PARSERS = {
    "documented/activity.json": Activity.from_dict,
    "documented/flattr.json": Flattr.from_dict,
    "documented/minithing.json": Thing.from_dict,
    "documented/ratelimit.json": RateLimit.from_dict,
    "documented/searchresult.json": SearchResult.from_dict,
    "documented/subscription.json": Subscription.from_dict,
    "documented/thing.json": Thing.from_dict,
    "documented/user.json": User.from_dict,
    "recorded/flattr.json": FlattrResult.from_dict,
    "recorded/flattrs.json": Flattr.from_dict,
    "recorded/new_subscription.json": FlattrResult.from_dict,
    "recorded/things.json": Thing.from_dict,
    "recorded/user_smgt.json": User.from_dict,
    "recorded/user_thornkvist.json": User.from_dict,
}
ERROR_SAMPLES = {
    "recorded/error_thing_owner.json": 403,
    "recorded/flattr_no_means.json": 401,
    "recorded/flattr_unauthorized.json": 401,
    "recorded/subscribe_failed.json": 403,
}


def _same(original, parsed):
    """True when ``parsed`` (to_dict output) keeps every key and value of ``original``.

    The lenient conversions are the only allowed differences: 0/1 -> bool, "2" -> 2.
    """
    if isinstance(original, dict):
        return isinstance(parsed, dict) and all(
            key in parsed and _same(value, parsed[key]) for key, value in original.items()
        )
    if isinstance(original, list):
        return len(original) == len(parsed) and all(map(_same, original, parsed))
    if isinstance(original, str) and isinstance(parsed, int):
        return int(original) == parsed
    return original == parsed


def test_every_wire_sample_has_a_parser_in_this_test():
    on_disk = {str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.json")}
    assert on_disk == set(PARSERS) | set(ERROR_SAMPLES)


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_each_wire_sample_parses_without_losing_a_field(name):
    data = sample(name)
    items = data if isinstance(data, list) else [data]

    parsed = [PARSERS[name](item) for item in items]

    for item, model in zip(items, parsed, strict=True):
        assert _same(item, model.to_dict()), name
        json.dumps(model.to_dict())  # JSON-ready


@pytest.mark.parametrize("name", sorted(ERROR_SAMPLES))
def test_each_error_sample_maps_to_a_typed_error(name):
    body = sample(name)

    cls = api_error_class(ERROR_SAMPLES[name], body["error"], body["error_description"])

    assert issubclass(cls, ApiError) and cls is not ApiError
    assert body["error"] in cls.codes


def test_live_server_quirks_become_proper_types():
    first = Thing.from_dict(sample("recorded/things.json")[0])

    assert first.hidden is False  # sent as 0
    assert first.flattrs_user_count == 2  # sent as "2"
    assert first.owner.username == "smgt"


def test_usernames_keep_their_case_while_resource_urls_are_lower_case():
    flattr = next(
        f
        for f in map(Flattr.from_dict, sample("recorded/flattrs.json"))
        if f.thing.owner.username == "Melpomene"
    )

    assert flattr.thing.owner.resource.endswith("/users/melpomene")


def test_user_extras_from_2013_are_typed():
    user = User.from_dict(sample("documented/user.json"))

    assert user.id == "3bpQBK" and user.active_supporter is True and user.email


def test_unknown_keys_are_kept_in_extra_and_given_back():
    thing = Thing.from_dict(
        {"id": 1, "url": "https://e.com/", "flattrs_current_period": 4, "brand_new": {"x": 1}}
    )

    assert thing.extra == {"flattrs_current_period": 4, "brand_new": {"x": 1}}
    assert thing.to_dict()["brand_new"] == {"x": 1}


def test_search_result_things_can_be_iterated_twice():
    result = SearchResult.from_dict(sample("documented/searchresult.json"))

    assert [t.id for t in result] == [t.id for t in result] == [268185]
    assert (result.total_items, result.items, result.page) == (5, 1, 2)


def test_things_in_subscriptions_know_they_are_subscribed():
    sub = Subscription.from_dict(
        {"type": "subscription", "active": False, "thing": {"id": 5, "url": "https://e.com/"}}
    )

    assert sub.thing.subscribed is True and sub.active is False


def test_rate_limit_reads_the_endpoint_and_the_headers():
    body = RateLimit.from_dict(sample("documented/ratelimit.json"))
    headers = RateLimit.from_headers(
        {
            "X-RateLimit-Limit": "1000",
            "X-RateLimit-Remaining": "986",
            "X-RateLimit-Current": "14",
            "X-RateLimit-Reset": "1342521939",
        }
    )

    assert (body.limit, body.remaining, body.current, body.reset) == (1000, 986, 14, 1342521939)
    assert (headers.limit, headers.remaining, headers.current, headers.reset) == (
        body.limit,
        body.remaining,
        body.current,
        body.reset,
    )
    assert RateLimit.from_headers({}) is None


def test_activities_read_a_stream():
    stream = Activities.from_dict({"items": [sample("documented/activity.json")]})

    assert stream.items[0].verb == "like"
    assert stream.items[0].object["objectType"] == "bookmark"
    assert len(stream) == 1


@pytest.mark.parametrize("token_type", ["bearer", "Bearer", "BEARER"])
def test_access_token_type_any_case(token_type):
    token = AccessToken.from_dict({"access_token": "x", "token_type": token_type})

    assert token.token_type == "bearer"


@pytest.mark.parametrize(
    "data",
    [
        {"id": [1]},
        {"title": {"a": 1}},
        {"created_at": "yesterday"},
        ["not", "a", "thing"],
    ],
)
def test_a_really_wrong_type_is_a_response_error(data):
    with pytest.raises(ResponseError):
        Thing.from_dict(data)


def test_models_compare_by_content():
    data = sample("documented/thing.json")

    assert Thing.from_dict(data) == Thing.from_dict(data)
    assert Thing.from_dict(data) != Thing.from_dict({**data, "title": "other"})


def test_reprs_are_short_and_name_the_object():
    thing = Thing.from_dict(sample("documented/thing.json"))

    assert repr(thing) == "<Thing 268185 'simongate on Twitter'>"
    assert repr(thing.owner) == "<User 'simon_g'>"
