"""Sync figures against a sandbox in its own process: cold, warm, state deleted; latency.

    .venv/bin/python bench/sync_bench.py [--items 1000] [--pairs 3] [--latency-items 200]

The sandbox runs in a separate process (``flattr_sandbox.run``, as ``flattr sandbox``
would), so server and client do not share one GIL: the figures are a client talking to a
server. It is driven through its admin endpoints (``/_sandbox/reset``, ``/_sandbox/tokens``,
``/_sandbox/requests``).

Cold: ``sync`` of N new items, next to a baseline measured in the same run that creates the same
things the way python-flattr did: one ``requests.post`` per article, no session (a fresh
connection each), form data. Runs alternate baseline / sync (A B A B ...), each on freshly reset
sandbox data; figures are medians and the median of per-pair ratios. Request counts come from
the sandbox's own counters. Then the same N again with nothing changed, and again with the state
file deleted. Then the cold comparison once more with 50 ms of latency per request (fewer items,
since the baseline then takes N x 50 ms).

Prints figures next to a baseline measured in the same run; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import logging
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
from flattr_core.publish.report import SyncReport
from flattr_core.publish.syncing import sync

USER = "alice"


def make_items(count: int) -> list[Item]:
    return [
        Item(
            url=f"https://bench.example/posts/{n}.html",
            owner=USER,
            title=f"Benchmark article number {n}",
            description=f"A short summary of benchmark article {n}, as a blog would have it.",
            category="text",
            language="en_GB",
            tags=("bench", f"tag{n % 10}"),
            hidden=False,
        )
        for n in range(count)
    ]


def baseline(sb: SandboxProcess, token: str, items: list[Item]) -> None:
    """python-flattr's way: Thing(...).commit() per article, i.e. one form POST, new connection."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    for item in items:
        form = {
            "url": item.url,
            "title": item.title,
            "description": item.description,
            "category": item.category,
            "language": item.language or "",
            "tags": ",".join(item.tags),
            "hidden": "1" if item.hidden else "0",
        }
        answer = requests.post(f"{sb.api_url}/things", data=form, headers=headers, timeout=30)
        answer.raise_for_status()


def candidate(
    sb: SandboxProcess, token: str, items: list[Item], state: Path, concurrency: int
) -> SyncReport:
    with flattr_core.api.get(token, api_url=sb.api_url) as api:
        report = sync(items, api, state, concurrency=concurrency)
    if len(report.created) != len(items) or not report.ok:
        raise SystemExit(f"sync did not create every item: {report.summary()}")
    return report


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


