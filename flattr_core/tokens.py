"""The ``flattr login`` token store: one JSON file in the user's config directory, mode 0600.

Tokens are kept per API base URL, so a sandbox token never goes to another server. The directory
is ``FLATTR_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/flattr``, else ``~/.config/flattr``. Writes go
to a temporary file that is renamed into place, so the file is never half written.

A store that cannot be read (edited by hand, truncated by a full disk) is never overwritten:
it is moved aside to ``tokens.json.damaged-<time>`` first. Reading then raises
``TokenStoreError`` saying where the old file went; saving (``flattr login``) carries on and
records the move in ``recovered`` so the command can say so.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flattr_core.config import ENV_CONFIG_DIR, ConfigError


def config_dir() -> Path:
    """The directory holding the token store."""
    explicit = os.environ.get(ENV_CONFIG_DIR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg) if xdg else Path.home() / ".config"
    return base / "flattr"


class TokenStoreError(ConfigError):
    """The token store file could not be read; it was moved aside, nothing was deleted."""


@dataclass(frozen=True)
class StoredToken:
    """A token saved by ``flattr login``. Its repr never shows the token itself."""

    access_token: str = field(repr=False)
    username: str | None = None
    scopes: tuple[str, ...] = ()


class TokenStore:
    """Load, save and forget tokens, keyed by API base URL."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / "tokens.json"
        #: Where a damaged store was moved by the last ``save``/``delete``, if it was.
        self.recovered: Path | None = None

    def _read(self, *, raise_damaged: bool = True) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError(f"expected a JSON object, found {type(data).__name__}")
        except ValueError as exc:
            backup = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            os.replace(self.path, backup)
            self.recovered = backup
            if raise_damaged:
                raise TokenStoreError(
                    f"the token store {self.path} could not be read ({exc}); it was moved to "
                    f"{backup} so nothing is lost; log in again with `flattr login`"
                ) from None
            return {}
        return data

    def load(self, api_url: str) -> StoredToken | None:
        """The token stored for ``api_url``, or None."""
        entry = self._read().get(api_url.rstrip("/"))
        if not isinstance(entry, dict) or not isinstance(entry.get("access_token"), str):
            return None
        scopes = entry.get("scopes") or ()
        return StoredToken(
            access_token=entry["access_token"],
            username=entry.get("username") if isinstance(entry.get("username"), str) else None,
            scopes=tuple(str(s) for s in scopes) if isinstance(scopes, list) else (),
        )

    def save(self, api_url: str, token: StoredToken) -> None:
        """Store ``token`` for ``api_url`` (file mode 0600, written atomically)."""
        data = self._read(raise_damaged=False)
        data[api_url.rstrip("/")] = {
            "access_token": token.access_token,
            "username": token.username,
            "scopes": list(token.scopes),
        }
        self._write(data)

    def delete(self, api_url: str) -> bool:
        """Forget the token for ``api_url``; True when there was one."""
        data = self._read(raise_damaged=False)
        if data.pop(api_url.rstrip("/"), None) is None:
            return False
        self._write(data)
        return True

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tokens-", suffix=".json")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
