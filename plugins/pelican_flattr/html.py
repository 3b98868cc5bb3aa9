"""Putting rendered snippets into an HTML page Pelican has already written, whatever the theme.

Plain string work on the written page, no parser: the page is the theme's, and a parse and
re-serialise round trip would change bytes we have no business touching. Every function returns
the new text, or None when its landmark is missing so the caller can say so.
"""

from __future__ import annotations

import re

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_ARTICLE_OPEN = re.compile(r"<article\b[^>]*>", re.IGNORECASE)
_ARTICLE_CLOSE = re.compile(r"</article\s*>", re.IGNORECASE)


def insert_into_head(page: str, snippet: str) -> str | None:
    """``snippet`` just before ``</head>``."""
    match = _HEAD_END.search(page)
    if match is None:
        return None
    at = match.start()
    return f"{page[:at]}{snippet}\n{page[at:]}"


def insert_at_body(page: str, body: str, snippet: str, placement: str) -> str | None:
    """``snippet`` before (``top``) or after (``bottom``) the article body.

    The body is found as the exact text the theme printed (``{{ article.content }}``); themes that
    print something else are handled by the ``<article>`` element, and failing that None.
    """
    body = body.strip()
    at = page.find(body) if body else -1
    if at >= 0:
        if placement == "bottom":
            at += len(body)
        return f"{page[:at]}\n{snippet}\n{page[at:]}"
    if placement == "top":
        match = _ARTICLE_OPEN.search(page)
        if match is None:
            return None
        return f"{page[: match.end()]}\n{snippet}\n{page[match.end() :]}"
    closes = list(_ARTICLE_CLOSE.finditer(page))
    if not closes:
        return None
    at = closes[-1].start()
    return f"{page[:at]}\n{snippet}\n{page[at:]}"
