"""Sandbox answers have the keys and types of the wire samples, object kind by object kind.

``documented/`` samples are the documented shapes; ``recorded/`` ones are live answers from
~2013 (the sandbox normalises their type quirks: ``hidden`` bool, ``flattrs_user_count`` int).
"""

from tests.sandbox.sandbox_helpers import Api, as_user, assert_same_shape, sample

OWNER_ONLY = frozenset({"last_flattr_at", "updated_at"})


def test_thing_as_its_owner_has_the_documented_thing_shape(flattr_sandbox):
    thing = as_user(flattr_sandbox, "simon_g").get("/things/268185").json()
    assert_same_shape(
        thing, sample("documented/thing.json"), extra=frozenset({"flattrs_user_count"})
    )


def test_things_of_a_user_have_the_recorded_list_shape(flattr_sandbox):
    things = Api(flattr_sandbox).get("/users/smgt/things").json()
    assert len(things) == 9
    assert_same_shape(things, sample("recorded/things.json"))


def test_full_user_with_email_scope_has_the_documented_user_shape(flattr_sandbox):
    me = as_user(flattr_sandbox, "simon_g", "email").get("/user").json()
    assert_same_shape(me, sample("documented/user.json"))
    assert (me["id"], me["email"]) == ("3bpQBK", "simon@flattr.com")


def test_public_user_has_the_recorded_user_shape_plus_2013_fields(flattr_sandbox):
    smgt = Api(flattr_sandbox).get("/users/smgt").json()
    assert_same_shape(
        smgt, sample("recorded/user_smgt.json"), extra=frozenset({"id", "active_supporter"})
    )
    assert_same_shape(
        Api(flattr_sandbox).get("/users/thornkvist").json(),
        sample("recorded/user_thornkvist.json"),
        extra=frozenset({"id", "active_supporter"}),
    )


def test_flattr_list_has_the_recorded_flattrs_shape(flattr_sandbox):
    flattrs = Api(flattr_sandbox).get("/users/smgt/flattrs").json()
    assert flattrs[0]["thing"]["title"] == "steveklabnik on Twitter"
    assert_same_shape(flattrs, sample("recorded/flattrs.json"))


def test_flattr_object_has_the_documented_flattr_shape(flattr_sandbox):
    flattrs = Api(flattr_sandbox).get("/users/qzio/flattrs").json()
    assert flattrs[0]["thing"]["title"] == "GNU's not Unix!"
    # the documented example predates the mini thing's image and flattrs fields (2012-05)
    assert_same_shape(
        flattrs[0], sample("documented/flattr.json"), extra=frozenset({"image", "flattrs"})
    )


def test_flattr_answer_has_the_recorded_shape_and_a_documented_mini_thing(flattr_sandbox):
    answer = as_user(flattr_sandbox, "bob").post("/things/969122/flattr").json()
    assert_same_shape(answer, sample("recorded/flattr.json"))
    assert_same_shape(answer["thing"], sample("documented/minithing.json"))
    assert answer["thing"]["flattrs"] == 2


def test_search_result_has_the_documented_shape(flattr_sandbox):
    result = (
        as_user(flattr_sandbox, "simon_g").get("/things/search", params={"user": "simon_g"}).json()
    )
    assert_same_shape(
        result, sample("documented/searchresult.json"), extra=frozenset({"flattrs_user_count"})
    )


def test_subscription_has_the_documented_shape(flattr_sandbox):
    subscriptions = as_user(flattr_sandbox, "bob").get("/user/subscriptions").json()
    # the documented example shows owner-only fields on a thing its reader cannot own
    assert_same_shape(
        subscriptions[0],
        sample("documented/subscription.json"),
        extra=frozenset({"flattrs_user_count"}),
        missing_ok=OWNER_ONLY,
    )
    assert subscriptions[0]["thing"]["id"] == 268185


def test_subscribe_answer_has_the_recorded_shape(flattr_sandbox):
    answer = as_user(flattr_sandbox, "bob").post("/things/155759/subscriptions").json()
    assert_same_shape(answer, sample("recorded/new_subscription.json"))


def test_activity_has_the_documented_shape(flattr_sandbox):
    items = Api(flattr_sandbox).get("/users/pthulin/activities.as").json()["items"]
    assert_same_shape(items[0], sample("documented/activity.json"))
    assert items[0]["title"] == 'pthulin flattred "Acoustid"'
    assert items[0]["id"] == "tag:flattr.com,2012-01-04:pthulin/flattr/459394"


def test_rate_limit_has_the_documented_shape(flattr_sandbox):
    assert_same_shape(
        Api(flattr_sandbox).get("/rate_limit").json(), sample("documented/ratelimit.json")
    )


def test_error_bodies_equal_the_recorded_ones(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice")
    assert alice.post("/things/1200001/subscriptions").json() == sample(
        "recorded/error_thing_owner.json"
    )
    assert as_user(flattr_sandbox, "bob").post("/things/268185/subscriptions").json() == sample(
        "recorded/subscribe_failed.json"
    )
    assert as_user(flattr_sandbox, "carol").post("/things/268185/flattr").json() == sample(
        "recorded/flattr_no_means.json"
    )
    unauthorized = Api(flattr_sandbox).post("/things/268185/flattr").json()
    recorded = sample("recorded/flattr_unauthorized.json")
    assert unauthorized["error"] == recorded["error"]
    assert unauthorized["error_uri"] == recorded["error_uri"]
    assert unauthorized["error_description"].startswith(recorded["error_description"])
