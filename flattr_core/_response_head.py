"""A response's headers, read as http.client reads them but without the email package's parser.

http.client hands the header block of every response to ``email.parser`` (``parse_headers``),
a general MIME parser that cost about a tenth of the client's CPU per request. A header block
made only of plain ``Name: value`` lines is read here into the same ``http.client.HTTPMessage``,
with ``set_raw``, which is what the email parser stores for such a line. A block with anything
else (a folded line, a line without a colon, a name with a space, a stray carriage return, a
``From`` line) goes to ``http.client.parse_headers``, so odd answers come out, defects and all,
exactly as http.client would make them. The limits are http.client's: 65,536 bytes a line and
100 header lines.

:class:`HeadResponse` is http.client's ``HTTPResponse`` whose ``begin`` is http.client's own
code (not a copy: the same code object) looking its globals up in http.client's namespace with
this module's ``parse_headers`` in place of http.client's. tests/core/test_response_head.py
holds the two parsers side by side.
"""

from __future__ import annotations

import email.parser
import http.client
import re
import types
from typing import Any, BinaryIO

__all__ = ["HeadResponse", "parse_headers"]

#: http.client's limits on a header line and on the number of header lines.
_MAXLINE = 65536
_MAXHEADERS = 100
#: A line the email parser reads as one ``name: value`` header and nothing else: a name of
#: printable ASCII but the colon (the email parser's own pattern, less the empty name), a value
#: without carriage return or line feed, then the line's end.
_PLAIN = re.compile(r"([\x21-\x39\x3b-\x7e]+):[ \t]*([^\r\n]*)\r?\n")


def _read_headers(fp: BinaryIO) -> list[bytes]:
    """The header lines up to and including the blank line, as http.client reads them."""
    headers = []
    while True:
        line = fp.readline(_MAXLINE + 1)
        if len(line) > _MAXLINE:
            raise http.client.LineTooLong("header line")
        headers.append(line)
        if len(headers) > _MAXHEADERS:
            raise http.client.HTTPException(f"got more than {_MAXHEADERS} headers")
        if line in (b"\r\n", b"\n", b""):
            break
    return headers


def parse_headers(fp: BinaryIO, _class: type[Any] = http.client.HTTPMessage) -> Any:
    """What ``http.client.parse_headers(fp)`` returns, reading plain header lines directly."""
    lines = _read_headers(fp)
    message = _class()
    for raw in lines[:-1]:
        plain = _PLAIN.fullmatch(raw.decode("iso-8859-1"))
        if plain is None:
            # Not a plain line: the email parser reads the whole block, as http.client does.
            text = b"".join(lines).decode("iso-8859-1")
            return email.parser.Parser(_class=_class).parsestr(text)
        message.set_raw(plain[1], plain[2])
    message.set_payload("")  # the empty body the email parser finds after the blank line
    return message


def _begin_with(parse: Any) -> Any:
    """http.client's ``HTTPResponse.begin``, calling ``parse`` where it calls parse_headers."""
    stock = http.client.HTTPResponse.begin
    namespace = {**vars(http.client), "parse_headers": parse}
    begin = types.FunctionType(stock.__code__, namespace, stock.__name__, stock.__defaults__)
    begin.__qualname__ = stock.__qualname__
    return begin


class HeadResponse(http.client.HTTPResponse):
    """http.client's response, whose head is read by :func:`parse_headers`."""

    begin = _begin_with(parse_headers)
