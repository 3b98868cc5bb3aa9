"""Reading JSON request bodies safely, for the API, the admin routes and ``/oauth/token``.

``json.loads`` alone lets three kinds of hostile body through to the routes: nesting thousands
deep (``RecursionError``, a 500), lone surrogates such as ``"\\ud800"`` (valid JSON, but not
text SQLite can store: ``UnicodeEncodeError``, a 500) and nesting that parses but no Flattr body
has. :func:`parse` refuses all three with a :class:`BodyError` naming the field, which each
caller turns into its own documented error shape.
"""

from __future__ import annotations

import json
from typing import Any

from .limits import MAX_JSON_DEPTH


class BodyError(ValueError):
    """A body the sandbox refuses; ``code`` is the API error code it deserves."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _too_deep() -> BodyError:
    return BodyError(
        "invalid_request",
        f"The JSON body is nested too deeply (at most {MAX_JSON_DEPTH} levels); "
        "send a flat object of fields",
    )


def _not_text(where: str, value: str) -> BodyError:
    bad = next(char for char in value if 0xD800 <= ord(char) <= 0xDFFF)
    return BodyError(
        "validation",
        f"Invalid {where}: contains a lone surrogate ({ascii(bad)[1:-1]}), which is not "
        "Unicode text; send UTF-8 text",
    )


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check(parsed: Any) -> None:
    """Refuse nesting deeper than the bound and strings that are not Unicode text.

    Iterative, so a deep value cannot exhaust the stack here either.
    """
    stack: list[tuple[Any, str, int]] = [(parsed, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, str):
            if not _is_text(value):
                raise _not_text(where or "body", value)
        elif isinstance(value, (dict, list)):
            if depth >= MAX_JSON_DEPTH:
                raise _too_deep()
            if isinstance(value, dict):
                for key, item in value.items():
                    if not _is_text(key):
                        raise _not_text(f"field name {ascii(key)}", key)
                    stack.append((item, f"{where}.{key}" if where else key, depth + 1))
            else:
                stack.extend(
                    (item, f"{where or 'body'}[{n}]", depth + 1) for n, item in enumerate(value)
                )


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are Python's extensions, not JSON; no field can hold them.
    raise ValueError(f"{name} is not a JSON value")


def parse(raw: bytes) -> Any:
    """The JSON value of ``raw``, checked; :class:`BodyError` for anything refused."""
    try:
        parsed = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise _too_deep() from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BodyError(
            "invalid_request",
            f"Malformed JSON body ({exc}); send a JSON object such as "
            '{"url": "https://example.com/"}',
        ) from None
    check(parsed)
    return parsed
