"""The sync state file (``.flattr-state.json``): which Flattr thing each page URL became.

The file is meant to be committed with the site, so it is small, sorted and diff-friendly: one
line per thing, keys sorted, ids and short hashes only. Shape (version 1)::

    {
     "api_url": "https://api.flattr.com/rest/v2",
     "things": {
      "https://example.org/a.html": {"created": true, "hash": "6c2f0d0e1a2b3c4d", "id": 431547}
     },
     "user": "alice",
     "version": 1
    }

``hash`` is ``Item.fingerprint()`` of what was last synced; ``created`` says this state created
the thing (only such things are ever pruned; adopted ones never are).

Writes are atomic (``flattr_core.fileio.write_atomic``: temporary file, fsync, rename), so a
process killed at any moment leaves either the old or the new file, both valid. A file that cannot
be read as a version-1 state is never silently dropped: ``load_state`` moves it aside and says
where.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any, Final

from flattr_core._error_base import FlattrError
from flattr_core._records import Record, record_class

STATE_VERSION: Final = 1
DEFAULT_STATE_FILE: Final = ".flattr-state.json"


def same_user(name: str, other: str) -> bool:
    """Flattr usernames are case-insensitive (resource URLs lower-case them)."""
    return name.casefold() == other.casefold()


class StateFileError(FlattrError, ValueError):
    """The state file's content is not a version-1 Flattr state; the message says what is wrong."""


# Records, not generated dataclasses: every build that syncs loads this module
# (flattr_core._records says why). Each __init__ lists the fields in order (a test checks).


@record_class
class ThingRecord(Record):
    """What the state remembers about one synced URL."""

    id: int | str
    hash: str
    created: bool = False

    def __init__(self, id: int | str, hash: str, created: bool = False) -> None:
        self._init(id=id, hash=hash, created=created)

    def to_dict(self) -> dict[str, Any]:
        return {"created": self.created, "hash": self.hash, "id": self.id}


