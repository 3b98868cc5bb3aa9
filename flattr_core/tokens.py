"""The ``flattr login`` token store (one JSON file, mode 0600) and the rule for which token to use.

Tokens are kept per API base URL, so a sandbox token never goes to another server. The directory
is ``FLATTR_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/flattr``, else ``~/.config/flattr``; it is
created 0700, and a directory others may write to is warned about (they could swap the file).
Writes go to a temporary file that is renamed into place, so the file is never half written, and
every read-modify-write holds an exclusive lock (``fcntl.flock`` on ``tokens.json.lock``), so
logins running at the same time all land; where ``fcntl`` does not exist the store works
unlocked.

A store that cannot be read (edited by hand, binary garbage, truncated by a full disk) is never
overwritten: it is moved aside to ``tokens.json.damaged-<time>`` first. Reading then raises
``TokenStoreError`` saying where the old file went; saving (``flattr login``) carries on and
records the move in ``recovered`` so the command can say so.

Which token a client uses (:func:`resolve_token`): the ``token`` argument, else
``FLATTR_ACCESS_TOKEN``, else this store's entry for the API URL. Tokens never come from
settings files.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import field
from pathlib import Path
from typing import Any

from flattr_core._records import FrozenRecord, record_class

# resolve_token lives with the other "argument, environment, default" rules, where a build
# that has FLATTR_ACCESS_TOKEN need not load this module; it is still importable from here.
from flattr_core.config import ENV_CONFIG_DIR, ConfigError, resolve_token
from flattr_core.fileio import write_atomic

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking, saves still atomic
    fcntl = None  # type: ignore[assignment]

__all__ = ["StoredToken", "TokenStore", "TokenStoreError", "config_dir", "resolve_token"]

log = logging.getLogger("flattr_core")


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


# A record, not a generated dataclass: every build that syncs loads this module
# (flattr_core._records says why).
@record_class
class StoredToken(FrozenRecord):
    """A token saved by ``flattr login``. Its repr never shows the token itself."""

    access_token: str = field(repr=False)
    username: str | None = None
    scopes: tuple[str, ...] = ()

    def __init__(
        self, access_token: str, username: str | None = None, scopes: tuple[str, ...] = ()
    ) -> None:
        self._init(access_token=access_token, username=username, scopes=scopes)


class TokenStore:
    """Load, save and forget tokens, keyed by API base URL."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / "tokens.json"
        #: Where a damaged store was moved by the last ``save``/``delete``, if it was.
        self.recovered: Path | None = None
        #: Things the user should know (a directory others may write to), once each.
        self.warnings: list[str] = []

    def _check_directory(self) -> None:
        try:
            mode = self.path.parent.stat().st_mode
        except OSError:
            return  # not there yet: it will be created 0700
        if mode & (stat.S_IWGRP | stat.S_IWOTH):
            who = "everyone" if mode & stat.S_IWOTH else "its group"
            message = (
                f"the token store's directory {self.path.parent} can be written by {who}, "
                f"who could replace your tokens; run `chmod 700 {self.path.parent}`"
            )
            if message not in self.warnings:
                self.warnings.append(message)
                log.warning("%s", message)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the store's lock (exclusive) for a read-modify-write."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._check_directory()
        if fcntl is None:  # pragma: no cover
            yield
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _read(self, *, raise_damaged: bool = True) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"expected a JSON object, found {type(data).__name__}")
        except ValueError as exc:  # not UTF-8 (binary), not JSON, not an object
            reason = "it is not text" if isinstance(exc, UnicodeDecodeError) else str(exc)
            backup = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            os.replace(self.path, backup)
            self.recovered = backup
            if raise_damaged:
                raise TokenStoreError(
                    f"the token store {self.path} could not be read ({reason}); it was moved to "
                    f"{backup} so nothing is lost; log in again with `flattr login`"
                ) from None
            return {}
        return data

    def load(self, api_url: str) -> StoredToken | None:
        """The token stored for ``api_url``, or None."""
        self._check_directory()
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
        """Store ``token`` for ``api_url`` (file mode 0600, written atomically, under the lock)."""
        with self._locked():
            data = self._read(raise_damaged=False)
            data[api_url.rstrip("/")] = {
                "access_token": token.access_token,
                "username": token.username,
                "scopes": list(token.scopes),
            }
            self._write(data)

    def delete(self, api_url: str) -> bool:
        """Forget the token for ``api_url``; True when there was one."""
        with self._locked():
            data = self._read(raise_damaged=False)
            if data.pop(api_url.rstrip("/"), None) is None:
                return False
            self._write(data)
            return True

    def _write(self, data: dict[str, Any]) -> None:
        write_atomic(self.path, json.dumps(data, indent=2, sort_keys=True), mode=0o600)
