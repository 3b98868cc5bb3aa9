"""Which URLs only this machine or its network can open (loopback, private, link-local).

A published site must never send its readers to such an address, and Flattr must never register
one as a thing: this is how a preview setting (``localhost:8000``) or a sandbox exported in the
shell (``FLATTR_API_URL=http://127.0.0.1:8765/rest/v2``) would otherwise leak into a real site.
Hosts are judged by their name or address only; nothing is resolved (rendering makes no network
call).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# Names that never resolve on the public internet (RFC 6761, RFC 6762, RFC 8375, and the
# .internal TLD reserved for private use).
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan")


def is_local_url(url: str) -> bool:
    """True for an http(s) URL whose host is loopback, private, link-local or a local name."""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # an unbalanced "[" in the netloc
        return False
    if not host:
        return False
    return is_local_host(host)


def is_local_host(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host.split("%")[0])  # fe80::1%eth0
    except ValueError:
        # A single-label name ("devbox") is only known on a local network.
        return host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or "." not in host
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
    )
