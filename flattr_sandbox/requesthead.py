"""Reading a request's head as :mod:`http.server` does, without the email package's parser.

``BaseHTTPRequestHandler.parse_request`` hands the header lines to ``email.parser``, which costs
more than routing, the database and the JSON of a sandbox GET together (about 30 us even for an
empty header block). :func:`parse_request` does what the standard library's does (3.11 to 3.13:
request line, version, limits, ``Connection``, ``Expect``) and builds the same
``http.client.HTTPMessage`` directly from a block of plain ``Name: value`` lines. Any other
block (folded lines, bare LF, names that are not tokens, characters the email parser splits
lines on, a limit crossed) goes to the standard library's parser, so it is read, and refused,
exactly as before.
"""

from __future__ import annotations

import http.client
import io
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import BinaryIO

MAX_LINE = 65536  # http.client's limits, so a header block is refused exactly as it would be
MAX_HEADERS = 100
#: A header line the email parser reads as ``Name: value`` and nothing else: a token, a colon,
#: no character ``str.splitlines`` would break the value at, CRLF.
_PLAIN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n\x0b\x0c\x1c-\x1e\x85]*\r\n")


def read_header_block(rfile: BinaryIO) -> list[bytes]:
    """The header lines up to and including the blank one, read as ``http.client`` reads them
    (stopping early, after the offending line, at a line too long or one header too many)."""
    lines: list[bytes] = []
    while True:
        line = rfile.readline(MAX_LINE + 1)
        lines.append(line)
        if len(line) > MAX_LINE or len(lines) > MAX_HEADERS or line in (b"\r\n", b"\n", b""):
            return lines


def parse_header_block(lines: list[bytes]) -> http.client.HTTPMessage:
    """The headers in ``lines``, as ``http.client.parse_headers`` would read them (and with
    its exceptions for a line too long or too many headers)."""
    plain = len(lines) <= MAX_HEADERS and lines[-1] == b"\r\n"  # the blank line counts
    if plain and all(_PLAIN.fullmatch(line) for line in lines[:-1]):
        message = http.client.HTTPMessage()
        for line in lines[:-1]:
            name, _, value = line[:-2].decode("iso-8859-1").partition(":")
            message.set_raw(name, value.lstrip(" \t"))
        message.set_payload("")  # as the email parser leaves it: an empty body
        return message
    return http.client.parse_headers(io.BytesIO(b"".join(lines)))


def parse_request(handler: BaseHTTPRequestHandler, raw_requestline: bytes) -> bool:
    """``BaseHTTPRequestHandler.parse_request`` for ``handler`` (whose request line is
    ``raw_requestline``), with the faster header parse."""
    handler.command = None  # type: ignore[assignment]  # as the standard library: unset on error
    handler.request_version = version = handler.default_request_version
    handler.close_connection = True
    requestline = str(raw_requestline, "iso-8859-1").rstrip("\r\n")
    handler.requestline = requestline
    words = requestline.split()
    if not words:
        return False
    if len(words) >= 3:  # enough to determine the protocol version
        version = words[-1]
        numbers = version[5:].split(".") if version.startswith("HTTP/") else []
        if (
            len(numbers) != 2
            or not all(part.isdigit() for part in numbers)
            or any(len(part) > 10 for part in numbers)
        ):
            handler.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version!r})")
            return False
        number = int(numbers[0]), int(numbers[1])
        if number >= (1, 1) and handler.protocol_version >= "HTTP/1.1":
            handler.close_connection = False
        if number >= (2, 0):
            handler.send_error(
                HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, f"Invalid HTTP version ({version[5:]})"
            )
            return False
        handler.request_version = version
    if not 2 <= len(words) <= 3:
        handler.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({requestline!r})")
        return False
    command, path = words[:2]
    if len(words) == 2:
        handler.close_connection = True
        if command != "GET":
            handler.send_error(HTTPStatus.BAD_REQUEST, f"Bad HTTP/0.9 request type ({command!r})")
            return False
    handler.command, handler.path = command, path
    if path.startswith("//"):
        handler.path = "/" + path.lstrip("/")  # no open redirect through a scheme-less URL
    try:
        handler.headers = parse_header_block(read_header_block(handler.rfile))  # type: ignore[arg-type]
    except http.client.LineTooLong as error:
        handler.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", str(error))
        return False
    except http.client.HTTPException as error:
        handler.send_error(
            HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers", str(error)
        )
        return False
    connection = handler.headers.get("Connection", "").lower()
    if connection == "close":
        handler.close_connection = True
    elif connection == "keep-alive" and handler.protocol_version >= "HTTP/1.1":
        handler.close_connection = False
    expect = handler.headers.get("Expect", "").lower()
    if (
        expect == "100-continue"
        and handler.protocol_version >= "HTTP/1.1"
        and handler.request_version >= "HTTP/1.1"
    ):
        return handler.handle_expect_100()
    return True
