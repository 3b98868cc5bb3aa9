"""``FeedLink``: the data of one payment link in a feed, apart from the rendering code.

Its own module because only builds that write feeds need it. A record without generated
methods (``flattr_core._records`` says why).
"""

from __future__ import annotations

from flattr_core._records import FrozenRecord, record_class

__all__ = ["FeedLink"]


@record_class
class FeedLink(FrozenRecord):
    """One payment link for a feed: Atom ``<link>`` or RSS ``<atom:link>`` attributes.

    ``href`` is the raw URL: the feed writer escapes it for XML (``&`` -> ``&amp;``).
    """

    href: str
    rel: str = "payment"
    type: str = "text/html"

    def __init__(self, href: str, rel: str = "payment", type: str = "text/html") -> None:
        self._init(href=href, rel=rel, type=type)
