"""Whether an address means "this machine only" (no Flask here: the CLI asks before the
sandbox, and Flask, are loaded)."""

from __future__ import annotations

import functools
import ipaddress


# Asked on every request (the Host check); parsing an address costs more than the lookup.
# Bounded, since hosts come from requests.
@functools.lru_cache(maxsize=256)
def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, brackets allowed) means this machine only."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
