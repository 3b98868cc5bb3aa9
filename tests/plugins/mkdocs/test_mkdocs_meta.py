"""What a page's front matter says about its tags and author, as YAML hands it over."""

from __future__ import annotations

import datetime

import pytest
from mkdocs_flattr.pages import page_author, page_tags


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (None, ()),
        (["coffee", "Tea"], ("coffee", "Tea")),  # the usual list of words, as it is
        (["coffee", None, "", "  ", 2024, True], ("coffee", "2024", "True")),
        (("a", "b"), ("a", "b")),
        ("coffee, tea,, ", ("coffee", "tea")),
        (2024, ("2024",)),
        (datetime.date(2024, 5, 1), ("2024-05-01",)),
    ],
)
def test_page_tags_from_any_yaml_value(tags, expected):
    assert page_tags({} if tags is None else {"tags": tags}) == expected


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, None),
        ({"author": " Ada "}, "Ada"),
        ({"author": "", "authors": ["grace", "ada"]}, "grace"),
        ({"authors": "linus"}, "linus"),
        ({"authors": []}, None),
        ({"authors": [42]}, None),
        ({"authors": ["  "]}, None),
    ],
)
def test_page_author_is_author_else_the_first_of_authors(meta, expected):
    assert page_author(meta) == expected
