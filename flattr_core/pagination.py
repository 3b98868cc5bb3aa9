"""Lazy paging over the API's ``count``/``page`` lists.

Without a ``page``, iteration walks every page, asking for the largest page the API serves
(``MAX_COUNT``, so the fewest requests) and stops at the first short page: memory holds one page
at a time however long the list is. With a ``page``, exactly that page is fetched. Arguments are
checked when the iterator is made; requests happen only as it is consumed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from flattr_core.errors import InputError

__all__ = ["MAX_COUNT", "check_positive", "paginate"]

T = TypeVar("T")

#: The largest ``count`` asked for when walking every page (the API documents no maximum; 100 is
#: what compatible servers cap at, and a server that capped lower would end the walk early).
MAX_COUNT = 100


def check_positive(name: str, value: int | None) -> int | None:
    """``value`` if it is None or a whole number >= 1, else InputError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{name} must be a whole number >= 1, got {value!r}")
    return value


def paginate(
    fetch: Callable[[int, int | None], list[T]],
    *,
    count: int | None = None,
    page: int | None = None,
) -> Iterator[T]:
    """Items of one page (``page`` given) or of every page, fetched lazily.

    ``fetch(page, count)`` returns the items of one page; ``count`` None means the server's
    default page size.
    """
    check_positive("count", count)
    check_positive("page", page)
    if page is not None:
        return iter(_one_page(fetch, page, count))
    return _every_page(fetch, count or MAX_COUNT)


def _one_page(
    fetch: Callable[[int, int | None], list[T]], page: int, count: int | None
) -> Iterator[T]:
    yield from fetch(page, count)


def _every_page(fetch: Callable[[int, int | None], list[T]], size: int) -> Iterator[T]:
    page = 1
    while True:
        items = fetch(page, size)
        yield from items
        if len(items) < size:
            return
        page += 1
