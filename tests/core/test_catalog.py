"""The built-in category and language lists match the team's reference files exactly."""

import json
from pathlib import Path

import pytest

from flattr_core import catalog

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _load(name: str) -> list[dict[str, str]]:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not present on this machine")
    return json.loads(path.read_text(encoding="utf-8"))


def test_categories_match_reference_in_order():
    reference = _load("flattr-categories.json")
    assert list(catalog.CATEGORIES.items()) == [(c["id"], c["text"]) for c in reference]


def test_languages_match_reference_in_order():
    reference = _load("flattr-languages.json")
    assert list(catalog.LANGUAGES.items()) == [(lang["id"], lang["text"]) for lang in reference]


def test_defaults_are_members_of_their_lists():
    assert catalog.DEFAULT_CATEGORY in catalog.CATEGORIES
    assert catalog.DEFAULT_LANGUAGE in catalog.LANGUAGES
