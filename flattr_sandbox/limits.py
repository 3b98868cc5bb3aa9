"""Every size and number bound of the sandbox, in one place.

The HTTP-level limits (request line, header lines, header count and total size) are enforced by
the request handler in :mod:`.httpserver` before the app runs; a faster WSGI server taking its
place must enforce the same figures. The rest bound what the app accepts: bodies, ids, paging,
search parameters and the admin switches. Values past a bound are refused with a 4xx answer
that names the bound, never stored or slept on.
"""

from __future__ import annotations

from typing import Final

# -- HTTP (enforced by the request handler) ---------------------------------------------------
#: Longest request line (method, target, version) in bytes; longer answers 414. As the Python
#: standard library's own limit: a search URL carries at most a few KB of parameters.
MAX_REQUEST_LINE: Final = 65536
#: Longest single header line in bytes; longer answers 431.
MAX_HEADER_LINE: Final = 16384
#: Most header lines in one request; more answers 431.
MAX_HEADERS: Final = 100
#: Most bytes of all header lines together; more answers 431.
MAX_HEADER_BYTES: Final = 65536

# -- bodies (enforced by the app) -------------------------------------------------------------
#: Biggest request body; bigger answers 413.
MAX_BODY_BYTES: Final = 64 * 1024
#: Deepest nesting of arrays/objects in a JSON body (Flattr's bodies are flat objects).
MAX_JSON_DEPTH: Final = 32

# -- numbers in paths and parameters ----------------------------------------------------------
#: Thing ids are SQLite integers: at most 2**63 - 1. Bigger ids name no thing (404).
MAX_ID: Final = 2**63 - 1
#: ``page`` of every list: 1 to this. A million pages of 100 is far past any sandbox's end.
MAX_PAGE: Final = 1_000_000
#: ``count`` above 100 is capped at 100 (documented); numbers with more digits are refused.
MAX_NUMBER_DIGITS: Final = 19

# -- search parameters ------------------------------------------------------------------------
MAX_TAGS_EXPRESSION: Final = 1000
MAX_QUERY: Final = 1000
MAX_URL_PREFIX: Final = 2000

# -- admin switches ---------------------------------------------------------------------------
#: Injected latency per API call, in milliseconds (a minute outlasts any client timeout test).
MAX_LATENCY_MS: Final = 60_000
#: Requests per hour.
MAX_RATE_LIMIT: Final = 1_000_000_000
#: Faults queued at once.
MAX_QUEUED_FAULTS: Final = 1000
#: Shortest admin secret accepted from ``--admin-token``.
MIN_ADMIN_TOKEN: Final = 16
