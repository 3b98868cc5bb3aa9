"""Kill a sync at random moments, rerun it, and check nothing is duplicated, lost or corrupt.

    .venv/bin/python bench/sync_kill_rerun.py [--items 100] [--kills 20] [--seed 4]

A sandbox runs in this process (with some latency, so a sync takes long enough to be caught in
the middle). Each round starts ``sync`` of the same items in a child process and SIGKILLs it a
random delay after the child is ready (imports done). Every fourth round the titles change (the
rerun must update) and every fifth round the state file is deleted first (the rerun must adopt,
not duplicate). After each kill the state file, when there is one, must be valid JSON of the
version-1 shape, and the user must own at most one thing per URL. A last run, not killed, must
end with exactly one thing per item, each with the latest title, and a state that names each
thing's real id.

Prints one line per round and the totals; exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from flattr_core.publish.entry import Item

SITE = "https://killtest.example"


def make_items(count: int, variant: int) -> list[Item]:

    return [
        Item(
            url=f"{SITE}/{n}.html",
            owner="alice",
            title=f"Kill test article {n} (version {variant})",
            description=f"Summary of kill test article {n}.",
            category="text",
            language="en_GB",
            tags=("killtest",),
            hidden=False,
        )
        for n in range(count)
    ]


def child(args: argparse.Namespace) -> int:
    """One sync run, as a site build would do it; prints its summary."""
    import flattr_core.api
    from flattr_core.publish.syncing import sync

    logging.basicConfig(level=logging.ERROR)
    items = make_items(args.items, args.variant)
    print("ready", flush=True)  # imports done: the parent starts its kill timer now
    with flattr_core.api.get(os.environ["FLATTR_ACCESS_TOKEN"], api_url=args.api_url) as api:
        report = sync(items, api, args.state, save_every=args.save_every)
    print(json.dumps({"summary": report.summary(), "ok": report.ok}))
    return 0 if report.ok else 1


def check_state(path: Path, items: int) -> tuple[bool, str]:
    """Is the state file (if any) a valid version-1 state? Returns (ok, description)."""
    if not path.exists():
        return True, "no state file"
    from flattr_core.publish.state import StateFileError, parse_state

    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
        parse_state(text)
    except (ValueError, StateFileError) as exc:
        return False, f"INVALID state file: {exc}"
    if set(data) != {"api_url", "things", "user", "version"}:
        return False, f"INVALID keys {sorted(data)}"
    for url, record in data["things"].items():
        if set(record) != {"created", "hash", "id"} or not url.startswith(SITE):
            return False, f"INVALID entry {url}: {record}"
    if len(data["things"]) > items:
        return False, f"INVALID: {len(data['things'])} entries for {items} items"
    return True, f"state valid, {len(data['things']):3d} entries"


def server_things(api: Any) -> tuple[dict[str, tuple[int, str]], int]:
    """URL -> (id, title) of the user's kill-test things, and how many duplicates there are."""
    seen: dict[str, tuple[int, str]] = {}
    duplicates = 0
    for thing in api.authenticated.get_things(count=100):
        if thing.url.startswith(SITE):
            if thing.url in seen:
                duplicates += 1
            seen[thing.url] = (thing.id, thing.title)
    return seen, duplicates


def parent(args: argparse.Namespace) -> int:
    import flattr_core.api
    from flattr_sandbox import SandboxServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    rng = random.Random(args.seed)
    failures = 0
    workdir = Path(args.workdir or "/tmp") / f"flattr-kill-{os.getpid()}"
    workdir.mkdir(parents=True, exist_ok=True)
    state = workdir / ".flattr-state.json"
    with SandboxServer(rate_limit=10**9, latency_ms=args.latency_ms) as sb:
        token = sb.mint_token("alice")
        env = {**os.environ, "FLATTR_ACCESS_TOKEN": token}
        base_cmd = [
            sys.executable,
            __file__,
            "--child",
            "--api-url",
            sb.api_url,
            "--state",
            str(state),
            "--items",
            str(args.items),
            "--save-every",
            str(args.save_every),
        ]
        observer = flattr_core.api.get(token, api_url=sb.api_url)
        print(
            f"{args.items} items, {args.kills} kills, sandbox latency {args.latency_ms} ms, "
            f"state saved every {args.save_every} writes or second; seed {args.seed}"
        )
        interrupted = 0
        variant = 0
        for round_no in range(1, args.kills + 1):
            notes = []
            if round_no % 4 == 0:
                variant += 1
                notes.append("titles changed")
            if round_no % 5 == 0 and state.exists():
                state.unlink()
                notes.append("state deleted")
            delay = rng.uniform(0.0, args.max_delay)
            proc = subprocess.Popen(
                [*base_cmd, "--variant", str(variant)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert proc.stdout is not None
            proc.stdout.readline()  # "ready": Python has started and imported everything
            time.sleep(delay)
            finished = proc.poll() is not None
            proc.kill()
            proc.wait()
            interrupted += not finished
            ok, state_note = check_state(state, args.items)
            things, duplicates = server_things(observer)
            temporaries = len(list(workdir.glob("*.tmp")))
            if not ok or duplicates:
                failures += 1
            print(
                f"round {round_no:2d}: kill after {delay * 1000:5.0f} ms "
                f"({'run had finished' if finished else 'killed mid-run'}); {state_note}; "
                f"{len(things):3d} things on the server, {duplicates} duplicates"
                f"{'; ' + str(temporaries) + ' temp file(s) left' if temporaries else ''}"
                f"{'; ' + ', '.join(notes) if notes else ''}"
            )
        final = subprocess.run(
            [*base_cmd, "--variant", str(variant)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        summary = final.stdout.strip().splitlines()[-1] if final.stdout.strip() else final.stderr
        things, duplicates = server_things(observer)
        ok, state_note = check_state(state, args.items)
        recorded = json.loads(state.read_text())["things"] if state.exists() else {}
        expected_titles = {i.url: i.title for i in make_items(args.items, variant)}
        wrong_titles = sum(
            1 for url, (_, title) in things.items() if title != expected_titles.get(url)
        )
        wrong_ids = sum(
            1
            for url, (thing_id, _) in things.items()
            if recorded.get(url, {}).get("id") != thing_id
        )
        observer.close()
    print(f"final run (not killed): {summary}")
    print(f"kills: {args.kills}, of which {interrupted} interrupted a running sync")
    print(
        f"end: {len(things)} things for {args.items} items, {duplicates} duplicates, "
        f"{args.items - len(things)} missing, {wrong_titles} with an old title, "
        f"{wrong_ids} state entries not matching the server; {state_note}"
    )
    good = (
        ok
        and final.returncode == 0
        and len(things) == args.items
        and not duplicates
        and not wrong_titles
        and not wrong_ids
        and failures == 0
    )
    print("RESULT:", "OK" if good else "FAILED")
    return 0 if good else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument(
        "--max-delay", type=float, default=1.0, help="latest kill, seconds after the child is ready"
    )
    parser.add_argument("--save-every", type=int, default=10)
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--state", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--variant", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    raise SystemExit(main())
