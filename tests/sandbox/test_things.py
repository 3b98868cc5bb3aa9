"""Thing endpoints (Flattr API docs: Things) over plain HTTP: get, multi-get, lookup, create,
update, delete, listings, visibility, ``full`` and formats."""

from urllib.parse import urlencode

from tests.sandbox.sandbox_helpers import JSON_TYPE, Api, as_user, assert_error


def test_get_thing_anonymously_shows_public_fields_only(flattr_sandbox):
    answer = Api(flattr_sandbox).get("/things/268185")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == JSON_TYPE
    thing = answer.json()
    assert thing["resource"] == flattr_sandbox.api_url + "/things/268185"
    assert thing["link"] == flattr_sandbox.url + "/thing/268185"
    assert thing["owner"] == {
        "type": "user",
        "username": "simon_g",
        "resource": flattr_sandbox.api_url + "/users/simon_g",
        "link": flattr_sandbox.url + "/profile/simon_g",
    }
    assert thing["hidden"] is False and thing["tags"] == ["twitter"]
    assert not {"flattred", "subscribed", "last_flattr_at", "updated_at"} & set(thing)


def test_authenticated_reader_sees_flattred_and_subscribed_but_not_owner_fields(flattr_sandbox):
    thing = as_user(flattr_sandbox, "bob").get("/things/268185").json()
    assert (thing["flattred"], thing["subscribed"]) == (False, True)
    assert "last_flattr_at" not in thing and "updated_at" not in thing


def test_owner_sees_last_flattr_at_and_updated_at(flattr_sandbox):
    thing = as_user(flattr_sandbox, "alice").get("/things/1200001").json()
    assert thing["last_flattr_at"] == 1700500000 and thing["updated_at"] == 0


def test_full_embeds_the_full_owner_and_false_or_0_turn_it_off(flattr_sandbox):
    api = Api(flattr_sandbox)
    assert api.get("/things/268185?full").json()["owner"]["firstname"] == "Simon"
    assert api.get("/things/268185", params={"full": "full"}).json()["owner"]["city"] == "Simcity"
    for off in ("0", "false", "False"):
        assert "firstname" not in api.get("/things/268185", params={"full": off}).json()["owner"]


def test_missing_and_malformed_thing_ids_are_not_found(flattr_sandbox):
    api = Api(flattr_sandbox)
    assert_error(api.get("/things/999"), 404, "not_found", "could not be found")
    assert_error(api.get("/things/nothing_here"), 404, "not_found", "nothing_here")


def test_multi_get_takes_literal_commas_and_refuses_encoded_ones(flattr_sandbox):
    api = Api(flattr_sandbox)
    things = api.get("/things/268185,423405").json()
    assert [thing["id"] for thing in things] == [268185, 423405]
    assert_error(api.get("/things/268185%2C423405"), 404, "not_found", "literal commas")
    assert_error(api.get("/things/268185,999"), 404, "not_found", "999")


def test_json_suffix_is_the_default_format_and_others_are_not_acceptable(flattr_sandbox):
    api = Api(flattr_sandbox)
    assert api.get("/things/268185.json").json()["id"] == 268185
    assert_error(api.get("/things/268185.xml"), 406, "not_acceptable", ".xml")
    assert_error(api.get("/things/268185.as"), 406, "not_acceptable", "activities")
    assert_error(
        api.get("/things/268185", headers={"Accept": "text/xml"}),
        406,
        "not_acceptable",
        "application/json",
    )


def test_lookup_answers_302_with_location_body(flattr_sandbox):
    answer = Api(flattr_sandbox).get(
        "/things/lookup", params={"url": "http://twitter.com/#!/simongate"}
    )
    location = flattr_sandbox.api_url + "/things/268185"
    assert answer.status_code == 302
    assert answer.headers["Location"] == location
    assert answer.json() == {"message": "found", "location": location}


