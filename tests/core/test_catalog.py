"""The built-in category and language lists match the recorded lists in tests/fixtures exactly."""

from flattr_core import catalog
from tests.fixture_files import load


def test_categories_match_reference_in_order():
    reference = load("flattr-categories.json")
    assert list(catalog.CATEGORIES.items()) == [(c["id"], c["text"]) for c in reference]


def test_languages_match_reference_in_order():
    reference = load("flattr-languages.json")
    assert list(catalog.LANGUAGES.items()) == [(lang["id"], lang["text"]) for lang in reference]


def test_defaults_are_members_of_their_lists():
    assert catalog.DEFAULT_CATEGORY in catalog.CATEGORIES
    assert catalog.DEFAULT_LANGUAGE in catalog.LANGUAGES
