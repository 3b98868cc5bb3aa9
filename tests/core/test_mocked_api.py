"""The ``server`` fixture (mocked API) checks unused answers only when its test passed."""

TEST_FILE = """
import pytest
from tests.core.core_helpers import mocked_api

pytest_plugins = ["tests.outcome"]


@pytest.fixture
def server(request):
    with mocked_api(request.node) as mock:
        yield mock


def test_skipped_before_using_its_answer(server):
    server.get("http://127.0.0.1:9/rest/v2/things/5", json={})
    pytest.skip("stops early, as a test does when a precondition is missing")


def test_passed_without_using_its_answer(server):
    server.get("http://127.0.0.1:9/rest/v2/things/6", json={})
"""


def test_a_skipped_test_is_only_a_skip_and_a_passing_one_must_use_its_answers(pytester):
    pytester.makepyfile(test_mocks=TEST_FILE)

    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")

    result.assert_outcomes(skipped=1, passed=1, errors=1)
    result.stdout.fnmatch_lines(["*Not all requests have been executed*things/6*"])
    result.stdout.no_fnmatch_line("*things/5*")
