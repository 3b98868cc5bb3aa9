"""Client CPU per create: ``api.things.create`` against requests' own floor, alternating.

    .venv/bin/python bench/create_cpu.py [--items 500] [--pairs 3] [--profile 20]

The sandbox runs in its own process (see ``sandbox_process.py``), so ``time.process_time()``
in this process is the client's CPU alone. Each pair runs, on freshly reset sandbox data:

* floor: one ``requests.Session`` posting the same form per item and decoding the JSON answer
  (what any requests-based client must pay at least);
* client: ``flattr_core.api.get(token).things.create(url, ...)`` per item, sequentially;
* sync: ``flattr_core.publish.syncing.sync`` of the same items (concurrency 4, a cold state),
  i.e. what a site build pays per new article (its one extra request lists the user's things).

Printed: medians of client CPU per create (microseconds) for both, the median per-pair ratio,
and wall time. ``--profile N`` runs the client once more under cProfile and prints the N
functions with the most cumulative time, to see where the client's own share goes.

Prints figures next to a baseline measured in the same run; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests
from sandbox_process import SandboxProcess, load_average

import flattr_core.api
from flattr_core.publish.entry import Item
from flattr_core.publish.syncing import sync

USER = "alice"


def fields(n: int) -> dict[str, str]:
    return {
        "url": f"https://bench.example/cpu/{n}.html",
        "title": f"Benchmark article number {n}",
        "description": f"A short summary of benchmark article {n}, as a blog would have it.",
        "category": "text",
        "language": "en_GB",
        "tags": f"bench,tag{n % 10}",
        "hidden": "0",
    }


def floor(sb: SandboxProcess, token: str, count: int) -> None:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    with requests.Session() as session:
        for n in range(count):
            answer = session.post(f"{sb.api_url}/things", data=fields(n), headers=headers)
            answer.raise_for_status()
            answer.json()


def client(sb: SandboxProcess, token: str, count: int) -> None:
    with flattr_core.api.get(token, api_url=sb.api_url) as api:
        for n in range(count):
            form = fields(n)
            api.things.create(
                form["url"],
                title=form["title"],
                description=form["description"],
                category="text",
                language="en_GB",
                tags=form["tags"].split(","),
                hidden=False,
            )


def sync_items(sb: SandboxProcess, token: str, count: int) -> None:
    items = [
        Item(
            url=form["url"],
            owner=USER,
            title=form["title"],
            description=form["description"],
            category="text",
            language="en_GB",
            tags=tuple(form["tags"].split(",")),
            hidden=False,
        )
        for form in map(fields, range(count))
    ]
    with (
        tempfile.TemporaryDirectory() as tmp,
        flattr_core.api.get(token, api_url=sb.api_url) as api,
    ):
        report = sync(items, api, Path(tmp) / "state.json", concurrency=4)
    if len(report.created) != count:
        raise SystemExit(f"sync did not create every item: {report.summary()}")


def measure(action: Callable[[], None]) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds) taken by ``action``."""
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    logging.getLogger("flattr_core").setLevel(logging.ERROR)
    n = args.items
    print(f"python {sys.version.split()[0]}; load average {load_average()}")
    runs: dict[str, list[tuple[float, float]]] = {"floor": [], "client": [], "sync": []}
    ratios: list[float] = []
    with SandboxProcess() as sb:
        for _ in range(args.pairs):
            for name, action in (("floor", floor), ("client", client), ("sync", sync_items)):
                sb.reset()
                token = sb.mint_token(USER)
                runs[name].append(measure(lambda: action(sb, token, n)))  # noqa: B023
            ratios.append(runs["client"][-1][0] / runs["floor"][-1][0])
        for name, figures in runs.items():
            cpu = statistics.median(c for c, _ in figures) / n * 1e6
            wall = statistics.median(w for _, w in figures)
            print(
                f"  {name:<6} CPU {cpu:7.0f} us/create   wall {wall:6.2f} s for {n}   "
                f"runs (CPU s): {', '.join(f'{c:.2f}' for c, _ in figures)}"
            )
        print(f"  client / floor CPU (median of pairs): {statistics.median(ratios):.2f}x")
        if args.profile:
            sb.reset()
            token = sb.mint_token(USER)
            profiler = cProfile.Profile()
            profiler.runcall(client, sb, token, n)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    print(f"load average at the end: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
