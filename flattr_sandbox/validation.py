"""Validation of thing fields (Flattr API docs: validation rules), shared by create, update and
auto-submit.

Every failure is a ``400 validation`` error whose description starts with the field's name and
says what would be accepted. Limits: title 5-100 characters and description up to 1000 after
HTML is stripped (``<br>`` becomes a newline in descriptions); tags are a comma-separated string
(or, for JSON bodies, an array of strings) and a tag cannot contain ``,`` or ``;``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .catalog import CATEGORIES, DEFAULT_CATEGORY, DEFAULT_LANGUAGE, LANGUAGES
from .errors import ApiError, validation

EDITABLE = ("title", "description", "category", "language", "tags", "hidden")
TITLE_MIN, TITLE_MAX, DESCRIPTION_MAX, URL_MAX = 5, 100, 1000, 2000
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s")  # str.isspace()'s characters, found without a Python loop
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
_BOOLEAN_WORDS = frozenset(TRUE_WORDS | FALSE_WORDS)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise validation(f"Invalid {name}: expected a string, got {type(value).__name__}")
    return value


def check_url(value: Any) -> str:
    url = _text("url", value).strip()
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or len(url) > URL_MAX
        or _SPACE.search(url)
    ):
        raise validation(
            f"Invalid url: {url[:200]!r} is not an absolute http:// or https:// "
            f"URL (at most {URL_MAX} characters, no spaces)"
        )
    return url


def check_title(value: Any) -> str:
    title = " ".join(_TAG.sub("", _text("title", value)).split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise validation(
            f"Invalid title: must be {TITLE_MIN}-{TITLE_MAX} characters after "
            f"HTML is stripped, got {len(title)}"
        )
    return title


def check_description(value: Any) -> str:
    text = _TAG.sub("", _BR.sub("\n", _text("description", value))).strip()
    if len(text) > DESCRIPTION_MAX:
        raise validation(
            f"Invalid description: must be at most {DESCRIPTION_MAX} characters "
            f"after HTML is stripped, got {len(text)}"
        )
    return text


def check_category(value: Any) -> str:
    category = _text("category", value)
    if category not in CATEGORIES:
        raise validation(f"Invalid category {category!r}: use one of {', '.join(CATEGORIES)}")
    return category


def check_language(value: Any) -> str:
    language = _text("language", value)
    if language not in LANGUAGES:
        raise validation(
            f"Invalid language {language!r}: use a language id from /languages, "
            "e.g. en_GB, de_DE, sv_SE"
        )
    return language


def check_tags(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
        if any("," in item for item in items):
            raise validation("Invalid tags: a tag cannot contain a comma")
    else:
        raise validation("Invalid tags: expected a comma-separated string like 'tag1,tag2'")
    tags = [item.strip() for item in items if item.strip()]
    for tag in tags:
        if ";" in tag or _TAG.search(tag) or len(tag) > 100:
            raise validation(
                f"Invalid tags: {tag[:100]!r} is not a valid tag (no ';', no HTML, "
                "at most 100 characters)"
            )
    return tags


def check_hidden(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _BOOLEAN_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise validation(f"Invalid hidden: expected true/false or 1/0, got {value!r}")


CHECKS = {
    "title": check_title,
    "description": check_description,
    "category": check_category,
    "language": check_language,
    "tags": check_tags,
    "hidden": check_hidden,
}


def new_thing(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated fields of a thing to create, defaults applied (category rest, en_GB)."""
    if "url" not in fields or fields["url"] in ("", None):
        raise validation("Invalid url: the url field is required, e.g. url=https://example.com/")
    url = check_url(fields["url"])
    thing: dict[str, Any] = {
        "url": url,
        "title": url[:TITLE_MAX],
        "description": "",
        "category": DEFAULT_CATEGORY,
        "language": DEFAULT_LANGUAGE,
        "tags": [],
        "hidden": False,
    }
    for name in EDITABLE:
        if name in fields and fields[name] is not None:
            thing[name] = CHECKS[name](fields[name])
    return thing


def changes(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated fields of an update; the URL is the thing's identity and cannot change."""
    if "url" in fields:
        raise validation("Invalid url: the url of a thing cannot be changed; create a new thing")
    return {name: CHECKS[name](fields[name]) for name in EDITABLE if name in fields}


__all__ = ["ApiError", "changes", "check_url", "new_thing"]
