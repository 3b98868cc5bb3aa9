"""The sandbox reads request heads as the standard library does, with a faster header parser.

Plain ``Name: value`` blocks are parsed directly; anything else goes to ``http.client``, so every
block must come out exactly as ``http.client.parse_headers`` reads it. Over a socket, keep-alive,
heads read the standard library's way (bare LF) and its refusals (too many headers, HTTP/2)
still work.
"""

from __future__ import annotations

import http.client
import io
import socket

import pytest

from flattr_sandbox.requesthead import MAX_HEADERS, MAX_LINE, parse_header_block, read_header_block

BLOCKS = {
    "plain": b"Host: 127.0.0.1:8765\r\nAccept: application/json\r\n\r\n",
    "no headers": b"\r\n",
    "repeated name": b"Accept: a\r\nX-Thing: 1\r\naccept: b\r\n\r\n",
    "spaces and tabs around values": b"A:  \t spaced \t \r\nB:\r\nC:x\r\n\r\n",
    "latin-1 bytes": b"X-Name: J\xf6rg \xe9t\xe9\r\n\r\n",
    "folded line": b"X-Long: first\r\n  second\r\nAccept: */*\r\n\r\n",
    "bare LF": b"Host: a\nAccept: b\n\n",
    "form feed in a value": b"X-Odd: a\x0cb\r\nAccept: c\r\n\r\n",
    "name that is not a token": b"Bad Name: x\r\nAccept: c\r\n\r\n",
    "line without colon": b"Accept: c\r\nnonsense\r\n\r\n",
    "no blank line (connection closed)": b"Accept: c\r\n",
    "as many headers as allowed": b"X-Many: 1\r\n" * (MAX_HEADERS - 1) + b"\r\n",
}


def standard_library(block: bytes) -> http.client.HTTPMessage:
    return http.client.parse_headers(io.BytesIO(block))


def sandbox(block: bytes) -> http.client.HTTPMessage:
    return parse_header_block(read_header_block(io.BytesIO(block)))


@pytest.mark.parametrize("block", BLOCKS.values(), ids=BLOCKS.keys())
def test_every_header_block_reads_as_the_standard_library_reads_it(block):
    ours, theirs = sandbox(block), standard_library(block)

    assert type(ours) is type(theirs)
    assert ours.items() == theirs.items()
    assert ours.get_all("Accept") == theirs.get_all("Accept")
    assert ours.get_payload() == theirs.get_payload()


def test_reading_stops_after_the_blank_line_leaving_the_body():
    stream = io.BytesIO(b"Content-Length: 4\r\n\r\nbody")

    headers = parse_header_block(read_header_block(stream))

    assert headers["Content-Length"] == "4"
    assert stream.read() == b"body"


@pytest.mark.parametrize(
    ("block", "error"),
    [
        (b"X-Big: " + b"a" * MAX_LINE + b"\r\n\r\n", http.client.LineTooLong),
        (b"X-Many: 1\r\n" * MAX_HEADERS + b"\r\n", http.client.HTTPException),
        (b"X-Many: 1\r\n" * (MAX_HEADERS + 5) + b"\r\n", http.client.HTTPException),
    ],
    ids=["line too long", "one header too many (the blank line counts)", "too many headers"],
)
def test_limits_raise_what_the_standard_library_raises(block, error):
    with pytest.raises(error) as theirs:
        standard_library(block)

    with pytest.raises(error) as ours:
        sandbox(block)

    assert str(ours.value) == str(theirs.value)


def exchange(sandbox_server, data: bytes) -> bytes:
    """Send raw bytes, read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", sandbox_server.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_keep_alive_connection_answers_one_request_after_another(flattr_sandbox):
    get = b"GET /rest/v2/things/268185 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    last = b"GET /rest/v2/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"

    answer = exchange(flattr_sandbox, get + get + last)

    assert answer.count(b"HTTP/1.1 200 OK\r\n") == 3
    assert answer.count(b'"id":268185') == 2


def test_a_head_with_bare_line_feeds_goes_the_standard_librarys_way_and_is_answered(
    flattr_sandbox,
):
    token = flattr_sandbox.mint_token("alice")
    request = (
        b"GET /rest/v2/user HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer "
        + token.encode()
        + b"\nConnection: close\n\n"
    )

    answer = exchange(flattr_sandbox, request)

    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b'"username":"alice"' in answer


@pytest.mark.parametrize(
    ("request_head", "status"),
    [
        (b"GET / HTTP/1.1\r\n" + b"X-Many: 1\r\n" * (MAX_HEADERS + 1) + b"\r\n", b" 431 "),
        (b"GET / HTTP/2.0\r\n\r\n", b" 505 "),
        (b"GET / HTTX/1.1\r\n\r\n", b" 400 "),
        (b"POST /rest/v2/things\r\n\r\n", b" 400 "),
    ],
    ids=["too many headers", "HTTP/2", "not HTTP", "HTTP/0.9 POST"],
)
def test_heads_the_standard_library_refuses_are_refused(flattr_sandbox, request_head, status):
    answer = exchange(flattr_sandbox, request_head)

    assert status in answer.split(b"\r\n", 1)[0]
