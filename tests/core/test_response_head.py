"""The own sessions' response head: http.client's HTTPMessage, without the email parser."""

import email.parser
import http.client
import io

import pytest

from flattr_core._response_head import HeadResponse, parse_headers

BLOCKS = {
    "plain": b"Server: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n",
    "repeated and spaced": b"X-A:  b  \r\nX-A:c\r\nx-a:\t d\r\nEmpty:\r\nSpaces:   \r\n\r\n",
    "LF line ends": b"A: b\nC: d\n\n",
    "latin-1 and control bytes": b"A: \xe9\x85\x0c\x1c end\r\n\r\n",
    "folded": b"Folded: a\r\n b\r\n\tc\r\nX: y\r\n\r\n",
    "first line folded": b" lead\r\nX: y\r\n\r\n",
    "no colon": b"NoColon\r\nX: y\r\n\r\n",
    "space in the name": b"Bad Name: v\r\nX: y\r\n\r\n",
    "unix from line": b"From someone\r\nX: y\r\n\r\n",
    "From header": b"From: someone\r\nX: y\r\n\r\n",
    "empty name": b": empty\r\nA: b\r\n\r\n",
    "stray carriage return": b"A: b\rc\r\nD: e\r\n\r\n",
    "non-ASCII name": b"N\xe4me: v\r\nX: y\r\n\r\n",
    "no blank line": b"A: b\r\nB: c",
    "nothing": b"",
    "only the blank line": b"\r\n",
}


def described(message):
    return (
        message.items(),
        message.get_payload(),
        [type(defect) for defect in message.defects],
        message.get_unixfrom(),
        type(message),
    )


@pytest.mark.parametrize("block", BLOCKS.values(), ids=BLOCKS.keys())
def test_every_header_block_parses_as_http_client_parses_it(block):
    assert described(parse_headers(io.BytesIO(block))) == described(
        http.client.parse_headers(io.BytesIO(block))
    )


@pytest.mark.parametrize("block", BLOCKS.values(), ids=BLOCKS.keys())
def test_the_reader_stops_where_http_client_stops(block):
    ours, theirs = io.BytesIO(block + b"BODY"), io.BytesIO(block + b"BODY")
    parse_headers(ours)
    http.client.parse_headers(theirs)
    assert ours.read() == theirs.read()


def test_plain_blocks_need_no_email_parser_and_odd_ones_get_it(monkeypatch):
    used = []

    class Recording(email.parser.Parser):
        def parsestr(self, text, headersonly=False):
            used.append(text)
            return super().parsestr(text, headersonly)

    monkeypatch.setattr(email.parser, "Parser", Recording)
    parse_headers(io.BytesIO(BLOCKS["plain"]))
    assert used == []
    assert parse_headers(io.BytesIO(BLOCKS["folded"]))["Folded"] == "a\r\n b\r\n\tc"
    assert used == [BLOCKS["folded"].decode("iso-8859-1")]


def test_http_clients_limits_hold():
    with pytest.raises(http.client.LineTooLong):
        parse_headers(io.BytesIO(b"A: " + b"x" * 70000 + b"\r\n\r\n"))
    with pytest.raises(http.client.HTTPException, match="more than 100 headers"):
        parse_headers(io.BytesIO(b"A: b\r\n" * 101 + b"\r\n"))


class FakeSocket:
    def __init__(self, data):
        self.data = data

    def makefile(self, mode):
        return io.BytesIO(self.data)


ANSWERS = [
    b"HTTP/1.1 201 CREATED\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nX: y\r\n\r\nuntil the end",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: /x\r\nFolded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
]


@pytest.mark.parametrize("answer", ANSWERS)
def test_a_whole_answer_reads_as_with_http_clients_response(answer):
    ours = HeadResponse(FakeSocket(answer), method="GET")
    theirs = http.client.HTTPResponse(FakeSocket(answer), method="GET")
    ours.begin()
    theirs.begin()
    fields = ("status", "reason", "version", "chunked", "length", "will_close")
    assert [getattr(ours, name) for name in fields] == [getattr(theirs, name) for name in fields]
    assert described(ours.msg) == described(theirs.msg)
    assert ours.read() == theirs.read()


def test_begin_is_http_clients_own_code():
    # Not a copy that could drift from the Python it runs on: the same code object, with this
    # module's parse_headers in its namespace.
    assert HeadResponse.begin.__code__ is http.client.HTTPResponse.begin.__code__
    assert HeadResponse.begin.__globals__["parse_headers"] is parse_headers
    assert "parse_headers" in HeadResponse.begin.__code__.co_names
