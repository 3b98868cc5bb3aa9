"""Reading request parameters strictly: unknown names, bad numbers and bad bodies are errors.

Bodies may be JSON objects or form-encoded (§1 "Request bodies"); both become one ``dict``.
Query-string parameters are merged under the body's for writes, because some old clients put
them there. ``jsonp`` is accepted everywhere (§1 JSONP).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import request

from . import jsonbody
from .context import this_request
from .errors import ApiError, invalid_parameters, invalid_request
from .limits import MAX_NUMBER_DIGITS, MAX_PAGE

ALWAYS_ALLOWED = frozenset({"jsonp"})
DEFAULT_COUNT = 30
MAX_COUNT = 100
FALSE_WORDS = frozenset({"0", "false"})
#: ASCII digits only: ``int()`` would also take "٣", "１２", " 5" or "5_000".
_DIGITS = re.compile(r"[0-9]+")


def whole_number(text: str, max_digits: int = MAX_NUMBER_DIGITS) -> int | None:
    """``text`` as a non-negative integer written in ASCII digits, or None."""
    if len(text) > max_digits or not _DIGITS.fullmatch(text):
        return None
    return int(text)


def _check_names(names: Iterable[str], allowed: Iterable[str]) -> None:
    known = set(allowed) | ALWAYS_ALLOWED
    unknown = sorted(set(names) - known)
    if unknown:
        hint = ", ".join(sorted(set(allowed))) or "none"
        raise invalid_parameters(
            f"Unknown parameter {', '.join(repr(n) for n in unknown)} for {where()}; "
            f"allowed parameters: {hint}"
        )


def where() -> str:
    rule = request.url_rule.rule if request.url_rule is not None else request.path
    return f"{request.method} {rule}"


def query(allowed: Iterable[str] = ()) -> dict[str, str]:
    """The query string as a dict, after refusing names not in ``allowed``."""
    req = this_request()
    if not req.environ.get("QUERY_STRING"):
        return {}  # most calls: no query string to parse into a MultiDict
    args = req.args
    allowed = tuple(allowed)
    _check_names(args.keys(), allowed)
    for name in args:
        if len(args.getlist(name)) > 1:
            raise invalid_parameters(f"Parameter {name!r} was given more than once; give it once")
    return args.to_dict()


def body(allowed: Iterable[str] = ()) -> dict[str, Any]:
    """The request body (JSON object or form) merged over the query string; names checked."""
    allowed = tuple(allowed)
    fields: dict[str, Any] = dict(query(allowed))
    req = this_request()
    raw = req.get_data(cache=True)
    mimetype = req.mimetype
    if mimetype == "application/json" or (mimetype.endswith("+json") and raw):
        if raw.strip():
            try:
                parsed = jsonbody.parse(raw)
            except jsonbody.BodyError as exc:
                raise ApiError(400, exc.code, exc.description) from None
            if not isinstance(parsed, dict):
                raise invalid_request(
                    f"The JSON body must be an object of named fields, got {type(parsed).__name__}"
                )
            fields.update(parsed)
    elif mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = req.form
        for name in form:
            if len(form.getlist(name)) > 1:
                raise invalid_parameters(f"Field {name!r} was given more than once; give it once")
        fields.update(form.to_dict())
    elif raw.strip():
        raise invalid_request(
            f"Unsupported request body type {mimetype or 'with no Content-Type'!r}; "
            "send application/json or application/x-www-form-urlencoded"
        )
    _check_names(fields.keys(), allowed)
    return fields


def flag(args: dict[str, str], name: str) -> bool:
    """Presence-based switches like ``full``: present means true, except ``0`` / ``false``."""
    if name not in args:
        return False
    return args[name].strip().lower() not in FALSE_WORDS


def positive_int(
    args: dict[str, str],
    name: str,
    default: int,
    high: int | None = None,
    max_digits: int = MAX_NUMBER_DIGITS,
) -> int:
    """A whole number >= 1 in ASCII digits (at most ``high``), or ``default`` when absent."""
    value = args.get(name)
    if value is None or value == "":
        return default
    number = whole_number(value, max_digits)
    if number is None or number < 1 or (high is not None and number > high):
        bounds = f"between 1 and {high}" if high is not None else "a positive integer"
        raise invalid_parameters(
            f"Parameter {name!r} must be {bounds} in digits 0-9, got {value[:40]!r}"
        )
    return number


def paging(args: dict[str, str]) -> tuple[int, int]:
    """``(count, page)``: count defaults to 30 and is capped at 100; pages run 1..MAX_PAGE."""
    # Any count above 100 means "as many as allowed" (capped, as documented), however long.
    count = min(positive_int(args, "count", DEFAULT_COUNT, max_digits=100), MAX_COUNT)
    return count, positive_int(args, "page", 1, MAX_PAGE)
