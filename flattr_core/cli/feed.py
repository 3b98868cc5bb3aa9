"""``flattr feed show FEED`` and ``flattr feed flattr FEED``: a podcatcher's flattr button.

FEED is an http(s) URL or a file. ``show`` reads it and lists each entry with its payment link
and whether it was flattred (no request to the API). ``flattr`` sends one ``POST /flattr`` per
entry not flattred before and records each answer at once in the flattred-episodes file
(``--state``; default ``flattred-episodes.json`` beside the token store), so running it again,
even after a crash, flattrs nothing twice.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from flattr_core.cli.output import Column, clock, echo_fields, echo_json, echo_table, note
from flattr_core.cli.params import OrderedGroup, example, json_option
from flattr_core.cli.state import about, state, wants_json

if TYPE_CHECKING:
    from flattr_core.feeds import FeedEntry, FeedReport, Ledger, Outcome, Record

#: Feeds with more entries than this get a progress bar (on a terminal only).
PROGRESS_FROM = 20

state_option = click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The flattred-episodes file (default: flattred-episodes.json in the config directory).",
)


def _ledger(path: Path | None) -> Ledger:
    from flattr_core.feeds import Ledger

    return Ledger(path)


def _day(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else ""


def _payment(entry: FeedEntry) -> str:
    if entry.payment_url:
        return entry.payment_url
    if entry.payment_links:
        return f"(not a Flattr link) {entry.payment_links[0].href}"
    return "(no payment link)"


def _owner(entry: FeedEntry) -> str | None:
    auto = entry.auto_submit
    return (auto.user_id or "?") if auto is not None else None


#: The example podcast feed in the repository (its episodes belong to the sandbox user bob).
EXAMPLE_FEED = "examples/podcast/coffee-cast.xml"


@click.group(cls=OrderedGroup, epilog=example(f"flattr feed show {EXAMPLE_FEED}"))
def feed() -> None:
    """Flattr the episodes of a podcast or the posts of a blog, each once, from its feed."""


@feed.command("show", epilog=example(f"flattr feed show {EXAMPLE_FEED} --json"))
@click.argument("source", metavar="FEED")
@state_option
@json_option
def show(source: str, state_path: Path | None, as_json: bool) -> None:
    """List the entries of FEED with their payment links and whether each was flattred."""
    from flattr_core.feeds import read_feed

    feed_ = read_feed(source)
    ledger = _ledger(state_path)
    done = ledger.episodes(feed_.source)
    if wants_json(as_json):
        echo_json(
            {
                "feed": feed_.source,
                "title": feed_.title,
                "payment_url": feed_.channel.payment_url,
                "flattred": _record(done.get(feed_.channel.guid)),
                "entries": [_entry_json(e, done.get(e.guid)) for e in feed_.entries],
            }
        )
        return
    echo_fields(
        [
            ("Feed", feed_.title),
            ("Source", feed_.source),
            ("Payment link", _payment(feed_.channel)),
            ("Flattred", _flattred_at(done.get(feed_.channel.guid))),
        ]
    )
    click.echo("")
    columns = (
        Column("PUBLISHED", lambda e: _day(e.published)),
        Column("FLATTRED", lambda e: _flattred_at(done.get(e.guid))),
        Column("OWNER", _owner),
        Column("TITLE", lambda e: e.title, max_width=40),
        Column("PAYMENT LINK", _payment, max_width=60),
    )
    if feed_.entries:
        echo_table(columns, feed_.entries)
    else:
        note("The feed has no entries.")


def _flattred_at(record: Record | None) -> str:
    if record is None:
        return ""
    words = {"flattred": "", "already_flattred": " (before)", "own_thing": " (yours)"}
    return record.at[:10] + words.get(record.result, "")


def _record(record: Record | None) -> dict[str, Any] | None:
    return record.to_dict() if record is not None else None


def _entry_json(entry: FeedEntry, record: Record | None) -> dict[str, Any]:
    return {
        "guid": entry.guid,
        "title": entry.title,
        "link": entry.link,
        "published": entry.published.isoformat() if entry.published else None,
        "payment_url": entry.payment_url,
        "payment_links": [
            {
                "href": link.href,
                "found_in": link.found_in,
                "flattr": _auto_json(link.auto_submit),
            }
            for link in entry.payment_links
        ],
        "flattred": _record(record),
    }


def _auto_json(auto: Any) -> dict[str, Any] | None:
    if auto is None:
        return None
    fields = {k: getattr(auto, k) for k in ("user_id", "url", "title", "description")}
    fields |= {"language": auto.language, "tags": list(auto.tags), "hidden": auto.hidden}
    return fields | {"category": auto.category}


@feed.command(
    "flattr",
    epilog=example(
        f"flattr feed flattr {EXAMPLE_FEED} --dry-run",
        f"flattr feed flattr {EXAMPLE_FEED} --newest 2",
    ),
)
@click.argument("source", metavar="FEED")
@click.option("--dry-run", is_flag=True, help="Show what would be flattred; send nothing.")
@click.option(
    "--max", "limit", type=click.IntRange(min=1), metavar="N", help="Flattr at most N this run."
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    metavar="DATE",
    help="Only entries published on or after DATE (YYYY-MM-DD, UTC).",
)
@click.option(
    "--newest", type=click.IntRange(min=1), metavar="N", help="Only the N newest entries."
)
@click.option("--channel", is_flag=True, help="Flattr the feed's own payment link, once.")
@state_option
@json_option
def flattr_feed(
    source: str,
    dry_run: bool,
    limit: int | None,
    since: dt.datetime | None,
    newest: int | None,
    channel: bool,
    state_path: Path | None,
    as_json: bool,
) -> None:
    """Flattr each entry of FEED that was not flattred before (or the feed itself: --channel).

    Each answer is recorded at once, so a second run (or one after a crash) flattrs nothing
    twice. At the hourly rate limit the run stops, keeps what it did and says when to go on.
    """
    from flattr_core.feeds import flattr_entries, read_feed, select

    st = state()
    as_json = wants_json(as_json)
    feed_ = read_feed(source)
    ledger = _ledger(state_path)
    ledger.load()  # its own error names the file: before `about`, which would prefix the feed
    entries = [feed_.channel] if channel else select(feed_.entries, since=since, newest=newest)
    about(source)
    with st.client(auth=not dry_run, scope="flattr") as api, _progress(len(entries)) as tick:
        report = flattr_entries(api, entries, ledger, limit=limit, dry_run=dry_run, on_outcome=tick)
    if as_json:
        echo_json({"feed": feed_.source, "dry_run": dry_run, **report.to_dict()})
    else:
        for outcome in report.outcomes:
            line = _line(outcome)
            if line:
                click.echo(line)
        click.echo(("Dry run: " if dry_run else "") + report.summary(with_stop=False))
    if report.stopped:
        raise click.ClickException(_stop_message(report, source))


def _line(outcome: Outcome) -> str | None:
    title = outcome.entry.title or outcome.entry.guid
    messages: dict[str, Callable[[], str]] = {
        "flattred": lambda: f"flattred      {title}" + _thing(outcome),
        "would_flattr": lambda: f"would flattr  {title}",
        "already_flattred": lambda: f"already       {title} (flattred before this period)",
        "own_thing": lambda: f"yours         {title} (you cannot flattr your own thing)",
        "no_payment_link": lambda: f"no link       {title}",
        "not_flattr": lambda: f"not Flattr    {title} ({outcome.entry.payment_links[0].href})",
        "unknown_user": lambda: f"unknown user  {title}: {outcome.message}",
        "rejected": lambda: f"rejected      {title}: {outcome.message}",
    }
    make = messages.get(outcome.status)
    return make() if make else None  # "recorded": flattred in an earlier run, nothing to say


def _thing(outcome: Outcome) -> str:
    return f" (thing {outcome.thing})" if outcome.thing is not None else ""


def _stop_message(report: FeedReport, source: str) -> str:
    left = len(report.pending)
    again = f"run `flattr feed flattr {source}` again"
    if report.resume_at is not None:
        when = clock(int(report.resume_at.timestamp()))
        return f"{report.stopped}: {left} left; it resets at {when}; {again} then"
    return f"{report.stopped}; {left} left; {again}"


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar on stderr for long feeds, only when a person watches a terminal."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="Flattring", file=sys.stderr) as bar:
        yield lambda _outcome: bar.update(1)
