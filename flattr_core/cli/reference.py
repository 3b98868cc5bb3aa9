"""``flattr categories``, ``flattr languages`` and ``flattr rate-limit``: what the server reports.

These ask the server rather than printing the built-in lists, so they show what the server at
--api-url actually accepts (and, for rate-limit, how many requests are left this hour).
"""

from __future__ import annotations

import click

from flattr_core.cli.output import Column, echo_fields, echo_json, echo_table, when
from flattr_core.cli.params import example, json_option
from flattr_core.cli.state import about, state, wants_json

ID_TEXT = (Column("ID", lambda item: item.id), Column("NAME", lambda item: item.text))


@click.command(epilog=example("flattr categories"))
@json_option
def categories(as_json: bool) -> None:
    """The category ids things can have."""
    about("categories")
    with state().client(auth=False) as api:
        items = api.categories()
    if wants_json(as_json):
        echo_json(items)
    else:
        echo_table(ID_TEXT, items)


@click.command(epilog=example("flattr languages --json"))
@json_option
def languages(as_json: bool) -> None:
    """The language ids things can have."""
    about("languages")
    with state().client(auth=False) as api:
        items = api.languages()
    if wants_json(as_json):
        echo_json(items)
    else:
        echo_table(ID_TEXT, items)


@click.command("rate-limit", epilog=example("flattr rate-limit"))
@json_option
def rate_limit(as_json: bool) -> None:
    """Requests allowed per hour, used and left, and when the window resets."""
    about("rate limit")
    with state().client(auth=False) as api:
        limit = api.rate_limit()
    if wants_json(as_json):
        echo_json(limit)
        return
    echo_fields(
        [
            ("Limit", f"{limit.limit} requests per hour" if limit.limit is not None else None),
            ("Used", limit.current),
            ("Remaining", limit.remaining),
            ("Resets at", when(limit.reset, zone=True)),
        ]
    )
