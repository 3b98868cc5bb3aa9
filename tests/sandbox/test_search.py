"""``GET /things/search`` (Flattr API docs: Things): each filter, sorting, paging, hidden things."""

from tests.sandbox.sandbox_helpers import Api, as_user, assert_error


def ids(answer):
    return [thing["id"] for thing in answer.json()["things"]]


def test_search_result_counts_and_pages(flattr_sandbox):
    api = Api(flattr_sandbox)
    first = api.get("/things/search", params={"user": "smgt", "count": 4}).json()
    assert (first["total_items"], first["items"], first["page"]) == (9, 4, 1)
    last = api.get("/things/search", params={"user": "smgt", "count": 4, "page": 3}).json()
    assert (last["items"], last["page"]) == (1, 3)
    past = api.get("/things/search", params={"user": "smgt", "count": 4, "page": 9}).json()
    assert (past["total_items"], past["items"], past["things"]) == (9, 0, [])


def test_query_matches_every_word_and_ranks_titles_first(flattr_sandbox):
    api = Api(flattr_sandbox)
    assert ids(api.get("/things/search", params={"query": "sourdough"})) == [1200002]
    assert ids(api.get("/things/search", params={"query": "harbour dawn"})) == [1200003]
    assert ids(api.get("/things/search", params={"query": "harbour nonsense"})) == []


def test_tag_expressions_with_or_and_not(flattr_sandbox):
    api = Api(flattr_sandbox)

    def tags(expression, **extra):
        return set(ids(api.get("/things/search", params={"tags": expression, **extra})))

    assert tags("baking") == {1200002}  # the hidden draft is not found
    assert tags("photo & travel") == {1200003}
    assert tags("photo | bread", user="alice") == {1200002, 1200003}
    assert tags("photo ! instagram", user="smgt") == {800783}
    assert tags("github & ruby") == {1114710, 1110875}
    assert_error(api.get("/things/search", params={"tags": "|"}), 400, "invalid_parameters", "tags")


def test_language_and_category_lists(flattr_sandbox):
    api = Api(flattr_sandbox)
    assert ids(api.get("/things/search", params={"language": "sv_SE"})) == [1200003]
    found = set(ids(api.get("/things/search", params={"category": "video,people", "user": "smgt"})))
    assert found == {814133, 896652}
    assert_error(
        api.get("/things/search", params={"category": "music"}), 400, "invalid_parameters", "music"
    )
    assert_error(
        api.get("/things/search", params={"language": "xx_XX"}), 400, "invalid_parameters", "xx_XX"
    )


def test_url_filter_keeps_urls_starting_with_it(flattr_sandbox):
    found = ids(
        Api(flattr_sandbox).get(
            "/things/search", params={"url": "https://alice.example.org/posts/"}
        )
    )
    assert set(found) == {1200001, 1200002}


def test_sorts(flattr_sandbox):
    api = Api(flattr_sandbox)
    by_flattrs = ids(api.get("/things/search", params={"sort": "flattrs", "count": 3}))
    assert by_flattrs == [118424, 38589, 821090]
    bob = as_user(flattr_sandbox, "bob")
    assert bob.post("/things/1200002/flattr").status_code == 200
    for sort in ("trend", "flattrs_month", "flattrs_week", "flattrs_day"):
        assert ids(api.get("/things/search", params={"sort": sort, "count": 1})) == [1200002]
    assert_error(
        api.get("/things/search", params={"sort": "random"}), 400, "invalid_parameters", "sort"
    )


def test_hidden_things_are_found_by_their_owner_with_thing_or_anyone_with_extendedread(
    flattr_sandbox,
):
    # The same rule as lookup's (tests/security/test_hidden_things.py tries every caller).
    for username, scope in (("alice", "thing"), ("alice", "extendedread"), ("bob", "extendedread")):
        caller = as_user(flattr_sandbox, username, scope)
        assert ids(caller.get("/things/search", params={"tags": "baking"})) == [1200004, 1200002]
    bob = as_user(flattr_sandbox, "bob", "flattr", "thing")
    assert ids(bob.get("/things/search", params={"tags": "baking"})) == [1200002]
