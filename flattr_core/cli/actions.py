"""``flattr support`` (flattr a thing or a URL) and ``flattr subscriptions ...``.

Both need a token with the ``flattr`` scope. The API only toggles a subscription between
started and paused, so ``pause`` and ``resume`` read the subscription list first and toggle only
when the state differs: running ``pause`` twice leaves it paused, as the name promises.
"""

from __future__ import annotations

from typing import Any

import click

from flattr_core import errors
from flattr_core.cli.output import Column, echo_json, echo_table, note, when
from flattr_core.cli.params import OrderedGroup, example, json_option, thing_id_arg
from flattr_core.cli.state import about, state, thing_client, wants_json
from flattr_core.errors import InputError
from flattr_core.models import check_url


@click.command(
    epilog=example(
        "flattr support 268185",
        "flattr support http://blog.flattr.net/2011/10/api-v2-beta-out-whats-changed/",
    )
)
@click.argument("target", metavar="ID|URL")
@json_option
def support(target: str, as_json: bool) -> None:
    """Flattr a thing by id, or any URL (a thing's URL or an auto-submit URL)."""
    target = target.strip()
    if not target.isdigit():
        try:
            target = check_url(target)
        except InputError:
            raise click.BadParameter(
                f"{target!r} is neither a thing id nor an http(s) URL",
                param_hint="ID|URL",
            ) from None
    st = state()
    about(f"thing {target}" if target.isdigit() else target)
    with st.client(auth=True, scope="flattr") as api:
        result = api.things.flattr(target) if target.isdigit() else api.flattr_url(target)
    if wants_json(as_json):
        echo_json(result)
        return
    thing = getattr(result, "thing", None)
    title = getattr(thing, "title", None)
    thing_id = getattr(thing, "id", None)
    name = f"“{title}”" if title else target
    suffix = f" (thing {thing_id})" if thing_id is not None and str(thing_id) != target else ""
    click.echo(f"Flattred {name}{suffix}")


SUBSCRIPTION_COLUMNS = (
    Column("THING", lambda s: s.thing.id if s.thing else None, right=True),
    Column("STATE", lambda s: "active" if s.active else "paused"),
    Column("STARTED", lambda s: when(s.started_at)),
    Column("TITLE", lambda s: s.thing.title if s.thing else None, max_width=40),
    Column("URL", lambda s: s.thing.url if s.thing else None),
)


@click.group(cls=OrderedGroup, epilog=example("flattr subscriptions list"))
def subscriptions() -> None:
    """List and manage your monthly subscriptions to things."""


@subscriptions.command("list", epilog=example("flattr subscriptions list --json"))
@json_option
def list_subscriptions(as_json: bool) -> None:
    """Your subscriptions, active and paused."""
    st = state()
    about("subscriptions")
    with st.client(auth=True, scope="flattr") as api:
        subs = list(api.authenticated.get_subscriptions())
    if wants_json(as_json):
        echo_json(subs)
        return
    if subs:
        echo_table(SUBSCRIPTION_COLUMNS, subs)
    else:
        note("No subscriptions.")


@subscriptions.command("add", epilog=example("flattr subscriptions add 268185"))
@click.argument("thing_id", callback=thing_id_arg, metavar="ID")
def add(thing_id: str) -> None:
    """Subscribe to a thing (flattred every month until removed)."""
    with thing_client(thing_id, "flattr") as api:
        api.things.subscribe(thing_id)
    click.echo(f"Subscribed to thing {thing_id}")


def not_subscribed(thing_id: str) -> click.ClickException:
    """The one wording for "no subscription to this thing", whichever command found out."""
    return click.ClickException(
        f"thing {thing_id}: you are not subscribed to it; `flattr subscriptions list` shows "
        f"your subscriptions, `flattr subscriptions add {thing_id}` subscribes"
    )


def _find(api: Any, thing_id: str) -> Any:
    for sub in api.authenticated.get_subscriptions():
        if sub.thing is not None and str(sub.thing.id) == thing_id:
            return sub
    raise not_subscribed(thing_id)


def _set_active(thing_id: str, active: bool) -> None:
    word = "active" if active else "paused"
    with thing_client(thing_id, "flattr") as api:
        if bool(_find(api, thing_id).active) == active:
            click.echo(f"Subscription to thing {thing_id} is already {word}")
            return
        now = api.things.toggle_subscription(thing_id)
    if (now == "started") != active:
        raise click.ClickException(
            f"thing {thing_id}: the server answered {now!r}; `flattr subscriptions list` "
            "shows the current state"
        )
    click.echo(f"Subscription to thing {thing_id} {'resumed' if active else 'paused'}")


@subscriptions.command("pause", epilog=example("flattr subscriptions pause 423405"))
@click.argument("thing_id", callback=thing_id_arg, metavar="ID")
def pause(thing_id: str) -> None:
    """Pause a subscription (no-op when already paused)."""
    _set_active(thing_id, active=False)


@subscriptions.command("resume", epilog=example("flattr subscriptions resume 423405"))
@click.argument("thing_id", callback=thing_id_arg, metavar="ID")
def resume(thing_id: str) -> None:
    """Resume a paused subscription (no-op when already active)."""
    _set_active(thing_id, active=True)


@subscriptions.command("remove", epilog=example("flattr subscriptions remove 423405"))
@click.argument("thing_id", callback=thing_id_arg, metavar="ID")
def remove(thing_id: str) -> None:
    """Unsubscribe from a thing."""
    with thing_client(thing_id, "flattr") as api:
        try:
            api.things.unsubscribe(thing_id)
        except errors.NotFound:
            # The API's 404 here means no subscription (to an existing thing or not): either
            # way, the user is not subscribed, and the message says so like pause/resume do.
            raise not_subscribed(thing_id) from None
    click.echo(f"Unsubscribed from thing {thing_id}")
