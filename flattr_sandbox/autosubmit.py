"""Auto-submit URLs (Flattr API docs: auto-submit URLs): recognising and reading them.

``https://flattr.com/submit/auto?user_id=alice&url=...&title=...`` (or the same path on the
sandbox's own host) describes a thing that may not exist yet. Lookup and ``POST /flattr`` accept
such URLs in place of a plain one; the ``/submit/auto`` page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

FIELDS = ("title", "description", "language", "tags", "hidden", "category")


@dataclass(frozen=True)
class AutoSubmit:
    url: str
    user_id: str
    fields: dict[str, str] = field(default_factory=dict)


def parse(candidate: str) -> AutoSubmit | None:
    """The auto-submit parameters if ``candidate`` is an auto-submit URL, else ``None``."""
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or parts.path.rstrip("/") != "/submit/auto":
        return None
    return from_params(dict(parse_qsl(parts.query, keep_blank_values=True)))


def from_params(params: dict[str, str]) -> AutoSubmit | None:
    url = params.get("url", "").strip()
    if not url:
        return None
    owner = params.get("user_id") or params.get("owner") or ""
    return AutoSubmit(url, owner.strip(), {k: params[k] for k in FIELDS if k in params})
