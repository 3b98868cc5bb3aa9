"""Atomic file writes: a process killed at any moment leaves the old file or the new one.

Shared by every small state file the suite keeps (the publishing sync's ``.flattr-state.json``,
the feed reader's record of flattred episodes): write a temporary file in the same directory,
fsync it, ``os.replace`` it over the target, fsync the directory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path
from typing import Final

#: A temporary file older than this was left by a killed writer and may be removed.
STALE_TEMP_SECONDS: Final = 60.0


def write_atomic(path: Path | str, data: str | bytes, *, mode: int | None = None) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically.

    The file keeps its permission bits (0644 for a new one) unless ``mode`` is given: the token
    store passes 0o600, and its file is never readable by others, not even for a moment.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes 0600; a file meant to be committed should look like any other file.
        os.chmod(tmp_name, _mode_of(path) if mode is None else mode)
        # Text is encoded as it is: no newline translation, so ``\n`` stays ``\n`` everywhere.
        raw = data.encode("utf-8") if isinstance(data, str) else data
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(directory)
    remove_stale_temporaries(path, keep_younger_than=STALE_TEMP_SECONDS)


def remove_stale_temporaries(path: Path, *, keep_younger_than: float) -> None:
    """Remove temporary files a killed run left behind (a young one may be another writer's)."""
    cutoff = time.time() - keep_younger_than
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) on Windows.
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
