"""Options and argument checks shared by the ``flattr`` subcommands.

Checks run before any request, so bad input is a usage error (exit 2) naming the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import click

from flattr_core import models
from flattr_core.catalog import CATEGORIES, LANGUAGES
from flattr_core.errors import InputError
from flattr_core.models import TITLE_MAX


class OrderedGroup(click.Group):
    """A group whose help lists subcommands in the order they were added, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def example(*commands: str) -> str:
    """A help epilog that shows how a command is typed: ``Example:`` and the command lines.

    Click rewraps epilog paragraphs; the ``\b`` line tells it to keep these lines as written.
    """
    heading = "Example:" if len(commands) == 1 else "Examples:"
    return "\b\n" + heading + "\n" + "\n".join(f"  {command}" for command in commands)


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print the API objects as JSON (for scripts)."
)


def check_category(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    for item in value.split(","):
        if item.strip() not in CATEGORIES:
            raise click.BadParameter(
                f"unknown category {item.strip()!r}; choose from {', '.join(CATEGORIES)}"
            )
    return ",".join(item.strip() for item in value.split(","))


def check_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    for item in value.split(","):
        if item.strip() not in LANGUAGES:
            raise click.BadParameter(
                f"unknown language {item.strip()!r} (ids look like en_GB); "
                "`flattr languages` lists them"
            )
    return ",".join(item.strip() for item in value.split(","))


def join_tags(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> list[str] | None:
    """``--tags a,b`` and ``--tags a --tags b`` both give ``["a", "b"]``; none given is None."""
    if not values:
        return None
    tags: list[str] = []
    for value in values:
        tags.extend(tag.strip() for tag in value.split(",") if tag.strip())
    return tags


def thing_id_arg(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    def check(item: str) -> str:
        if not item.strip().isdigit():
            raise click.BadParameter(f"{item!r} is not a thing id (a number such as 4085245)")
        return item.strip()

    if isinstance(value, tuple):
        return tuple(check(v) for v in value)
    return check(value)


def check_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The client's own URL rule (absolute http(s), a host, no spaces), as a usage error."""
    try:
        return models.check_url(value)
    except InputError:
        raise click.BadParameter(
            f"{value!r} is not an absolute http(s) URL (such as https://example.com/post/)"
        ) from None


#: The shortest title Flattr accepts (the longest is the client's ``TITLE_MAX``).
TITLE_MIN = 5

#: Tags the server removes before it measures a title (Flattr's rule: HTML is stripped).
_TAG = re.compile(r"<[^>]*>")


def check_title(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """5 to 100 characters once HTML tags are removed, as the server counts them."""
    if value is None:
        return None
    length = len(" ".join(_TAG.sub("", value).split()))
    if not TITLE_MIN <= length <= TITLE_MAX:
        raise click.BadParameter(
            f"the title is {length} characters long; Flattr needs {TITLE_MIN} to {TITLE_MAX}"
        )
    return value
