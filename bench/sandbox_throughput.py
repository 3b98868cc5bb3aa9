"""Throughput of the sandbox on ``GET /rest/v2/things/{id}``: keep-alive vs fresh connections.

The sandbox runs in its own process (as ``flattr sandbox`` would) unless ``--in-process``;
this script is the client. Per bench conventions (benchmarks.md) the baseline (a fresh TCP
connection per request) and the candidate (one keep-alive ``requests.Session``) run
alternately, A B A B ..., and the script prints each round, the medians and the median of the
per-pair ratios, and CPU time per request of the client (this process) and of the server process
(from ``/proc``; on a loaded machine these move far less than wall-clock rates). Each round
also times the project's own client (``flattr_core.api``,
``api.things.get``: keep-alive plus parsing into a Thing), so the client's share shows. The
request count is checked against the sandbox's admin counters; the load average is printed
(the machine is shared: read figures next to it).

    .venv/bin/python bench/sandbox_throughput.py [--requests 1000] [--pairs 5] [--in-process]

Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import requests
from sandbox_process import SandboxProcess, load_average

THING = "/things/268185"
THING_ID = 268185


Started = tuple[str, str, dict[str, str], Callable[[], None], Callable[[], float | None]]


def start_subprocess() -> Started:
    server = SandboxProcess()
    return server.api_url, server.url, server.admin_headers, server.close, server.cpu_seconds


def start_in_process() -> Started:
    from flattr_sandbox import SandboxServer

    server = SandboxServer(rate_limit=10**9).start()
    return server.api_url, server.url, server.admin_headers, server.stop, lambda: None


class Variant:
    """One way of sending the requests, with its rates and CPU costs per round."""

    def __init__(self, name: str, run: Callable[[int], float]) -> None:
        self.name, self.run = name, run
        self.rates: list[float] = []
        self.client_cpu: list[float] = []
        self.server_cpu: list[float] = []

    def round(self, count: int, server_cpu: Callable[[], float | None]) -> float:
        client_before, server_before = time.process_time(), server_cpu()
        self.rates.append(self.run(count))
        self.client_cpu.append((time.process_time() - client_before) / count * 1e6)
        server_after = server_cpu()
        if server_before is not None and server_after is not None:
            self.server_cpu.append((server_after - server_before) / count * 1e6)
        return self.rates[-1]

    def cpu_text(self) -> str:
        text = f"client CPU {statistics.median(self.client_cpu):5.0f} us/request"
        if self.server_cpu:
            text += f", server CPU {statistics.median(self.server_cpu):5.0f} us/request"
        return text


def fresh_connections(url: str, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        answer = requests.get(url, timeout=10)
        answer.raise_for_status()
    return count / (time.perf_counter() - started)


def keep_alive(url: str, count: int) -> float:
    with requests.Session() as session:
        started = time.perf_counter()
        for _ in range(count):
            answer = session.get(url, timeout=10)
            answer.raise_for_status()
        return count / (time.perf_counter() - started)


def flattr_client(api_url: str, count: int) -> float:
    import flattr_core.api

    with flattr_core.api.get(api_url=api_url) as api:
        started = time.perf_counter()
        for _ in range(count):
            api.things.get(THING_ID)
        return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per round")
    parser.add_argument("--pairs", type=int, default=5, help="A/B pairs (at least 3)")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run the server in this process (shares the GIL with the client)",
    )
    options = parser.parse_args()
    pairs = max(3, options.pairs)
    api_url, web_url, admin, stop, server_cpu = (
        start_in_process() if options.in_process else start_subprocess()
    )
    url = api_url + THING
    fresh = Variant("fresh connection (baseline)", lambda n: fresh_connections(url, n))
    kept = Variant("keep-alive session", lambda n: keep_alive(url, n))
    client = Variant("flattr_core client", lambda n: flattr_client(api_url, n))
    try:
        keep_alive(url, 50)  # warm-up: imports, first connections
        requests.delete(web_url + "/_sandbox/requests", headers=admin, timeout=10)
        print(f"load average before: {load_average()}")
        for round_number in range(1, pairs + 1):
            base = fresh.round(options.requests, server_cpu)
            candidate = kept.round(options.requests, server_cpu)
            ours = client.round(options.requests, server_cpu)
            print(
                f"pair {round_number}: fresh {base:8.0f} req/s   "
                f"keep-alive {candidate:8.0f} req/s   ratio {candidate / base:.2f}x   "
                f"flattr_core client {ours:8.0f} req/s"
            )
        counts = requests.get(web_url + "/_sandbox/requests", headers=admin, timeout=10)
        counted = counts.json()["total"]
    finally:
        stop()
    ratios = [c / b for b, c in zip(fresh.rates, kept.rates, strict=True)]
    print(
        f"\nGET /rest/v2{THING}, {options.requests} requests per round, {pairs} pairs "
        f"({'in-process' if options.in_process else 'server in its own process'})"
    )
    for variant in (fresh, kept):
        print(
            f"  {variant.name + ':':29s}median {statistics.median(variant.rates):8.0f} req/s   "
            f"{variant.cpu_text()}"
        )
    print(f"  keep-alive / fresh:          median ratio {statistics.median(ratios):.2f}x")
    print(
        f"  flattr_core client (api.things.get, keep-alive): median "
        f"{statistics.median(client.rates):8.0f} req/s   {client.cpu_text()}"
    )
    print(f"  requests counted by the sandbox: {counted} (expected {3 * pairs * options.requests})")
    print(f"  load average after: {load_average()}")


if __name__ == "__main__":
    main()
