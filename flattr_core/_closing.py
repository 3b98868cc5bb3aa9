"""The one way a client object closes its HTTP session: ``close()``, or the end of a ``with``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:  # pragma: no cover
    from flattr_core.transport import Transport


class ClosesTransport:
    """Base of the objects that own a :class:`~flattr_core.transport.Transport` (``FlattrApi``,
    ``AuthApi``): ``with FlattrApi(...) as api:`` closes it at the end of the block."""

    transport: Transport

    def close(self) -> None:
        """Close the HTTP session (only if the client made it)."""
        self.transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
