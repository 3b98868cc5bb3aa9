"""The one way secrets are blanked out of text shown to people: error messages, log lines, excerpts.

Every place that might repeat a server's words or a failing request (the transport's errors, the
publishing engine's log lines, the CLI's ``Error:`` line) calls :func:`redact`, so a token echoed
back by a broken or hostile server reads ``[token hidden]`` wherever it surfaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["PLACEHOLDER", "bearer_token", "redact"]

#: What a secret is replaced by.
PLACEHOLDER = "[token hidden]"


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every non-empty secret in ``secrets`` replaced by :data:`PLACEHOLDER`."""
    # Longest first, so a token that contains another known one is hidden whole.
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, PLACEHOLDER)
    return text


def bearer_token(headers: Mapping[str, str] | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, if the headers carry one."""
    value = headers.get("Authorization") if headers is not None else None
    if not isinstance(value, str) or not value.startswith("Bearer "):
        return None
    return value[len("Bearer ") :].strip() or None
