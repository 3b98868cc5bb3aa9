"""Which episodes were flattred, per feed: the small state file that makes flattring idempotent.

Shape (version 1), one object per feed key (the feed's URL, or ``file://`` URL)::

    {
     "feeds": {
      "https://pod.example.org/feed.xml": {
       "urn:episode:12": {"at": "2026-12-02T01:50:07Z", "result": "flattred", "thing": 431547}
      }
     },
     "version": 1
    }

``result`` is ``flattred`` (this run's flattr was accepted), ``already_flattred`` (the server said
``flattr_once``: an earlier run, or the web site, had flattred it) or ``own_thing`` (the token's
user owns it: never worth asking again). An episode is recorded only after the API answered,
and the file is rewritten atomically after each answer (``flattr_core.fileio``), so a process
killed at any moment leaves a valid file that records exactly the answers it had received.

Several processes may share the file (a podcatcher and a cron job): each write takes a lock
(``.<name>.lock`` beside it) and first merges in what others recorded. The default file lives
beside the CLI's token store.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from flattr_core.errors import FeedError
from flattr_core.fileio import write_atomic

LEDGER_VERSION: Final = 1
DEFAULT_LEDGER_NAME: Final = "flattred-episodes.json"
#: The results worth remembering: asking the server again would change nothing.
RECORDED_RESULTS: Final = ("flattred", "already_flattred", "own_thing")


def _dump_compact(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def default_ledger_path() -> Path:
    """``flattred-episodes.json`` in the flattr config directory (``FLATTR_CONFIG_DIR``)."""
    from flattr_core.tokens import config_dir

    return config_dir() / DEFAULT_LEDGER_NAME


@dataclass(frozen=True)
class Record:
    """What the ledger knows about one episode: when, with which result, which thing."""

    at: str
    result: str
    thing: int | str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "result": self.result, "thing": self.thing}


class Ledger:
    """The flattred-episodes file at ``path`` (default: :func:`default_ledger_path`)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_ledger_path()
        self._feeds: dict[str, dict[str, Record]] | None = None
        self._seen: tuple[int, int, int] | None = None  # the file as last read or written
        #: How many times the file was written (each is one atomic replace).
        self.writes = 0

    def __repr__(self) -> str:
        return f"<Ledger {self.path}>"

    def load(self) -> None:
        """Read the file now (raises FeedError naming it if it is damaged)."""
        self._load()

    def get(self, feed: str, guid: str) -> Record | None:
        """The record of episode ``guid`` of ``feed``, or None if it was never flattred."""
        return self._load().get(feed, {}).get(guid)

    def episodes(self, feed: str) -> dict[str, Record]:
        """Every recorded episode of ``feed`` (a copy)."""
        return dict(self._load().get(feed, {}))

    def record(self, feed: str, guid: str, result: str, thing: int | str | None = None) -> Record:
        """Remember an answer of the API and write the file at once (atomically).

        Another process (a podcatcher and a cron job) may have added records since this one
        read the file: they are merged in first, under a lock, so neither loses the other's.
        """
        if result not in RECORDED_RESULTS:
            raise ValueError(f"result must be one of {', '.join(RECORDED_RESULTS)}: {result!r}")
        entry = Record(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), result, thing)
        try:
            with self._locked():
                self._merge_changes()
                episodes = self._load().setdefault(feed, {})
                previous = episodes.get(guid)
                episodes[guid] = entry
                try:
                    write_atomic(self.path, self._to_json())
                except OSError:
                    # Memory must not claim what the file does not hold.
                    if previous is None:
                        del episodes[guid]
                    else:
                        episodes[guid] = previous
                    raise
                self._seen = self._stat()
        except OSError as exc:
            raise FeedError(
                f"could not write the flattred-episodes file {self.path} "
                f"({exc.strerror or exc}); episode {guid!r} was flattred but not recorded (a "
                "later run finds it flattred this month); check the file's directory",
                source=str(self.path),
            ) from None
        self.writes += 1
        return entry

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on ``.<name>.lock`` beside the file (POSIX; elsewhere none)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(f".{self.path.name}.lock"), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel if the process dies
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _merge_changes(self) -> None:
        """Take in records another process wrote since this one last read or wrote the file."""
        feeds = self._load()
        if self._stat() == self._seen:
            return  # the common case: only this process writes; no re-read per record
        for feed, episodes in self._read().items():
            mine = feeds.setdefault(feed, {})
            for guid, rec in episodes.items():
                mine.setdefault(guid, rec)

    def _to_json(self) -> str:
        """Sorted JSON, one line per episode: json's C encoder does each small record (an
        indented dump of the whole file would run in pure Python, once per flattr)."""
        dump = _dump_compact
        lines = ["{", ' "feeds": {']
        feeds = sorted((self._feeds or {}).items())
        for f_index, (feed, episodes) in enumerate(feeds):
            lines.append(f"  {dump(feed)}: {{")
            records = sorted(episodes.items())
            for index, (guid, rec) in enumerate(records):
                comma = "," if index < len(records) - 1 else ""
                lines.append(f"   {dump(guid)}: {dump(rec.to_dict())}{comma}")
            lines.append("  }" + ("," if f_index < len(feeds) - 1 else ""))
        lines += [" },", f' "version": {LEDGER_VERSION}', "}"]
        return "\n".join(lines) + "\n"

    def _load(self) -> dict[str, dict[str, Record]]:
        if self._feeds is None:
            self._seen = self._stat()  # before reading: a change in between is re-read later
            self._feeds = self._read()
        return self._feeds

    def _read(self) -> dict[str, dict[str, Record]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise self._damaged(str(exc)) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self._damaged(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
        if not isinstance(data, Mapping) or data.get("version") != LEDGER_VERSION:
            raise self._damaged(f"not a version-{LEDGER_VERSION} flattred-episodes file")
        feeds: dict[str, dict[str, Record]] = {}
        for feed, episodes in (data.get("feeds") or {}).items():
            if not isinstance(episodes, Mapping):
                raise self._damaged(f"feed {feed!r} is not an object")
            feeds[feed] = {guid: self._record(feed, guid, raw) for guid, raw in episodes.items()}
        return feeds

    def _record(self, feed: str, guid: str, raw: Any) -> Record:
        if (
            not isinstance(raw, Mapping)
            or not isinstance(raw.get("at"), str)
            or raw.get("result") not in RECORDED_RESULTS
        ):
            raise self._damaged(f"episode {guid!r} of {feed!r} has no valid 'at' and 'result'")
        thing = raw.get("thing")
        return Record(raw["at"], raw["result"], thing if isinstance(thing, int | str) else None)

    def _damaged(self, why: str) -> FeedError:
        return FeedError(
            f"the flattred-episodes file {self.path} is unusable ({why}); move it aside to start "
            "afresh (the server refuses a second flattr of an episode this month anyway)",
            source=str(self.path),
        )
