"""How the ``flattr`` command prints data: aligned tables for people, JSON for scripts.

Tables either size their columns from all rows (small listings), or use fixed widths so rows can
be printed as they arrive (``things list --all`` streams page by page and must not hold every
thing in memory just to measure it). JSON listings stream too: ``[``, one object per item,
``]``, which is still one valid JSON document.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import click

Cell = Callable[[Any], object]
_NOTHING = object()  # what next() gives for an empty listing (None may be a row)


@dataclass(frozen=True)
class Column:
    """One table column: a header, how to get the cell from a row, and its layout."""

    header: str
    cell: Cell
    max_width: int | None = None  # longer values are cut with an ellipsis
    right: bool = False  # numbers read better right-aligned
    width: int | None = None  # fixed width, for streamed tables


def text(value: object) -> str:
    """A cell's text: None is empty, booleans are yes/no, lists are comma separated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(text(v) for v in value)
    # Tabs and newlines would break the alignment of every later column.
    return " ".join(str(value).split())


def clip(value: str, width: int | None) -> str:
    if width is None or len(value) <= width:
        return value
    return value[: max(width - 1, 0)] + "…"


def when(epoch: object, *, zone: bool = False) -> str:
    """An epoch second as local ``YYYY-MM-DD HH:MM`` (``zone``: then the zone's name, as in
    ``2026-03-01 13:00 CET``); empty for missing or 0 (the API's "never")."""
    if not isinstance(epoch, (int, float)) or isinstance(epoch, bool) or epoch <= 0:
        return ""
    return time.strftime("%Y-%m-%d %H:%M %Z" if zone else "%Y-%m-%d %H:%M", time.localtime(epoch))


def clock(epoch: int) -> str:
    """An epoch second as local ``HH:MM`` with the zone, for "resets at" messages."""
    try:
        local = time.localtime(epoch)
    except (OverflowError, OSError, ValueError):  # no calendar has it: name the figure itself
        return f"epoch second {epoch}"
    return time.strftime("%H:%M %Z", local).strip()


class Table:
    """Prints rows under a header with aligned columns (two spaces apart)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)

    def _cells(self, row: Any) -> list[str]:
        return [clip(text(col.cell(row)), col.max_width) for col in self.columns]

    def _line(self, cells: Sequence[str], widths: Sequence[int]) -> str:
        parts = []
        last = len(cells) - 1
        for i, (col, value, width) in enumerate(zip(self.columns, cells, widths, strict=True)):
            if col.right:
                parts.append(value.rjust(width))
            elif i == last:
                parts.append(value)  # no trailing spaces on the last column
            else:
                parts.append(value.ljust(width))
        return "  ".join(parts).rstrip()

    def render(self, rows: Iterable[Any]) -> list[str]:
        """All lines of the table, columns sized to fit every row (up to each max_width)."""
        cells = [self._cells(row) for row in rows]
        widths = [
            max([len(col.header), *(len(c[i]) for c in cells)])
            for i, col in enumerate(self.columns)
        ]
        headers = [col.header for col in self.columns]
        return [self._line(headers, widths)] + [self._line(c, widths) for c in cells]

    def stream(self, rows: Iterable[Any]) -> Iterator[str]:
        """Lines as rows arrive, with fixed widths: the header first, then one line per row.

        The header waits for the first row (or the end of an empty listing): when fetching the
        first page fails, the error is all that is printed, not a header over nothing.
        """
        rows = iter(rows)
        first = next(rows, _NOTHING)
        widths = [
            col.width if col.width is not None else (col.max_width or len(col.header))
            for col in self.columns
        ]
        widths = [max(w, len(col.header)) for w, col in zip(widths, self.columns, strict=True)]
        fixed = [
            Column(c.header, c.cell, max_width=w if c.max_width else None, right=c.right)
            for c, w in zip(self.columns, widths, strict=True)
        ]
        clipped = Table(fixed)
        yield self._line([col.header for col in self.columns], widths)
        if first is _NOTHING:
            return
        yield self._line(clipped._cells(first), widths)
        for row in rows:
            yield self._line(clipped._cells(row), widths)


def echo_table(columns: Sequence[Column], rows: Iterable[Any], *, stream: bool = False) -> int:
    """Print a table; returns how many rows were printed (the header is not counted)."""
    table = Table(columns)
    lines = table.stream(rows) if stream else iter(table.render(rows))
    count = -1
    for line in lines:
        click.echo(line)
        count += 1
    return max(count, 0)


def echo_fields(pairs: Sequence[tuple[str, object]]) -> None:
    """A ``label: value`` block with the values aligned; empty values are left out."""
    shown = [(label, text(value)) for label, value in pairs if text(value) != ""]
    width = max((len(label) for label, _ in shown), default=0)
    for label, value in shown:
        click.echo(f"{label + ':':<{width + 1}} {value}")


def to_json_ready(obj: Any) -> Any:
    """A model (anything with ``to_dict``), a list of them or plain data, ready for json.dumps."""
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, (list, tuple)):
        return [to_json_ready(item) for item in obj]
    if isinstance(obj, dict):
        return {str(k): to_json_ready(v) for k, v in obj.items()}
    return obj


def echo_json(obj: Any) -> None:
    """One JSON document on stdout (pretty, stable key order, UTF-8 kept readable)."""
    click.echo(json.dumps(to_json_ready(obj), indent=2, sort_keys=True, ensure_ascii=False))


def echo_json_stream(items: Iterable[Any]) -> int:
    """A JSON array printed item by item, so long listings start at once; returns the count."""
    count = 0
    for item in items:
        body = json.dumps(to_json_ready(item), indent=2, sort_keys=True, ensure_ascii=False)
        body = "\n".join("  " + line for line in body.splitlines())
        click.echo(("[\n" if count == 0 else ",\n") + body, nl=False)
        count += 1
    click.echo("[]" if count == 0 else "\n]")
    return count


def note(message: str) -> None:
    """Information for people that must not end up in piped output: goes to stderr."""
    click.echo(message, err=True)


class EchoHandler(logging.Handler):
    """Log records as ``flattr: message`` lines on the *current* stderr, scrubbed of secrets.

    click.echo looks stderr up at each call, so this also works under click's test runner,
    which swaps the streams for every invocation.
    """

    def __init__(self, scrub: Callable[[str], str]) -> None:
        super().__init__()
        self.scrub = scrub

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(f"flattr: {self.scrub(record.getMessage())}", err=True)
        except Exception:  # logging must never break the command
            self.handleError(record)