@record_class
class SyncState(Record):
    """The whole state: which server and user it belongs to, and one record per URL."""

    api_url: str | None = None
    user: str | None = None
    things: dict[str, ThingRecord] = field(default_factory=dict)

    def __init__(
        self,
        api_url: str | None = None,
        user: str | None = None,
        things: dict[str, ThingRecord] | None = None,
    ) -> None:
        self._init(api_url=api_url, user=user, things={} if things is None else things)

    def belongs_to(self, api_url: str, user: str | None = None) -> bool:
        """True when this state was written for that server (and that user, when given)."""
        if self.api_url is None or self.api_url.rstrip("/") != api_url.rstrip("/"):
            return False
        return user is None or same_user(self.user or "", user)

    def to_dict(self) -> dict[str, Any]:
        return {
            "api_url": self.api_url,
            "things": {url: rec.to_dict() for url, rec in sorted(self.things.items())},
            "user": self.user,
            "version": STATE_VERSION,
        }

    def to_json(self) -> str:
        """Sorted JSON with one line per thing, so a commit diff shows one line per change."""
        dump = _dump_compact
        lines = ["{", f' "api_url": {dump(self.api_url)},']
        if self.things:
            lines.append(' "things": {')
            records = sorted(self.things.items())
            for index, (url, rec) in enumerate(records):
                comma = "," if index < len(records) - 1 else ""
                lines.append(f"  {dump(url)}: {dump(rec.to_dict())}{comma}")
            lines.append(" },")
        else:
            lines.append(' "things": {},')
        lines.append(f' "user": {dump(self.user)},')
        lines.append(f' "version": {STATE_VERSION}')
        lines.append("}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_dict(cls, data: Any) -> SyncState:
        """Parse a decoded state file; raises StateFileError naming what is wrong."""
        if not isinstance(data, Mapping):
            raise StateFileError(f"expected a JSON object, got {type(data).__name__}")
        version = data.get("version")
        if version != STATE_VERSION:
            raise StateFileError(
                f"unsupported state version {version!r} (expected {STATE_VERSION})"
            )
        api_url = data.get("api_url")
        user = data.get("user")
        for key, value in (("api_url", api_url), ("user", user)):
            if value is not None and not isinstance(value, str):
                raise StateFileError(f"{key!r} must be a string or null, got {value!r}")
        raw_things = data.get("things", {})
        if not isinstance(raw_things, Mapping):
            raise StateFileError("'things' must be an object mapping URL -> {id, hash}")
        things: dict[str, ThingRecord] = {}
        for url, raw in raw_things.items():
            things[url] = _record_from(url, raw)
        return cls(api_url=api_url, user=user, things=things)


def _record_from(url: str, raw: Any) -> ThingRecord:
    # Run for every record on every build that syncs: the exact-type test spares JSON's dicts
    # the Mapping ABC's slower check, and a tuple of types is quicker than a union.
    if type(raw) is not dict and not isinstance(raw, Mapping):
        raise StateFileError(f"entry for {url!r} must be an object, got {raw!r}")
    thing_id = raw.get("id")
    digest = raw.get("hash")
    created = raw.get("created", False)
    # bool is an int subclass: an id of `true` is corruption, not thing 1.
    if isinstance(thing_id, bool) or not isinstance(thing_id, (int, str)) or thing_id == "":
        raise StateFileError(f"entry for {url!r} has no valid 'id' (got {thing_id!r})")
    if not isinstance(digest, str):
        raise StateFileError(f"entry for {url!r} has no valid 'hash' (got {digest!r})")
    if not isinstance(created, bool):
        raise StateFileError(f"entry for {url!r}: 'created' must be true or false")
    return ThingRecord(id=thing_id, hash=digest, created=created)


def _dump_compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


class LoadedState:
    """Result of ``load_state``: the state, plus a warning when the file had to be set aside.

    A plain class: made once per sync and never compared, it need not pay for being a
    dataclass in every build that syncs.
    """

    __slots__ = ("state", "warning", "moved_to", "existed")

    def __init__(
        self,
        state: SyncState,
        warning: str | None = None,
        moved_to: Path | None = None,
        existed: bool = False,
    ) -> None:
        self.state = state
        self.warning = warning
        self.moved_to = moved_to
        self.existed = existed

    def __repr__(self) -> str:
        return (
            f"LoadedState(state={self.state!r}, warning={self.warning!r}, "
            f"moved_to={self.moved_to!r}, existed={self.existed!r})"
        )


def parse_state(text: str) -> SyncState:
    """Parse the text of a state file; raises StateFileError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateFileError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return SyncState.from_dict(data)


def load_state(path: Path | str, *, move_corrupt: bool = True) -> LoadedState:
    """Read the state file. Missing -> empty state. Corrupt -> empty state plus a warning.

    A corrupt file is renamed to ``<name>.corrupt-<timestamp>`` (unless ``move_corrupt`` is
    False, as in a dry run, which writes nothing) so that it is never silently overwritten; the
    caller then rebuilds the state from the user's things.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedState(SyncState())
    except UnicodeDecodeError:
        text = None
    try:
        if text is None:
            raise StateFileError("not UTF-8 text")
        return LoadedState(parse_state(text), existed=True)
    except StateFileError as exc:
        problem = f"state file {path} is unusable ({exc})"
        if not move_corrupt:
            return LoadedState(
                SyncState(), warning=f"{problem}; it would be moved aside and rebuilt", existed=True
            )
        base = f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
        aside = path.with_name(base)
        suffix = 1
        while aside.exists():
            aside = path.with_name(f"{base}~{suffix}")
            suffix += 1
        os.replace(path, aside)
        return LoadedState(
            SyncState(),
            warning=f"{problem}; moved it to {aside.name} and rebuilt it from the user's things",
            moved_to=aside,
            existed=True,
        )


def save_state(state: SyncState, path: Path | str) -> None:
    """Write the state atomically: a kill at any moment leaves the old or the new file."""
    # Imported here: a build whose sync has nothing to write never loads it.
    from flattr_core.fileio import write_atomic

    write_atomic(path, state.to_json())
