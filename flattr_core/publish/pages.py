"""What both plugins do to a built site: tags put before ``</head>``, and which badge file to link.

Plain string work on the written page, no parser: the page is the theme's, and a parse and
re-serialise round trip would change bytes the plugin has no business touching.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["badge_file", "insert_before_head_end"]

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def insert_before_head_end(page: str, snippet: str) -> str | None:
    """``page`` with ``snippet`` on its own line just before ``</head>``; None when it has none."""
    match = _HEAD_END.search(page)
    if match is None:
        return None
    head_end = match.group()  # </head>, </HEAD >, ...: no earlier copy, or it would have matched
    # str.replace(..., 1) copies the page once, in one piece; slicing and joining a large page
    # with non-ASCII text was about 30x slower (each part re-scanned and widened).
    return page.replace(head_end, f"{snippet}\n{head_end}", 1)


def badge_file(assets: Mapping[str, bytes]) -> str | None:
    """The asset a static button's ``<img>`` points at: the SVG when there is one.

    ``assets`` is ``BADGE_ASSETS`` or a site's replacement (path in the site -> bytes); the first
    name in sorted order wins among SVGs, else among all; None when there are no assets.
    """
    names = sorted(assets)
    svgs = [name for name in names if name.endswith(".svg")]
    return (svgs or names)[0] if names else None