def test_lookup_follows_to_the_thing_like_flattr4j(flattr_sandbox):
    answer = Api(flattr_sandbox).get(
        "/things/lookup/",
        allow_redirects=True,
        params={"url": "http://blog.flattr.net/2011/10/api-v2-beta-out-whats-changed/"},
    )
    assert answer.json()["id"] == 423405


def test_lookup_of_unknown_url_has_the_documented_not_found_body(flattr_sandbox):
    answer = Api(flattr_sandbox).get("/things/lookup", params={"url": "https://nowhere.example/"})
    assert answer.status_code == 404
    assert answer.json() == {"message": "not_found", "description": "No thing was found"}


def test_lookup_of_auto_submit_url_checks_the_owner(flattr_sandbox):
    api = Api(flattr_sandbox)
    inner = urlencode({"url": "https://alice.example.org/posts/sourdough/", "user_id": "alice"})
    found = api.get("/things/lookup", params={"url": f"https://flattr.com/submit/auto?{inner}"})
    assert found.json()["location"].endswith("/things/1200002")
    wrong = urlencode({"url": "https://alice.example.org/posts/sourdough/", "user_id": "bob"})
    assert_error(
        api.get("/things/lookup", params={"url": f"https://flattr.com/submit/auto?{wrong}"}),
        400,
        "validation",
        "Owner mismatch",
    )


def test_lookup_needs_url(flattr_sandbox):
    assert_error(Api(flattr_sandbox).get("/things/lookup"), 400, "invalid_parameters", "url")


