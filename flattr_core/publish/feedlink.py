"""``FeedLink``: the data of one payment link in a feed, apart from the rendering code.

Its own module because only builds that write feeds need it, and every dataclass costs a build
about a millisecond to create at import (Python 3.11 compiles each generated method).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FeedLink"]


@dataclass(frozen=True)
class FeedLink:
    """One payment link for a feed: Atom ``<link>`` or RSS ``<atom:link>`` attributes.

    ``href`` is the raw URL: the feed writer escapes it for XML (``&`` -> ``&amp;``).
    """

    href: str
    rel: str = "payment"
    type: str = "text/html"
