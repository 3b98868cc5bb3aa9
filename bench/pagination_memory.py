"""Lazy pagination keeps memory flat: peak memory while walking 500 and 5,000 things.

    .venv/bin/python bench/pagination_memory.py [--things 5000]

A sandbox runs in its own process (``bench/sandbox_process.py``); the bench registers
``--things`` things for the demo user through ``sync``, then walks
``api.authenticated.get_things()`` (no ``page``: every page, 100 things a request) and measures
the peak of Python allocations (``tracemalloc``) while the walk holds one thing at a time. The
baseline, in the same run, is what the older python-flattr style invites: ``list(...)`` of every
thing first. Each is measured for the first tenth of the things and for all of them; flat memory
means the lazy walk's peak does not grow with the count, while the list's does.

Prints figures next to a baseline measured in the same run; asserts nothing about time
or memory.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path

from sandbox_process import SandboxProcess
from sync_bench import USER, make_items

import flattr_core.api
from flattr_core.models import Thing
from flattr_core.publish.syncing import sync


def peak_kib(walk: Callable[[], int]) -> tuple[float, int]:
    """Peak traced memory (KiB) while ``walk`` runs, and what it returned."""
    tracemalloc.start()
    try:
        seen = walk()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024, seen


def lazy(things: Iterable[Thing], limit: int) -> Callable[[], int]:
    def walk() -> int:
        count = 0
        for _thing in itertools.islice(things, limit):
            count += 1  # one thing at a time, as a podcatcher or a script would
        return count

    return walk


def listed(things: Iterable[Thing], limit: int) -> Callable[[], int]:
    def walk() -> int:
        return len(list(itertools.islice(things, limit)))

    return walk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--things", type=int, default=5000)
    args = parser.parse_args()

    with SandboxProcess() as sandbox:
        token = sandbox.mint_token(USER)
        api = flattr_core.api.get(token, api_url=sandbox.api_url)
        with tempfile.TemporaryDirectory() as scratch:
            report = sync(make_items(args.things), api, Path(scratch) / "state.json", concurrency=8)
        print(f"registered: {report.summary()}")

        small = max(1, args.things // 10)
        print(f"\npeak Python memory while walking {USER}'s things (tracemalloc):")
        figures: dict[tuple[str, int], float] = {}
        for limit in (small, args.things):
            for name, make in (("lazy walk", lazy), ("list() first", listed)):
                sandbox.reset_counts()
                kib, seen = peak_kib(make(api.authenticated.get_things(), limit))
                figures[name, limit] = kib
                print(
                    f"  {name:13} {seen:>6} things: {kib:9.0f} KiB peak   "
                    f"{sandbox.request_count():>3} requests"
                )
        for name in ("lazy walk", "list() first"):
            ratio = figures[name, args.things] / figures[name, small]
            print(f"  {name}: {args.things} things need {ratio:.2f}x the memory of {small}")
        api.close()


if __name__ == "__main__":
    main()
