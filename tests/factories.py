"""Items and entries for tests: one factory each, so that a test names only the fields it is about.

``make_item(3)`` is article 3 of a blog at :data:`SITE`, valid for Flattr as ``normalise`` would
have made it; ``make_item(3, title="Edited")`` is the same article with one field changed. Item is
frozen: ``dataclasses.replace(item, url=...)`` gives a changed copy of one already made.
"""

from __future__ import annotations

from typing import Any

from flattr_core.publish import Entry, Item

SITE = "https://blog.example"


def make_item(n: int = 1, *, site: str = SITE, **fields: Any) -> Item:
    """Article ``n`` of the blog at ``site``; ``fields`` replace any of its values."""
    values: dict[str, Any] = {
        "url": f"{site}/{n}.html",
        "owner": "alice",
        "title": f"Article number {n}",
        "description": f"What article {n} is about.",
        "category": "text",
        "language": "en_GB",
        "tags": ("python",),
        "hidden": False,
        "source": f"content/{n}.md",
    }
    return Item(**{**values, **fields})


def make_entry(**fields: Any) -> Entry:
    """A first post as a generator sees it, before ``normalise``; ``fields`` replace its values."""
    values: dict[str, Any] = {
        "url": "https://example.com/hello/",
        "title": "Hello world",
        "source": "content/hello.md",
        "summary_html": "<p>A first post.</p>",
    }
    return Entry(**{**values, **fields})
