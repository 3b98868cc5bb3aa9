"""Splitting a big feed into small well-formed feeds, so feedparser never holds all of it.

feedparser has no streaming mode: it builds a dict for every entry before it returns, so a
10,000-episode podcast feed costs tens of MiB. A quick pass with expat (which keeps nothing but
the byte offset where each ``<item>`` / ``<entry>`` starts, reading a file block by block) finds
the entries; each chunk is then the document's head (XML declaration, root, channel fields, up to
the first entry) + a run of entries + the closing tags of their parents, itself a valid feed that
feedparser reads alone. The last chunk runs to the end of the document, so it keeps the real tail.

Anything unusual (entries at different depths, UTF-16, XML expat cannot read) means no split:
the caller then parses the whole document as before, and gets feedparser's own verdict on it.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

#: Entries per chunk: small enough that memory stays flat, large enough that the repeated head
#: costs nothing.
CHUNK_ENTRIES: Final = 250
_ENTRY_NAMES: Final = frozenset({"item", "entry"})


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


class _EntryOffsets:
    """One expat pass: where each top-level entry starts, and the names of its parents."""

    def __init__(self) -> None:
        self.parser = xml.parsers.expat.ParserCreate()  # no namespaces: raw tag names
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.stack: list[str] = []
        self.parents: list[str] | None = None
        self.starts: list[int] = []
        self.uniform = True
        self.inside = 0  # depth inside an entry: an <entry> inside an <item> is content

    def _start(self, name: str, attrs: object) -> None:
        if self.inside:
            self.inside += 1
        elif _local(name) in _ENTRY_NAMES:
            if self.parents is None:
                self.parents = list(self.stack)
            elif self.stack != self.parents:
                self.uniform = False
            self.starts.append(self.parser.CurrentByteIndex)
            self.inside = 1
        self.stack.append(name)

    def _end(self, name: str) -> None:
        self.stack.pop()
        if self.inside:
            self.inside -= 1


def split(document: bytes | Path, per_chunk: int = CHUNK_ENTRIES) -> Iterator[bytes] | None:
    """Chunks of ``document`` (bytes, or a file read piece by piece) with at most ``per_chunk``
    entries each, or None when it cannot be split safely (or has no more than ``per_chunk``
    entries: one parse is then as cheap)."""
    scan = _EntryOffsets()
    try:
        if isinstance(document, Path):
            with document.open("rb") as handle:
                if _utf16(handle.read(4)):
                    return None
                handle.seek(0)
                scan.parser.ParseFile(handle)
        else:
            if _utf16(document[:4]):
                return None
            scan.parser.Parse(document, True)
    except (xml.parsers.expat.ExpatError, ValueError, LookupError, OSError):
        return None
    if not scan.uniform or scan.parents is None or len(scan.starts) <= per_chunk:
        return None
    closing = "".join(f"</{name}>" for name in reversed(scan.parents)).encode("ascii", "replace")
    return _chunks(document, scan.starts, per_chunk, closing)


def _utf16(first: bytes) -> bool:
    # Closing tags written as ASCII would not fit a UTF-16 document.
    return first[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in first


def _chunks(
    document: bytes | Path, starts: list[int], per_chunk: int, closing: bytes
) -> Iterator[bytes]:
    if isinstance(document, Path):
        with document.open("rb") as handle:

            def read(start: int, end: int | None) -> bytes:
                handle.seek(start)
                return handle.read() if end is None else handle.read(end - start)

            yield from _pieces(read, starts, per_chunk, closing)
    else:
        yield from _pieces(lambda a, b: document[a:b], starts, per_chunk, closing)


def _pieces(read: Any, starts: list[int], per_chunk: int, closing: bytes) -> Iterator[bytes]:
    head = read(0, starts[0])
    for first in range(0, len(starts), per_chunk):
        following = first + per_chunk
        if following < len(starts):
            yield head + read(starts[first], starts[following]) + closing
        else:
            yield head + read(starts[first], None)  # the real end of the document
