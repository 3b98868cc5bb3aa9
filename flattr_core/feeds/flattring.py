"""Flattr feed entries once each: per episode (a podcatcher at 80 % of playback) or a whole feed.

::

    from flattr_core.feeds import Ledger, flattr_entries, flattr_once, read_feed
    feed = read_feed("https://pod.example.org/feed.xml")
    with flattr_core.api.get() as api:
        outcome = flattr_once(api, feed.entries[0], Ledger())      # one episode
        report = flattr_entries(api, feed.entries, Ledger(), limit=10)   # many

One ``POST /flattr`` per new episode with its auto-submit link (which creates the thing the first
time), then the answer is written to the :class:`~flattr_core.feeds.ledger.Ledger` before the next
request: no lookups, no listing. Episodes the ledger knows cost no request at all.

Answers the API documents for flattring are outcomes, not exceptions: ``flattr_once`` (recorded as
already flattred), ``flattr_owner`` (recorded, never asked again), an auto-submit link naming no
Flattr user (reported, not recorded: the publisher may fix the feed). Answers that make every
further flattr fail too (rate limit, no means, a refused token, no connection) are raised by
:func:`flattr_once`; :func:`flattr_entries` stops there, keeps what was recorded, and its report
says why and, for the rate limit, when to run again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from flattr_core import errors
from flattr_core.feeds.ledger import Ledger
from flattr_core.feeds.reading import FeedEntry, PaymentLink

if TYPE_CHECKING:
    from flattr_core.api import FlattrApi

# Outcome statuses. The first three are recorded in the ledger.
FLATTRED: Final = "flattred"
ALREADY_FLATTRED: Final = "already_flattred"
OWN_THING: Final = "own_thing"
RECORDED: Final = "recorded"  # the ledger already had it: no request
NO_PAYMENT_LINK: Final = "no_payment_link"
NOT_FLATTR: Final = "not_flattr"  # payment links, but none is a Flattr auto-submit URL
UNKNOWN_USER: Final = "unknown_user"
REJECTED: Final = "rejected"  # another validation answer for this one link
WOULD_FLATTR: Final = "would_flattr"  # dry run


@dataclass(frozen=True)
class Outcome:
    """What happened to one entry, and what the ledger holds for it now."""

    entry: FeedEntry
    status: str
    thing: int | str | None = None
    at: str | None = None  # when it was recorded as flattred (UTC, ISO 8601)
    message: str = ""

    @property
    def done(self) -> bool:
        """True when the entry needs nothing more (flattred now or before, or one's own)."""
        return self.status in (FLATTRED, ALREADY_FLATTRED, OWN_THING, RECORDED)

    def to_dict(self) -> dict[str, Any]:
        auto = self.entry.auto_submit
        return {
            "guid": self.entry.guid,
            "title": self.entry.title,
            "published": _iso(self.entry.published),
            "payment_url": self.entry.payment_url,
            "owner": auto.user_id if auto else None,
            "status": self.status,
            "thing": self.thing,
            "flattred_at": self.at,
            "message": self.message,
        }


@dataclass
class FeedReport:
    """The result of :func:`flattr_entries`: one outcome per entry looked at, in order."""

    outcomes: list[Outcome] = field(default_factory=list)
    #: Entries left for a later run (after a stop, or beyond ``limit``).
    pending: list[FeedEntry] = field(default_factory=list)
    #: Why the run stopped early (rate limit, no means, ...), or None.
    stopped: str | None = None
    #: For a rate-limit stop: when the hourly window resets (UTC), if the server said.
    resume_at: dt.datetime | None = None
    #: ``POST /flattr`` requests sent.
    requests: int = 0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.stopped is None

    def summary(self, *, with_stop: bool = True) -> str:
        """``3 flattred, 1 recorded, 2 left for a later run; stopped: ...``."""
        order = (
            FLATTRED,
            WOULD_FLATTR,
            ALREADY_FLATTRED,
            RECORDED,
            OWN_THING,
            NO_PAYMENT_LINK,
            NOT_FLATTR,
            UNKNOWN_USER,
            REJECTED,
        )
        parts = [f"{self.count(s)} {s.replace('_', ' ')}" for s in order if self.count(s)]
        if self.pending:
            parts.append(f"{len(self.pending)} left for a later run")
        text = ", ".join(parts) or "no entries"
        if self.stopped and with_stop:
            text += f"; stopped: {self.stopped}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": [o.to_dict() for o in self.outcomes],
            "pending": [e.guid for e in self.pending],
            "stopped": self.stopped,
            "resume_at": _iso(self.resume_at),
            "requests": self.requests,
            "summary": self.summary(),
        }


