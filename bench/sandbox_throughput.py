"""Throughput of the sandbox on ``GET /rest/v2/things/{id}``: keep-alive vs fresh connections.

The sandbox runs in its own process (as ``flattr sandbox`` would) unless ``--in-process``;
this script is the client. Per bench conventions (benchmarks.md) the baseline (a fresh TCP
connection per request) and the candidate (one keep-alive ``requests.Session``) run
alternately, A B A B ..., and the script prints each round, the medians and the median of the
per-pair ratios. Each round also times the project's own client (``flattr_core.api``,
``api.things.get``: keep-alive plus parsing into a Thing), so the client's share shows. The
request count is checked against the sandbox's admin counters; the load average is printed
(the machine is shared: read figures next to it).

    .venv/bin/python bench/sandbox_throughput.py [--requests 1000] [--pairs 5] [--in-process]

Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import requests

THING = "/things/268185"
THING_ID = 268185


def load_average() -> str:
    try:
        with open("/proc/loadavg") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())


def start_subprocess() -> tuple[str, str, Callable[[], None]]:
    code = ("from flattr_core.sandbox import run; "
            "run(port=0, rate_limit=10**9)")
    process = subprocess.Popen([sys.executable, "-u", "-c", code], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    api_url = web_url = ""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not api_url:
        line = process.stdout.readline()
        if not line:
            break
        if match := re.search(r"API base:\s+(\S+)", line):
            api_url = match.group(1)
        if match := re.search(r"web base:\s+(\S+)", line):
            web_url = match.group(1)
    if not api_url:
        process.kill()
        raise SystemExit("the sandbox did not start")

    def stop() -> None:
        process.terminate()
        process.wait(timeout=10)

    return api_url, web_url, stop


def start_in_process() -> tuple[str, str, Callable[[], None]]:
    from flattr_core.sandbox import SandboxServer

    server = SandboxServer(rate_limit=10**9).start()
    return server.api_url, server.url, server.stop


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
    parser.add_argument("--in-process", action="store_true",
                        help="run the server in this process (shares the GIL with the client)")
    options = parser.parse_args()
    pairs = max(3, options.pairs)
    api_url, web_url, stop = start_in_process() if options.in_process else start_subprocess()
    url = api_url + THING
    try:
        keep_alive(url, 50)  # warm-up: imports, first connections
        requests.delete(web_url + "/_sandbox/requests", timeout=10)
        print(f"load average before: {load_average()}")
        baseline, candidate, client = [], [], []
        for round_number in range(1, pairs + 1):
            baseline.append(fresh_connections(url, options.requests))
            candidate.append(keep_alive(url, options.requests))
            client.append(flattr_client(api_url, options.requests))
            print(f"pair {round_number}: fresh {baseline[-1]:8.0f} req/s   "
                  f"keep-alive {candidate[-1]:8.0f} req/s   "
                  f"ratio {candidate[-1] / baseline[-1]:.2f}x   "
                  f"flattr_core client {client[-1]:8.0f} req/s")
        counted = requests.get(web_url + "/_sandbox/requests", timeout=10).json()["total"]
    finally:
        stop()
    ratios = [c / b for b, c in zip(baseline, candidate, strict=True)]
    print(f"\nGET /rest/v2{THING}, {options.requests} requests per round, {pairs} pairs "
          f"({'in-process' if options.in_process else 'server in its own process'})")
    print(f"  fresh connection (baseline): median {statistics.median(baseline):8.0f} req/s")
    print(f"  keep-alive session:          median {statistics.median(candidate):8.0f} req/s")
    print(f"  keep-alive / fresh:          median ratio {statistics.median(ratios):.2f}x")
    print(f"  flattr_core client (api.things.get, keep-alive): median "
          f"{statistics.median(client):8.0f} req/s")
    print(f"  requests counted by the sandbox: {counted} "
          f"(expected {3 * pairs * options.requests})")
    print(f"  load average after: {load_average()}")


if __name__ == "__main__":
    main()
