"""Capacity of the sandbox on one core: ``GET /rest/v2/things/{id}`` and a create, keep-alive.

The sandbox (``flattr_sandbox.run``, as ``flattr sandbox`` serves) and the baseline, a minimal
Flask app (``minimal_app.py``: one GET answering the sandbox's own thing body, one POST that
decodes JSON and answers 201), each run in their own process on the same server stack (werkzeug's
threaded server with the sandbox's keep-alive handler), both pinned to one CPU; the load
generator (``http_load.py``: a few keep-alive sockets, precomputed requests, one select loop)
runs in this process, pinned to another CPU, so "one core" is literal and the client costs
little. Baseline and sandbox alternate (A B A B ...) for each kind of request, because this
machine is shared and absolute figures drift; the script prints each round, the medians of
req/s and of server CPU per request (from ``/proc``: on a loaded machine CPU per request moves
far less than req/s, and ``1e6 / CPU per request`` is what a whole idle core would serve), and
the median of the per-pair ratios. The creates are ``POST /rest/v2/things`` with a JSON body and a
bearer token, each with a new URL. Request counts are checked against the sandbox's admin
counters; the load average is printed (the machine is shared: read figures next to it).

A secondary line times the project's own client on the sandbox (``flattr_core.api``,
``api.things.get`` over one keep-alive session, parsing into a Thing), unpinned, so the
client's share of a real caller's time shows.

With ``--before DIR`` a third server joins each round: the sandbox imported from ``DIR`` (e.g.
``git archive OLD_COMMIT flattr_sandbox | tar -x -C DIR``), so a change is measured against the
code it replaces in the same run.

    .venv/bin/python bench/sandbox_throughput.py [--requests 3000] [--pairs 3] [--connections 4]
        [--before DIR]

Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import http_load
import requests
from sandbox_process import SandboxProcess, load_average, process_cpu_seconds

THING_ID = 268185
GET_PATH = f"/rest/v2/things/{THING_ID}"
CREATE_PATH = "/rest/v2/things"
HERE = Path(__file__).resolve().parent


class MinimalApp:
    """``minimal_app.py`` in a child process, answering ``body`` to the GET."""

    def __init__(self, body: bytes, cpu: int | None) -> None:
        self._file = tempfile.NamedTemporaryFile(suffix=".json")  # noqa: SIM115 - closed in close()
        self._file.write(body)
        self._file.flush()
        command = [sys.executable, "-u", str(HERE / "minimal_app.py"), self._file.name]
        if cpu is not None:
            command += ["--cpu", str(cpu)]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        match = re.search(r"listening on (\S+)", self._process.stdout.readline())
        if match is None:
            self.close()
            raise SystemExit("the minimal app did not start")
        self.url = match.group(1)

    @property
    def pid(self) -> int:
        return self._process.pid

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._file.close()


class Series:
    """Rates and server CPU per request of one server for one kind of request."""

    def __init__(self) -> None:
        self.rates: list[float] = []
        self.cpu: list[float] = []

    def add(self, rate: float, cpu_us: float) -> None:
        self.rates.append(rate)
        self.cpu.append(cpu_us)

    def text(self) -> str:
        cpu = statistics.median(self.cpu)
        return (
            f"{statistics.median(self.rates):6.0f} req/s {cpu:5.0f} us CPU/request "
            f"(one whole core: {1e6 / cpu if cpu else 0:5.0f} req/s)"
        )


def measure(
    url: str, pid: int, make: http_load.RequestMaker, count: int, connections: int, first: int
) -> tuple[float, float]:
    """``count`` requests against the server at ``url``: (req/s, server CPU us per request)."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    before = process_cpu_seconds(pid)
    result = http_load.run((parts.hostname, parts.port), make, count, connections, first)
    after = process_cpu_seconds(pid)
    expected = 201 if make(0).startswith(b"POST") else 200
    if set(result.statuses) != {expected}:
        raise SystemExit(f"unexpected answers from {url}: {dict(result.statuses)}")
    cpu_us = (after - before) / count * 1e6 if before is not None and after is not None else 0.0
    return result.rate, cpu_us


def flattr_client_rate(api_url: str, count: int) -> float:
    import flattr_core.api

    with flattr_core.api.get(api_url=api_url) as api:
        api.things.get(THING_ID)  # warm-up: the connection
        started = time.perf_counter()
        for _ in range(count):
            api.things.get(THING_ID)
        return count / (time.perf_counter() - started)