def _iso(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def entry_for_link(payment_url: str, *, feed: str = "", guid: str | None = None) -> FeedEntry:
    """An entry for a bare payment link (an app that has only the link of the episode playing).

    ``guid`` defaults to the content URL inside the auto-submit link (else the link itself), so
    the same episode gets the same key whichever way it is flattred.
    """
    from flattr_core.autosubmit import AutoSubmit

    auto = AutoSubmit.parse(payment_url)
    key = guid or (auto.url if auto else payment_url)
    link = PaymentLink(payment_url, "link")
    return FeedEntry(feed, key, auto.title if auto else "", None, None, (link,))


def flattr_once(
    api: FlattrApi,
    target: FeedEntry | str,
    ledger: Ledger,
    *,
    dry_run: bool = False,
) -> Outcome:
    """Flattr one entry (or a bare payment URL) unless the ledger says it was flattred.

    Returns the :class:`Outcome`. Raises what stops any flattring: ``RateLimitExceeded``,
    ``NoMeans``, ``Unauthorized``, ``InsufficientScope``, ``TransportError``, ``ServerError``,
    and ``FeedError`` when the ledger cannot be read or written.
    Nothing is recorded unless the API answered.
    """
    entry = entry_for_link(target) if isinstance(target, str) else target
    known = ledger.get(entry.feed, entry.guid)
    if known is not None:
        return Outcome(entry, RECORDED, known.thing, known.at, f"recorded as {known.result}")
    url = entry.payment_url
    if url is None:
        status = NOT_FLATTR if entry.payment_links else NO_PAYMENT_LINK
        why = "no Flattr auto-submit link" if entry.payment_links else "no payment link"
        return Outcome(entry, status, message=why)
    if dry_run:
        return Outcome(entry, WOULD_FLATTR)
    try:
        result = api.flattr_url(url)
    except errors.FlattrOnce as exc:
        return _recorded(ledger, entry, ALREADY_FLATTRED, None, exc.description)
    except errors.FlattrOwner as exc:
        return _recorded(ledger, entry, OWN_THING, None, exc.description)
    except errors.InputError as exc:
        return Outcome(entry, REJECTED, message=str(exc))  # refused before sending
    except errors.ValidationError as exc:
        # The one link is bad (its user_id names nobody, its url is invalid): report, go on.
        unknown = "user_id" in exc.description.lower()
        return Outcome(entry, UNKNOWN_USER if unknown else REJECTED, message=exc.description)
    except errors.NotFound as exc:
        # A server that does not create things from auto-submit links: this link only.
        return Outcome(entry, REJECTED, message=exc.description or "not found")
    thing = result.thing.id if result.thing is not None else None
    return _recorded(ledger, entry, FLATTRED, thing, "")


def _recorded(
    ledger: Ledger, entry: FeedEntry, status: str, thing: int | str | None, message: str
) -> Outcome:
    record = ledger.record(entry.feed, entry.guid, status, thing)
    return Outcome(entry, status, thing, record.at, message)


#: The errors that stop a whole run: every later flattr would fail the same way.
STOPPING: Final = (
    errors.RateLimitExceeded,
    errors.NoMeans,
    errors.Unauthorized,
    errors.InsufficientScope,
    errors.TransportError,
    errors.ServerError,
    errors.ResponseError,
    errors.FeedError,  # the ledger could not be written: going on would flattr unrecorded
)


def flattr_entries(
    api: FlattrApi,
    entries: Iterable[FeedEntry],
    ledger: Ledger,
    *,
    limit: int | None = None,
    dry_run: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> FeedReport:
    """Flattr each entry not flattred before, at most ``limit`` new ones (None: all).

    Stops at the first answer that would make every later flattr fail, keeping what was
    recorded; ``report.stopped`` says why and ``report.resume_at`` when the rate limit resets.
    ``on_outcome`` is called after each entry (a progress bar).
    """
    report = FeedReport()
    ledger.load()  # a damaged file is an error before any request, not half-way
    todo = list(entries)
    for index, entry in enumerate(todo):
        wants_request = ledger.get(entry.feed, entry.guid) is None and entry.payment_url
        if wants_request and limit is not None and _new(report) >= limit:
            report.pending.extend(e for e in todo[index:] if ledger.get(e.feed, e.guid) is None)
            break
        try:
            outcome = flattr_once(api, entry, ledger, dry_run=dry_run)
        except STOPPING as exc:
            report.requests += 0 if isinstance(exc, errors.FeedError) else 1
            report.stopped = _why(exc)
            report.resume_at = _reset(exc)
            report.pending.extend(e for e in todo[index:] if ledger.get(e.feed, e.guid) is None)
            break
        if wants_request and not dry_run:
            report.requests += 1
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return report


def _new(report: FeedReport) -> int:
    """How many entries this run flattred or would flattr (what ``limit`` counts)."""
    return report.count(FLATTRED) + report.count(WOULD_FLATTR) + report.count(ALREADY_FLATTRED)


def _why(exc: errors.FlattrError) -> str:
    if isinstance(exc, errors.FeedError):
        return str(exc)
    if isinstance(exc, errors.RateLimitExceeded):
        return "rate limit reached"
    if isinstance(exc, errors.NoMeans):
        return "the account has no means to flattr with; add funds"
    if isinstance(exc, errors.Unauthorized):
        return "the server refused the token; log in again with `flattr login`"
    if isinstance(exc, errors.InsufficientScope):
        return "the token lacks the flattr scope; `flattr login --scope flattr`"
    if isinstance(exc, errors.TransportError):
        return f"no answer from the server ({exc}); run again later"
    return f"{exc}; run again later"


def _reset(exc: errors.FlattrError) -> dt.datetime | None:
    rate = getattr(exc, "rate_limit", None)
    reset = getattr(rate, "reset", None)
    if isinstance(exc, errors.RateLimitExceeded) and isinstance(reset, int) and reset > 0:
        return dt.datetime.fromtimestamp(reset, tz=dt.timezone.utc)
    return None


def select(
    entries: Sequence[FeedEntry],
    *,
    since: dt.datetime | None = None,
    newest: int | None = None,
) -> list[FeedEntry]:
    """The entries published at or after ``since``, and of those only the ``newest`` N.

    Undated entries are kept when neither filter is given, and left out by both (a date filter
    cannot vouch for them). The result keeps the feed's order.
    """
    chosen = list(entries)
    if since is not None:
        bound = since if since.tzinfo else since.replace(tzinfo=dt.timezone.utc)
        chosen = [e for e in chosen if e.published is not None and e.published >= bound]
    if newest is not None:
        dated = [e for e in chosen if e.published is not None]
        keep = {id(e) for e in sorted(dated, key=_published, reverse=True)[:newest]}
        chosen = [e for e in chosen if id(e) in keep]
    return chosen


def _published(entry: FeedEntry) -> dt.datetime:
    assert entry.published is not None
    return entry.published
