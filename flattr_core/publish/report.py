"""What a sync did: ``SyncReport`` (with its one-line ``summary()`` and ``to_dict()``), the
planned writes of a dry run, the failures, and the items left to other owners."""

from __future__ import annotations

from dataclasses import field
from datetime import datetime, timezone
from typing import Any, Literal

from flattr_core._records import FrozenRecord, Record, record_class

# Records, not generated dataclasses: every build that syncs loads this module
# (flattr_core._records says why). Each __init__ lists the fields in order (a test checks).

ActionKind = Literal["create", "update", "adopt", "prune"]


@record_class
class PlannedAction(FrozenRecord):
    """One write sync makes (or, in a dry run, would make)."""

    action: ActionKind
    url: str
    thing_id: int | str | None = None
    reason: str = ""

    def __init__(
        self, action: ActionKind, url: str, thing_id: int | str | None = None, reason: str = ""
    ) -> None:
        self._init(action=action, url=url, thing_id=thing_id, reason=reason)

    def __str__(self) -> str:
        text = f"{self.action} {self.url}"
        if self.thing_id is not None:
            text += f" (thing {self.thing_id})"
        if self.reason:
            text += f": {self.reason}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "url": self.url,
            "thing_id": self.thing_id,
            "reason": self.reason,
        }


@record_class
class SyncFailure(FrozenRecord):
    """An item that could not be synced, and why (the API's own words plus what to do)."""

    url: str
    message: str

    def __init__(self, url: str, message: str) -> None:
        self._init(url=url, message=message)

    def __str__(self) -> str:
        return f"{self.url}: {self.message}"


@record_class
class SkippedItem(FrozenRecord):
    """An item owned by another user than the token's; its button uses auto-submit instead."""

    url: str
    owner: str

    def __init__(self, url: str, owner: str) -> None:
        self._init(url=url, owner=owner)


@record_class
class SyncReport(Record):
    """What a sync did. Lists hold URLs; ``summary()`` is one line, ``to_dict()`` is data."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    failed: list[SyncFailure] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    # URLs in the state whose page is no longer in the site (a renamed or removed page) and that
    # this run did not prune: their things still exist on Flattr.
    orphans: list[str] = field(default_factory=list)
    reset_at: int | None = None  # epoch second the rate limit resets, when it stopped the run
    plan: list[PlannedAction] = field(default_factory=list)
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    user: str | None = None
    state_path: str = ""

    def __init__(
        self,
        created: list[str] | None = None,
        updated: list[str] | None = None,
        unchanged: list[str] | None = None,
        adopted: list[str] | None = None,
        pruned: list[str] | None = None,
        failed: list[SyncFailure] | None = None,
        pending: list[str] | None = None,
        skipped: list[SkippedItem] | None = None,
        orphans: list[str] | None = None,
        reset_at: int | None = None,
        plan: list[PlannedAction] | None = None,
        dry_run: bool = False,
        warnings: list[str] | None = None,
        user: str | None = None,
        state_path: str = "",
    ) -> None:
        # None: a new list for this report (a list default would be shared by every report).
        self._init(
            created=[] if created is None else created,
            updated=[] if updated is None else updated,
            unchanged=[] if unchanged is None else unchanged,
            adopted=[] if adopted is None else adopted,
            pruned=[] if pruned is None else pruned,
            failed=[] if failed is None else failed,
            pending=[] if pending is None else pending,
            skipped=[] if skipped is None else skipped,
            orphans=[] if orphans is None else orphans,
            reset_at=reset_at,
            plan=[] if plan is None else plan,
            dry_run=dry_run,
            warnings=[] if warnings is None else warnings,
            user=user,
            state_path=state_path,
        )

    @property
    def ok(self) -> bool:
        """True when every item is in sync (nothing failed, nothing left pending)."""
        return not self.failed and not self.pending

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "adopted": len(self.adopted),
            "pruned": len(self.pruned),
            "failed": len(self.failed),
            "pending": len(self.pending),
            "skipped": len(self.skipped),
            "orphans": len(self.orphans),
        }

    def summary(self) -> str:
        """One readable line, e.g. ``Flattr sync: 3 created, 1 updated, 10 unchanged, ...``."""
        if self.dry_run:
            would = {kind: 0 for kind in ("create", "update", "adopt", "prune")}
            for action in self.plan:
                would[action.action] += 1
            text = (
                f"Flattr sync (dry run, nothing written): would create {would['create']}, "
                f"update {would['update']}, adopt {would['adopt']}, prune {would['prune']}; "
                f"{len(self.unchanged)} unchanged, {len(self.failed)} failed"
            )
        else:
            text = (
                f"Flattr sync: {len(self.created)} created, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged, {len(self.adopted)} adopted, "
                f"{len(self.failed)} failed, {len(self.pending)} pending"
            )
            if self.pruned:
                text += f", {len(self.pruned)} pruned"
        if self.skipped:
            text += (
                f"; {len(self.skipped)} skipped (owned by other Flattr users than the token's, "
                "left to the auto-submit button)"
            )
        if self.orphans:
            text += (
                f"; {len(self.orphans)} orphaned (in the state file, page gone; "
                "sync with prune to delete the things this state created)"
            )
        if self.pending:
            text += f"; rate limit reached, rerun after {format_epoch(self.reset_at)}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "user": self.user,
            "state_path": self.state_path,
            "counts": self.counts(),
            "created": list(self.created),
            "updated": list(self.updated),
            "unchanged": list(self.unchanged),
            "adopted": list(self.adopted),
            "pruned": list(self.pruned),
            "failed": [{"url": f.url, "message": f.message} for f in self.failed],
            "pending": list(self.pending),
            "skipped": [{"url": s.url, "owner": s.owner} for s in self.skipped],
            "orphans": list(self.orphans),
            "reset_at": self.reset_at,
            "plan": [action.to_dict() for action in self.plan],
            "warnings": list(self.warnings),
        }


def format_epoch(epoch: int | None) -> str:
    if epoch is None:
        return "the rate-limit window resets (time unknown)"
    return f"{datetime.fromtimestamp(epoch, tz=timezone.utc):%Y-%m-%d %H:%M:%S} UTC"
