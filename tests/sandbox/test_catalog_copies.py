"""The sandbox keeps its own copy of Flattr's category and language lists (it shares no code with
the client it checks); the two copies must say the same thing."""

import flattr_core.catalog as client
import flattr_sandbox.catalog as sandbox


def test_both_copies_list_the_same_categories_in_the_same_order():
    assert list(sandbox.CATEGORIES.items()) == list(client.CATEGORIES.items())


def test_both_copies_list_the_same_languages_in_the_same_order():
    assert list(sandbox.LANGUAGES.items()) == list(client.LANGUAGES.items())


def test_both_copies_agree_on_the_defaults():
    assert (sandbox.DEFAULT_CATEGORY, sandbox.DEFAULT_LANGUAGE) == (
        client.DEFAULT_CATEGORY,
        client.DEFAULT_LANGUAGE,
    )
