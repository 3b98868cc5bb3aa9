"""``flattr things ...``: list, show, search, create, update, delete and look up things.

Reads work without a token (a token, when there is one, is sent so owners see their hidden
things); writes need one with the ``thing`` scope. Category and language are checked against
the fixed lists here, so a typo is a usage error that names the list, not a server round trip.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import click

from flattr_core import errors
from flattr_core.catalog import DEFAULT_CATEGORY, DEFAULT_LANGUAGE
from flattr_core.cli.output import (
    Column,
    echo_fields,
    echo_json,
    echo_json_stream,
    echo_table,
    note,
    text,
    when,
)
from flattr_core.cli.params import (
    OrderedGroup,
    check_category,
    check_language,
    check_title,
    check_url,
    example,
    join_tags,
    json_option,
    thing_id_arg,
)
from flattr_core.cli.state import about, state, thing_client, wants_json

F = TypeVar("F", bound=Callable[..., Any])

#: ``things list`` without --all shows one page of this size (the API's documented default).
PAGE_SIZE = 30
SORTS = ("relevance", "trend", "flattrs", "flattrs_month", "flattrs_week", "flattrs_day")

THING_COLUMNS = (
    Column("ID", lambda t: t.id, right=True, width=8),
    Column("FLATTRS", lambda t: t.flattrs, right=True, width=7),
    Column("CATEGORY", lambda t: t.category, width=8),
    Column("LANG", lambda t: t.language, width=5),
    Column("TITLE", lambda t: f"(hidden) {t.title}" if t.hidden else t.title, max_width=40),
    Column("URL", lambda t: t.url),
)


def show_thing(thing: Any) -> None:
    """A thing as a ``label: value`` block."""
    owner = getattr(thing.owner, "username", None) if thing.owner else None
    echo_fields(
        [
            ("ID", thing.id),
            ("Title", thing.title),
            ("URL", thing.url),
            ("Owner", owner),
            ("Category", thing.category),
            ("Language", thing.language),
            ("Tags", thing.tags),
            ("Hidden", "yes" if thing.hidden else None),
            ("Flattrs", thing.flattrs),
            ("Created", when(thing.created_at, zone=True)),
            ("Updated", when(thing.updated_at, zone=True)),
            ("Link", thing.link),
            ("Description", thing.description),
        ]
    )


def _stream(things: Iterable[Any], as_json: bool) -> int:
    if as_json:
        return echo_json_stream(things)
    return echo_table(THING_COLUMNS, things, stream=True)


@click.group(cls=OrderedGroup, epilog=example("flattr things list --user alice"))
def things() -> None:
    """List, show, search, create, update and delete things."""


@things.command("list", epilog=example("flattr things list --user alice"))
@click.option("--user", metavar="NAME", help="List this user's things instead of yours.")
@click.option("--all", "all_pages", is_flag=True, help="Every page, printed as it arrives.")
@json_option
def list_things(user: str | None, all_pages: bool, as_json: bool) -> None:
    """Your things (or a user's), one page; --all walks every page."""
    st = state()
    as_json = wants_json(as_json)
    about(f"user {user}" if user else "your things")
    with st.client(auth=user is None) as api:
        owner: Any = api.users(user) if user else api.authenticated
        if all_pages:
            items: Iterator[Any] = iter(owner.get_things())
        else:
            items = iter(owner.get_things(count=PAGE_SIZE, page=1))
        shown = _stream(items, as_json)
    if not all_pages and shown >= PAGE_SIZE:
        note(f"Showing the first {PAGE_SIZE}; --all lists every page.")
    elif shown == 0 and not as_json:
        note("No things.")


@things.command("show", epilog=example("flattr things show 1200002 268185"))
@click.argument("ids", nargs=-1, required=True, callback=thing_id_arg, metavar="ID...")
@json_option
def show(ids: tuple[str, ...], as_json: bool) -> None:
    """Show one or more things by id."""
    st = state()
    about(f"thing {', '.join(ids)}" if len(ids) > 1 else f"thing {ids[0]}")
    with st.client(auth=False) as api:
        found = api.things.get(*ids)
    shown = found if isinstance(found, list) else [found]
    if wants_json(as_json):
        echo_json(found)
        return
    for i, thing in enumerate(shown):
        if i:
            click.echo("")
        show_thing(thing)


@things.command("search", epilog=example("flattr things search bread --category text"))
@click.argument("query", required=False)
@click.option("--tags", metavar="EXPR", help="Tag expression: | or, & and, ! not ('a & b ! c').")
@click.option("--category", callback=check_category, metavar="ID[,ID]", help="Category id(s).")
@click.option("--language", callback=check_language, metavar="ID[,ID]", help="Language id(s).")
@click.option("--user", metavar="NAME", help="Only this user's things.")
@click.option("--url", metavar="URL", help="Only the thing for this URL.")
@click.option("--sort", type=click.Choice(SORTS), help="Order (default relevance).")
@click.option("--page", type=click.IntRange(min=1), help="Page number, from 1.")
@click.option("--count", type=click.IntRange(min=1, max=100), help="Things per page.")
@json_option
def search(
    query: str | None,
    tags: str | None,
    category: str | None,
    language: str | None,
    user: str | None,
    url: str | None,
    sort: str | None,
    page: int | None,
    count: int | None,
    as_json: bool,
) -> None:
    """Search things (others' hidden things are not listed)."""
    st = state()
    about("search")
    with st.client(auth=False) as api:
        result = api.things.search(
            query=query,
            tags=tags,
            category=category,
            language=language,
            user=user,
            url=url,
            sort=sort,
            page=page,
            count=count,
        )
    if wants_json(as_json):
        echo_json(result)
        return
    if result.things:
        echo_table(THING_COLUMNS, result.things)
    note(f"{len(result.things)} of {result.total_items} things (page {result.page}).")


def _field_options(*, new: bool) -> Callable[[F], F]:
    """``--title``, ``--description``, ``--category``, ``--language`` and ``--tags``, named as the
    client names the fields: a new thing needs a title and gets Flattr's defaults for the rest,
    an update changes only what is given (its tags replace the thing's)."""
    options = (
        click.option("--title", required=new, callback=check_title, help="5 to 100 characters."),
        click.option("--description", help="Up to 1000 characters."),
        click.option(
            "--category",
            callback=check_category,
            help=f"Category id (default: {DEFAULT_CATEGORY})." if new else "Category id.",
        ),
        click.option(
            "--language",
            callback=check_language,
            help=f"Language id (default: {DEFAULT_LANGUAGE})." if new else "Language id.",
        ),
        click.option(
            "--tags",
            multiple=True,
            callback=join_tags,
            help="Comma separated; repeatable." if new else "Replaces the tags; repeatable.",
        ),
    )

    def decorate(command: F) -> F:
        for option in reversed(options):  # the help lists them in the order written here
            command = option(command)
        return command

    return decorate


@things.command(
    "create",
    epilog=example(
        'flattr things create https://example.com/posts/hello/ --title "Hello, world" '
        "--tags intro,blog"
    ),
)
@click.argument("url", callback=check_url)
@_field_options(new=True)
@click.option("--hidden", is_flag=True, help="Keep it out of public listings and search.")
@json_option
def create(url: str, hidden: bool, as_json: bool, **fields: Any) -> None:
    """Register URL as a new thing of yours."""
    # ``fields``: title, description, category, language and tags, named as the client names them.
    st = state()
    about(f"creating a thing for {url}")
    with st.client(auth=True, scope="thing") as api:
        try:
            thing = api.things.create(url, hidden=hidden or None, **fields)
        except errors.ThingExists:
            raise click.ClickException(_exists_message(api, url)) from None
        if wants_json(as_json) and thing.id is not None:
            # The create answer holds only the id: print the whole thing, as `show` would.
            echo_json(api.things.get(thing.id))
            return
    click.echo(f"Created thing {thing.id} for {url}")


def _exists_message(api: Any, url: str) -> str:
    """A thing has this URL already: say which, and the command that changes it."""
    try:
        existing = api.things.lookup(url)
    except errors.FlattrError:
        existing = None  # the message can do without the id
    if existing is None or existing.id is None:
        return (
            f"a thing for {url} exists already; `flattr things lookup {url}` shows its id, "
            "`flattr things update ID` changes it"
        )
    return (
        f"a thing for {url} exists already: thing {existing.id}; change it with "
        f"`flattr things update {existing.id} --title ...` (or other options)"
    )


@things.command(
    "update", epilog=example('flattr things update 1200001 --title "A better title" --visible')
)
@click.argument("thing_id", callback=thing_id_arg, metavar="ID")
@_field_options(new=False)
@click.option("--hidden/--visible", default=None, help="Hide from, or show in, public listings.")
@json_option
def update(thing_id: str, as_json: bool, **options: Any) -> None:
    """Change fields of one of your things (the URL cannot change)."""
    # ``options``: title, description, category, language, tags and hidden; None when not given.
    fields = {name: value for name, value in options.items() if value is not None}
    if not fields:
        raise click.UsageError(
            "nothing to update: give at least one of --title, --description, --category, "
            "--language, --tags, --hidden/--visible"
        )
    with thing_client(thing_id, "thing") as api:
        api.things.update(thing_id, **fields)
        thing = api.things.get(thing_id) if wants_json(as_json) else None
    if thing is not None:
        echo_json(thing)
        return
    click.echo(f"Updated thing {thing_id}: {', '.join(sorted(fields))}")


def _interactive() -> bool:
    """Whether a person can answer a question on stdin (tests replace this)."""
    return sys.stdin is not None and sys.stdin.isatty()


@things.command("delete", epilog=example("flattr things delete 1200001 --yes"))
@click.argument("thing_id", callback=thing_id_arg, metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def delete(thing_id: str, yes: bool) -> None:
    """Delete one of your things (asks first unless --yes)."""
    with thing_client(thing_id, "thing") as api:
        if not yes:
            if not _interactive():
                raise click.ClickException(
                    f"refusing to delete thing {thing_id} without confirmation: stdin is not a "
                    "terminal; pass --yes to delete anyway"
                )
            thing = api.things.get(thing_id)
            if not click.confirm(f"Delete thing {thing_id} “{text(thing.title)}” ({thing.url})?"):
                click.echo("Nothing deleted.")
                return
        api.things.delete(thing_id)
    click.echo(f"Deleted thing {thing_id}")


@things.command(
    "lookup", epilog=example("flattr things lookup https://alice.example.org/photos/harbour/")
)
@click.argument("url", callback=check_url)
@json_option
def lookup(url: str, as_json: bool) -> None:
    """Find the thing registered for URL (exit 1 when there is none)."""
    st = state()
    about(f"lookup {url}")
    with st.client(auth=False) as api:
        thing = api.things.lookup(url)
    if thing is None:
        raise click.ClickException(
            f"no thing is registered for {url}; `flattr things create {url} --title ...` adds one"
        )
    if wants_json(as_json):
        echo_json(thing)
        return
    show_thing(thing)
