"""Podcatchers and feed readers: read payment links from feeds, flattr each episode once.

::

    import flattr_core.api
    from flattr_core.feeds import Ledger, flattr_entries, read_feed

    feed = read_feed("https://pod.example.org/feed.xml")     # a URL, a file or bytes
    for entry in feed.entries:
        print(entry.guid, entry.payment_url, entry.auto_submit)
    with flattr_core.api.get() as api:
        print(flattr_entries(api, feed.entries, Ledger()).summary())

``reading`` parses feeds (feedparser), ``ledger`` remembers what was flattred per feed,
``flattring`` sends one ``POST /flattr`` per new episode and turns the API's answers into
outcomes. The ``flattr feed`` command is built on these.
"""

from __future__ import annotations

from flattr_core.errors import FeedError
from flattr_core.feeds.flattring import (
    ALREADY_FLATTRED,
    FLATTRED,
    NO_PAYMENT_LINK,
    NOT_FLATTR,
    OWN_THING,
    RECORDED,
    REJECTED,
    UNKNOWN_USER,
    WOULD_FLATTR,
    FeedReport,
    Outcome,
    entry_for_link,
    flattr_entries,
    flattr_once,
    select,
)
from flattr_core.feeds.ledger import Ledger, Record, default_ledger_path
from flattr_core.feeds.reading import CHANNEL_GUID, Feed, FeedEntry, PaymentLink, read_feed

__all__ = [
    "ALREADY_FLATTRED",
    "CHANNEL_GUID",
    "FLATTRED",
    "NOT_FLATTR",
    "NO_PAYMENT_LINK",
    "OWN_THING",
    "RECORDED",
    "REJECTED",
    "UNKNOWN_USER",
    "WOULD_FLATTR",
    "Feed",
    "FeedEntry",
    "FeedError",
    "FeedReport",
    "Ledger",
    "Outcome",
    "PaymentLink",
    "Record",
    "default_ledger_path",
    "entry_for_link",
    "flattr_entries",
    "flattr_once",
    "read_feed",
    "select",
]
