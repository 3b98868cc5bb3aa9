"""What counts as an absolute http(s) URL: one rule for every base URL, site URL and page URL.

The client's base URLs (``api_url``, ``web_url``), the engine's ``site_url`` and each page's URL
must all name a scheme Flattr serves (http or https) and a host; anything else (a relative path,
``mailto:``, ``https:///x``) is refused by whichever caller asked, in its own words.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["is_absolute_http_url"]


def is_absolute_http_url(value: str) -> bool:
    """True when ``value`` is an ``http://`` or ``https://`` URL with a host."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