def pin(cpus: set[int]) -> tuple[int | None, int | None]:
    """(server CPU, load generator CPU): two different ones when this machine has them."""
    if len(cpus) < 2:
        return None, None
    server, load = sorted(cpus)[:2]
    os.sched_setaffinity(0, {load})
    return server, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per round")
    parser.add_argument("--pairs", type=int, default=3, help="A/B pairs (at least 3)")
    parser.add_argument("--connections", type=int, default=4, help="keep-alive connections")
    parser.add_argument(
        "--client-requests",
        type=int,
        default=500,
        help="requests through the flattr_core client (0: skip that line)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="also measure the flattr_sandbox package found in DIR (an older version)",
    )
    options = parser.parse_args()
    pairs, count = max(3, options.pairs), options.requests
    all_cpus = os.sched_getaffinity(0)
    server_cpu, load_cpu = pin(all_cpus)
    sandbox = SandboxProcess(cpu=server_cpu)
    minimal: MinimalApp | None = None
    before: SandboxProcess | None = None
    try:
        token = sandbox.mint_token("alice")
        thing_body = requests.get(sandbox.api_url + f"/things/{THING_ID}", timeout=10).content
        minimal = MinimalApp(thing_body, server_cpu)
        # name -> (base URL, pid, bearer token for the creates)
        servers = {"minimal": (minimal.url, minimal.pid, token)}
        servers["sandbox"] = (sandbox.url, sandbox.pid, token)
        if options.before is not None:
            before = SandboxProcess(cpu=server_cpu, source=options.before.resolve())
            servers["before"] = (before.url, before.pid, before.mint_token("alice"))
        run_id = uuid.uuid4().hex[:8]

        def new_thing(n: int) -> bytes:
            url = f"https://example.org/bench/{run_id}/{n}"
            return json.dumps({"url": url, "title": f"Bench article {n}"}).encode()

        def request_maker(kind: str, url: str, token: str) -> http_load.RequestMaker:
            host = urlsplit(url).netloc
            if kind == "GET":
                return http_load.get_request(host, GET_PATH)
            headers = {"Authorization": f"Bearer {token}"}
            return http_load.json_post_request(host, CREATE_PATH, new_thing, headers)

        kinds = {"GET": f"GET {GET_PATH}", "POST": f"POST {CREATE_PATH}"}
        makers = {
            (kind, name): request_maker(kind, url, bearer)
            for kind in kinds
            for name, (url, _, bearer) in servers.items()
        }
        numbers = iter(range(0, 10**9, count))
        for (_, name), make in makers.items():  # warm-up: imports, caches, first connections
            url, pid, _ = servers[name]
            measure(url, pid, make, 300, options.connections, next(numbers))
        sandbox.reset_counts()
        print(f"load average before: {load_average()}")
        pinned = (
            f"servers pinned to CPU {server_cpu}, load generator to CPU {load_cpu}"
            if server_cpu is not None
            else "one CPU only: nothing pinned"
        )
        print(f"{pinned}; {options.connections} keep-alive connections, {count} requests a round")
        results = {key: Series() for key in makers}
        for pair in range(1, pairs + 1):
            for kind, title in kinds.items():
                line = []
                for name, (url, pid, _) in servers.items():
                    first = next(numbers)
                    make = makers[kind, name]
                    rate, cpu_us = measure(url, pid, make, count, options.connections, first)
                    results[kind, name].add(rate, cpu_us)
                    line.append(f"{name} {rate:6.0f} req/s {cpu_us:5.0f} us")
                print(f"pair {pair}  {title:28s} " + "   ".join(line))
        client: list[float] = []
        if options.client_requests > 0:
            os.sched_setaffinity(0, all_cpus)
            client = [flattr_client_rate(sandbox.api_url, options.client_requests)]
        counted = sandbox.request_counts()
    finally:
        for server in (minimal, before, sandbox):
            if server is not None:
                server.close()
    print(f"\nmedians of {pairs} pairs, {count} requests a round:")
    for kind, title in kinds.items():
        base = results[kind, "minimal"]
        print(f"  {title}")
        print(f"    minimal Flask app: {base.text()}")
        for name in servers:
            if name == "minimal":
                continue
            ours = results[kind, name]
            rates = zip(ours.rates, base.rates, strict=True)
            cpus = zip(ours.cpu, base.cpu, strict=True)
            rate_ratio = statistics.median(o / b for o, b in rates)
            cpu_ratio = statistics.median(o / b for o, b in cpus)
            label = "sandbox" if name == "sandbox" else f"sandbox from {options.before}"
            print(f"    {label}: {ours.text()}")
            print(f"      / minimal: {rate_ratio:.2f}x req/s, {cpu_ratio:.2f}x CPU per request")
        if "before" in servers:
            ours, old = results[kind, "sandbox"], results[kind, "before"]
            rates = zip(ours.rates, old.rates, strict=True)
            cpus = zip(ours.cpu, old.cpu, strict=True)
            rate_ratio = statistics.median(o / b for o, b in rates)
            cpu_ratio = statistics.median(o / b for o, b in cpus)
            print(
                f"    sandbox / before: {rate_ratio:.2f}x req/s, {cpu_ratio:.2f}x CPU per request"
            )
    if client:
        print(
            f"  flattr_core client (api.things.get, one keep-alive session, unpinned): "
            f"{client[0]:6.0f} req/s"
        )
    expected = {
        "GET /rest/v2/things/<ids>": pairs * count + (options.client_requests + 1 if client else 0),
        f"POST {CREATE_PATH}": pairs * count,
    }
    print(f"  requests counted by the sandbox: {counted} (expected {expected})")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
