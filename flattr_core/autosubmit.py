"""Auto-submit URLs, both ways: build one from a thing's fields, read one back.

Flattr API docs: auto-submit URLs.

``https://flattr.com/submit/auto?user_id=alice&url=https%3A%2F%2Fexample.org%2Fa&title=...`` is
what blogs and feeds carry as their ``rel="payment"`` link; flattring it creates the thing for
``user_id`` the first time. The publishing engine writes these URLs (``to_url``); feed readers
take them apart again (``AutoSubmit.parse``). Both directions live here so one is the exact
inverse of the other, and so a client reading feeds needs no template engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, urlsplit

#: The path every auto-submit URL has, on whatever web host (flattr.com or a sandbox).
PATH: Final = "/submit/auto"

# RFC 3986's unreserved characters: the only ones ``quote(value, safe="")`` leaves as they are.
_UNRESERVED: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
# Every other byte, as a character of a Latin-1 string, and its escape.
_ESCAPES: Final = {chr(b): f"%{b:02X}" for b in range(256) if chr(b) not in _UNRESERVED}


def quote_value(value: str) -> str:
    """``urllib.parse.quote(value, safe="")``, the same string, in a fraction of its time.

    ``quote`` looks up every byte of the UTF-8 text in Python; a page's 1,000-character
    description made it the costliest step of rendering a page. Here each byte value that
    occurs is replaced in one C-level pass over the whole string (``str.replace``), with "%"
    first so that no escape is escaped again.
    """
    data = value.encode("utf-8").decode("latin-1")  # one character per byte
    reserved = set(data)
    reserved -= _UNRESERVED
    if "%" in reserved:
        data = data.replace("%", "%25")
        reserved.discard("%")
    for char in reserved:
        data = data.replace(char, _ESCAPES[char])
    return data


@dataclass(frozen=True)
class AutoSubmit:
    """The fields of one auto-submit URL. Empty strings and ``()`` mean "not given"."""

    user_id: str
    url: str
    title: str = ""
    description: str = ""
    language: str = ""
    tags: tuple[str, ...] = ()
    hidden: bool = False
    category: str = ""

    def to_url(self, web_url: str) -> str:
        """The auto-submit URL on ``web_url`` (the Flattr web site or a sandbox).

        Parameters in a fixed order, empty ones left out, every value percent-encoded
        (``quote``: a space is ``%20`` and the content URL is fully encoded,
        ``url=https%3A%2F%2F...``), so the same fields always give the same bytes.
        """
        params = [
            ("user_id", self.user_id),
            ("url", self.url),
            ("title", self.title),
            ("description", self.description),
            ("language", self.language),
            ("tags", ",".join(self.tags)),
            ("hidden", "1" if self.hidden else ""),
            ("category", self.category),
        ]
        query = "&".join(f"{key}={quote_value(value)}" for key, value in params if value)
        return f"{web_url.rstrip('/')}{PATH}?{query}"

    @classmethod
    def parse(cls, href: str) -> AutoSubmit | None:
        """The fields of ``href`` if it is an auto-submit URL with a ``url``; else None.

        Any http(s) host is accepted (a sandbox serves the same path). Partners' links name the
        owner with ``owner=`` instead of ``user_id=``; that value becomes ``user_id`` here. A
        link with no owner at all still parses (``user_id`` is ""): the server decides.
        """
        parts = urlsplit(href.strip())
        if parts.scheme not in ("http", "https") or parts.path.rstrip("/") != PATH:
            return None
        # parse_qsl undoes both quote (%20) and form encoding (+), as servers read either.
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        url = params.get("url", "").strip()
        if not url:
            return None
        return cls(
            user_id=(params.get("user_id") or params.get("owner") or "").strip(),
            url=url,
            title=params.get("title", ""),
            description=params.get("description", ""),
            language=params.get("language", ""),
            tags=tuple(t.strip() for t in params.get("tags", "").split(",") if t.strip()),
            hidden=params.get("hidden", "").strip().lower() in ("1", "true"),
            category=params.get("category", ""),
        )