class Costs:
    """Wall time and CPU time (this client process, the sandbox process) of several runs."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.client: list[float] = []
        self.server: list[float] = []

    def run(self, sb: SandboxProcess, action: Callable[[], object]) -> float:
        server_before, client_before = sb.cpu_seconds(), time.process_time()
        seconds = timed(action)
        self.client.append(time.process_time() - client_before)
        server_after = sb.cpu_seconds()
        if server_before is not None and server_after is not None:
            self.server.append(server_after - server_before)
        self.wall.append(seconds)
        return seconds

    def cpu_text(self) -> str:
        text = f"CPU client {statistics.median(self.client):5.2f} s"
        if self.server:
            text += f", server {statistics.median(self.server):5.2f} s"
        return text


def compare(
    sb: SandboxProcess,
    items: list[Item],
    pairs: int,
    concurrencies: list[int],
    workdir: Path,
    label: str,
) -> None:
    """Alternate baseline and sync on fresh data; print medians, ratios and request counts."""
    base_costs = Costs()
    base_requests: list[int] = []
    sync_costs: dict[int, Costs] = {c: Costs() for c in concurrencies}
    sync_requests: dict[int, list[int]] = {c: [] for c in concurrencies}
    ratios: dict[int, list[float]] = {c: [] for c in concurrencies}
    for pair in range(pairs):
        sb.reset()
        token = sb.mint_token(USER)
        base = base_costs.run(sb, lambda: baseline(sb, token, items))  # noqa: B023 (called at once)
        base_requests.append(sb.request_count())
        for concurrency in concurrencies:
            sb.reset()
            token = sb.mint_token(USER)
            state = workdir / f"{label}-{pair}-{concurrency}.json"
            seconds = sync_costs[concurrency].run(
                sb,
                lambda: candidate(sb, token, items, state, concurrency),  # noqa: B023
            )
            sync_requests[concurrency].append(sb.request_count())
            ratios[concurrency].append(base / seconds)
    n = len(items)
    print(f"\n== cold: {n} items, {label} ({pairs} pairs, alternating, medians) ==")
    print(
        f"  baseline (python-flattr style)  {statistics.median(base_costs.wall):7.2f} s  "
        f"{statistics.median(base_requests):6.0f} requests   "
        f"runs: {', '.join(f'{t:.2f}' for t in base_costs.wall)}   {base_costs.cpu_text()}"
    )
    for concurrency in concurrencies:
        costs = sync_costs[concurrency]
        wall = statistics.median(costs.wall)
        print(
            f"  sync, concurrency={concurrency:<2}           {wall:7.2f} s  "
            f"{statistics.median(sync_requests[concurrency]):6.0f} requests   "
            f"runs: {', '.join(f'{t:.2f}' for t in costs.wall)}   "
            f"ratio (median of pairs) {statistics.median(ratios[concurrency]):.2f}x   "
            f"{costs.cpu_text()}"
        )
    print(
        f"  requests = {n} creates + "
        f"{statistics.median(sync_requests[concurrencies[0]]) - n:.0f} "
        "(the user's things, which also name the user)"
    )


def warm_figures(sb: SandboxProcess, items: list[Item], workdir: Path, runs: int) -> None:
    """Nothing changed, and state file deleted: ``runs`` runs of each, medians."""
    sb.reset()
    token = sb.mint_token(USER)
    state = workdir / "warm.json"
    warm, lost = Costs(), Costs()
    warm_requests: list[int] = []
    lost_requests: list[dict[str, int]] = []
    report: list[SyncReport] = []
    with flattr_core.api.get(token, api_url=sb.api_url) as api:
        sync(items, api, state)
        size = state.stat().st_size
        for _ in range(runs):
            sb.reset_counts()
            warm.run(sb, lambda: sync(items, api, state))
            warm_requests.append(sb.request_count())
            state.unlink()
            sb.reset_counts()
            lost.run(sb, lambda: report.append(sync(items, api, state)))
            lost_requests.append(sb.request_counts())
    n = len(items)

    def runs_text(costs: Costs) -> str:
        return ", ".join(f"{t * 1000:.0f}" for t in costs.wall)

    print(f"\n== the same {n} items again ({runs} runs each, medians) ==")
    print(
        f"  nothing changed:      {statistics.median(warm_requests):4.0f} requests  "
        f"{statistics.median(warm.wall) * 1000:7.1f} ms   runs (ms): {runs_text(warm)}"
    )
    lost_totals = [sum(counts.values()) for counts in lost_requests]
    print(
        f"  state file deleted:   {statistics.median(lost_totals):4.0f}"
        f" requests  {statistics.median(lost.wall) * 1000:7.1f} ms   runs (ms): "
        f"{runs_text(lost)}   {lost.cpu_text()}   {lost_requests[-1]}"
    )
    print(f"                        -> {report[-1].summary()}")
    print(f"  state file size: {size / 1024:.1f} KiB for {n} things ({size / n:.0f} bytes a thing)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--latency-items", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 8])
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    logging.getLogger("flattr_core").setLevel(logging.ERROR)

    print(
        f"python {sys.version.split()[0]}; sandbox in its own process (threaded werkzeug + "
        f"SQLite in memory); rate limit off; default sync concurrency is 4; "
        f"load average {load_average()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        items = make_items(args.items)
        with SandboxProcess() as sb:
            compare(sb, items, args.pairs, args.concurrency, workdir, "no added latency")
            warm_figures(sb, items, workdir, args.pairs)
        few = make_items(args.latency_items)
        with SandboxProcess(latency_ms=args.latency_ms) as sb:
            compare(
                sb,
                few,
                args.pairs,
                args.concurrency,
                workdir,
                f"{args.latency_ms} ms latency per request (fewer items: the baseline "
                f"alone takes {args.latency_items} x {args.latency_ms} ms)",
            )
    print(f"\nload average at the end: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
