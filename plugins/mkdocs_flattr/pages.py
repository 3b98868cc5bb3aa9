"""From an MkDocs page to a publishing ``Entry``: front matter, tags, author, URL.

Only reading happens here; every Flattr rule (languages, categories, tag cleaning, length
limits, escaping) belongs to ``flattr_core.publish.normalise``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from flattr_core.publish.entry import OVERRIDE_KEYS, Entry

# MkDocs pages usually open with their title as <h1>; it is not part of the description.
_LEADING_H1 = re.compile(r"\A\s*<h1\b[^>]*>.*?</h1>", re.IGNORECASE | re.DOTALL)


class FrontMatter:
    """What a page's ``flattr:`` key says: in or out, plus overrides, plus what was wrong.

    A plain class: read once per page and never compared or printed, it need not pay for
    being a NamedTuple (about 0.9M instructions to create, every build) or a dataclass.
    """

    __slots__ = ("opted_out", "overrides", "problems")

    def __init__(
        self,
        opted_out: bool = False,
        overrides: Mapping[str, Any] = MappingProxyType({}),
        problems: tuple[str, ...] = (),
    ) -> None:
        self.opted_out = opted_out
        self.overrides = overrides
        self.problems = problems


def read_front_matter(meta: Mapping[str, Any], source: str) -> FrontMatter:
    """Interpret ``flattr:`` (absent / true / false / a mapping of ``OVERRIDE_KEYS``)."""
    value = meta.get("flattr", True)
    if value is None or value is True:
        return FrontMatter()
    if value is False:
        return FrontMatter(opted_out=True)
    if isinstance(value, Mapping):
        known = {k: v for k, v in value.items() if k in OVERRIDE_KEYS}
        unknown = sorted(str(k) for k in value if k not in OVERRIDE_KEYS)
        problems = tuple(
            f"{source}: front matter 'flattr' has an unknown key {key!r} (ignored); "
            f"known keys: {', '.join(OVERRIDE_KEYS)}"
            for key in unknown
        )
        return FrontMatter(overrides=known, problems=problems)
    return FrontMatter(
        problems=(
            f"{source}: front matter 'flattr' must be false (opt out) or a mapping of "
            f"{', '.join(OVERRIDE_KEYS)}; got {value!r} (ignored)",
        )
    )


def page_tags(meta: Mapping[str, Any]) -> tuple[str, ...]:
    """A page's ``tags:`` (Material's tags plugin writes a list; a ``"a, b"`` string works too)."""
    tags = meta.get("tags")
    if tags is None:
        return ()
    if type(tags) is list and all(type(tag) is str and tag.strip() for tag in tags):
        return tuple(tags)  # YAML's usual list of words: nothing to drop or convert
    if isinstance(tags, str):
        return tuple(t.strip() for t in tags.split(",") if t.strip())
    if isinstance(tags, Sequence):
        return tuple(str(t) for t in tags if t is not None and str(t).strip())
    return (str(tags),)


def page_author(meta: Mapping[str, Any]) -> str | None:
    """``author:`` or the first of ``authors:`` (Material blog posts list several)."""
    author = meta.get("author")
    if isinstance(author, str) and author.strip():
        return author.strip()
    authors = meta.get("authors")
    if authors is None:  # most pages: no Sequence check (an ABC, slow) needed
        return None
    if isinstance(authors, str) and authors.strip():
        return authors.strip()
    if isinstance(authors, Sequence) and authors and isinstance(authors[0], str):
        return authors[0].strip() or None
    return None


def build_entry(
    *,
    url: str,
    title: str,
    source: str,
    content_html: str,
    meta: Mapping[str, Any],
    overrides: Mapping[str, Any],
) -> Entry:
    """One page as the engine wants it. The description is the page's own ``description:``
    (plain text, so escaped into HTML) when it has one, else the rendered body."""
    description = meta.get("description")
    summary = (
        html.escape(description)
        if isinstance(description, str) and description.strip()
        else _LEADING_H1.sub("", content_html, count=1)  # permalinks: the engine drops them
    )
    return Entry(
        url=url,
        title=title,
        source=source,
        summary_html=summary,
        tags=page_tags(meta),
        language=None,  # MkDocs has one language per site: PublishOptions.language
        author=page_author(meta),
        overrides=dict(overrides),
    )