def test_create_thing_with_form_body(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    answer = alice.post(
        "/things",
        data={
            "url": "https://alice.example.org/posts/new/",
            "title": "A <b>new</b> post",
            "tags": "one, two",
            "hidden": "1",
            "language": "sv_SE",
        },
    )
    assert answer.status_code == 201
    body = answer.json()
    assert body["link"] == f"{flattr_sandbox.api_url}/things/{body['id']}"
    assert (body["message"], body["description"]) == ("ok", "Thing was created successfully")
    thing = alice.get(f"/things/{body['id']}").json()
    assert (thing["title"], thing["tags"], thing["hidden"]) == ("A new post", ["one", "two"], True)
    assert (thing["category"], thing["language"], thing["owner"]["username"]) == (
        "rest",
        "sv_SE",
        "alice",
    )


def test_create_thing_with_json_body_and_defaults(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    answer = alice.post(
        "/things",
        json={"url": "https://alice.example.org/json/", "tags": ["a", "b"], "hidden": False},
    )
    thing = alice.get(f"/things/{answer.json()['id']}").json()
    assert (thing["language"], thing["category"], thing["tags"]) == ("en_GB", "rest", ["a", "b"])


def test_create_duplicate_url_is_a_validation_error_naming_the_existing_thing(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    answer = alice.post("/things", data={"url": "https://alice.example.org/posts/sourdough/"})
    assert_error(answer, 400, "validation", "Thing already exists: thing 1200002")


def test_create_validates_every_field(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    url = "https://alice.example.org/valid/"
    cases = [
        ({"url": "ftp://example.com/"}, "Invalid url"),
        ({}, "url"),
        ({"url": url, "title": "abc"}, "title"),
        ({"url": url, "title": "x" * 101}, "title"),
        ({"url": url, "description": "d" * 1001}, "description"),
        ({"url": url, "category": "music"}, "category"),
        ({"url": url, "language": "en"}, "language"),
        ({"url": url, "tags": ["a,b"]}, "tags"),
        ({"url": url, "tags": "a;b"}, "tags"),
        ({"url": url, "hidden": "maybe"}, "hidden"),
        ({"url": url, "title": 12345}, "title"),
    ]
    for fields, field in cases:
        assert_error(alice.post("/things", json=fields), 400, "validation", field)


def test_create_needs_a_token_with_thing_scope(flattr_sandbox):
    assert_error(
        Api(flattr_sandbox).post("/things", data={"url": "https://x.example/"}), 401, "unauthorized"
    )
    reader = as_user(flattr_sandbox, "alice", "flattr")
    assert_error(
        reader.post("/things", data={"url": "https://x.example/"}),
        403,
        "insufficient_scope",
        "thing",
    )


def test_update_with_patch_and_with_post_method_override(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    answer = alice.patch("/things/1200002", json={"title": "Sourdough, faster", "tags": "bread"})
    assert answer.json() == {"message": "ok", "description": "Thing was updated correctly"}
    answer = alice.post("/things/1200002", data={"_method": "patch", "language": "de_DE"})
    assert answer.status_code == 200
    thing = alice.get("/things/1200002").json()
    assert (thing["title"], thing["tags"], thing["language"]) == (
        "Sourdough, faster",
        ["bread"],
        "de_DE",
    )
    assert thing["updated_at"] > 0


def test_update_refuses_url_changes_others_things_and_plain_post(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    assert_error(
        alice.patch("/things/1200002", json={"url": "https://x.example/"}), 400, "validation", "url"
    )
    assert_error(
        alice.patch("/things/268185", json={"title": "Mine now"}), 403, "forbidden", "simon_g"
    )
    assert_error(
        alice.post("/things/1200002", data={"title": "Hello there"}),
        400,
        "invalid_request",
        "_method=patch",
    )
    assert_error(alice.patch("/things/999", json={"title": "Hello there"}), 404, "not_found")


def test_delete_own_thing_only(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    assert_error(alice.delete("/things/268185"), 403, "forbidden")
    answer = alice.delete("/things/1200002")
    assert answer.status_code == 204 and answer.content == b""
    assert "Content-Type" not in answer.headers
    assert_error(alice.get("/things/1200002"), 404, "not_found")
    assert_error(
        as_user(flattr_sandbox, "alice", "flattr").delete("/things/1200001"),
        403,
        "insufficient_scope",
    )


def test_a_deleted_things_id_is_never_given_to_another_thing(flattr_sandbox):
    alice = as_user(flattr_sandbox, "alice", "thing")
    first = alice.post("/things", data={"url": "https://blog.example/first"}).json()["id"]
    assert alice.delete(f"/things/{first}").status_code == 204

    second = alice.post("/things", data={"url": "https://blog.example/second"}).json()["id"]

    assert second > first
    assert_error(alice.get(f"/things/{first}"), 404, "not_found")


def test_user_things_hide_hidden_things_except_from_their_owner(flattr_sandbox):
    public = [t["id"] for t in Api(flattr_sandbox).get("/users/alice/things").json()]
    assert public == [1200003, 1200002, 1200001]
    own = [t["id"] for t in as_user(flattr_sandbox, "alice").get("/user/things").json()]
    assert own == [1200004, 1200003, 1200002, 1200001]
    assert Api(flattr_sandbox).get("/things/1200004").json()["hidden"] is True


def test_paging_caps_count_at_100_and_pages_past_the_end_are_empty(flattr_sandbox):
    api = Api(flattr_sandbox)
    assert len(api.get("/users/smgt/things", params={"count": 2, "page": 2}).json()) == 2
    assert len(api.get("/users/smgt/things", params={"count": 1000}).json()) == 9
    assert api.get("/users/smgt/things", params={"page": 50}).json() == []
    assert_error(
        api.get("/users/smgt/things", params={"count": "ten"}), 400, "invalid_parameters", "count"
    )
    assert_error(
        api.get("/users/smgt/things", params={"page": 0}), 400, "invalid_parameters", "page"
    )


def test_user_things_of_unknown_user_and_without_token(flattr_sandbox):
    assert_error(Api(flattr_sandbox).get("/users/nobody/things"), 404, "not_found", "user")
    assert_error(Api(flattr_sandbox).get("/user/things"), 401, "unauthorized")


def test_lookup_by_path_like_the_php_sample(flattr_sandbox):
    answer = Api(flattr_sandbox).get("/things/lookup/q/http://acoustid.org/")
    assert answer.status_code == 302 and answer.json()["location"].endswith("/things/459394")
