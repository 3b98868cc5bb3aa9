"""Auto-submit URLs, both ways: build one from a thing's fields, read one back.

Flattr API docs: auto-submit URLs.

``https://flattr.com/submit/auto?user_id=alice&url=https%3A%2F%2Fexample.org%2Fa&title=...`` is
what blogs and feeds carry as their ``rel="payment"`` link; flattring it creates the thing for
``user_id`` the first time. ``flattr_core.urls.auto_submit_url`` writes them (the publishing
engine calls it directly, ``to_url`` for these fields); feed readers take them apart again
(``AutoSubmit.parse``), the exact inverse. A client reading feeds needs no template engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from flattr_core.urls import AUTO_SUBMIT_PATH, auto_submit_url

#: The path every auto-submit URL has, on whatever web host (flattr.com or a sandbox).
PATH: Final = AUTO_SUBMIT_PATH


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
        """The auto-submit URL on ``web_url`` (``flattr_core.urls.auto_submit_url``, whose
        keywords are these fields)."""
        return auto_submit_url(web_url, **vars(self))

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
