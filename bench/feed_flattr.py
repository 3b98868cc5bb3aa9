"""Flattring a feed: requests, ledger writes and time for N new episodes, and for a second run.

    .venv/bin/python bench/feed_flattr.py [--episodes 200] [--pairs 3] [--latency 0]

A sandbox runs in its own process (``bench/sandbox_process.py``), driven through its admin
endpoints; bob flattrs a podcast of N episodes owned by alice. Runs alternate (A B A B ...), each
on freshly reset sandbox data:

* A, the baseline: ``api.flattr_url(link)`` for each episode's payment link, nothing recorded
  (the least any client must send);
* B, ``flattr_entries`` with a fresh flattred-episodes file: the same requests plus one atomic,
  fsynced write of the file per answer; then B again on the same file (the second run).

Request counts come from the sandbox's own counters; figures are medians and the median of the
per-pair ratios B/A. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

from sandbox_process import SandboxProcess, load_average

import flattr_core.api
from flattr_core.autosubmit import AutoSubmit
from flattr_core.feeds import FeedEntry, Ledger, flattr_entries, read_feed


def podcast(count: int, web: str) -> bytes:
    items = []
    for n in range(count, 0, -1):
        link = AutoSubmit("alice", f"https://pod.example.org/ep/{n}", f"Episode {n}").to_url(web)
        items.append(
            f"<item><title>Episode {n}</title><guid>urn:bench:{n}</guid>"
            f'<atom:link rel="payment" href={quoteattr(link)} type="text/html"/></item>'
        )
    return (
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Bench</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def baseline(api: flattr_core.api.FlattrApi, entries: list[FeedEntry]) -> None:
    for entry in entries:
        assert entry.payment_url is not None
        api.flattr_url(entry.payment_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--latency", type=int, default=0, help="ms per request (50: remote API)")
    args = parser.parse_args()
    runs: dict[str, list[float]] = {"A": [], "B": [], "B again": []}
    requests: dict[str, int] = {}
    writes = 0
    with SandboxProcess(latency_ms=args.latency) as sandbox, tempfile.TemporaryDirectory() as tmp:
        entries = read_feed(podcast(args.episodes, sandbox.url)).entries
        for pair in range(args.pairs):
            for name in ("A", "B"):
                sandbox.reset()
                token = sandbox.mint_token("bob")
                ledger_path = Path(tmp) / f"ledger-{pair}.json"
                with flattr_core.api.get(token, api_url=sandbox.api_url) as api:
                    sandbox.reset_counts()
                    started = time.perf_counter()
                    if name == "A":
                        baseline(api, entries)
                    else:
                        ledger = Ledger(ledger_path)
                        report = flattr_entries(api, entries, ledger)
                        assert report.ok and report.requests == args.episodes
                        writes = ledger.writes
                    runs[name].append(time.perf_counter() - started)
                    requests[name] = sandbox.request_count()
                    if name == "B":
                        sandbox.reset_counts()
                        started = time.perf_counter()
                        again = flattr_entries(api, entries, Ledger(ledger_path))
                        runs["B again"].append(time.perf_counter() - started)
                        requests["B again"] = sandbox.request_count()
                        assert again.requests == 0
    ratios = [b / a for a, b in zip(runs["A"], runs["B"], strict=True)]
    n = args.episodes
    print(f"{n} new episodes, sandbox in its own process, latency {args.latency} ms per request")
    print(
        f"  A  flattr_url per link, no ledger:  {statistics.median(runs['A']):6.2f} s  "
        f"{requests['A']} requests"
    )
    print(
        f"  B  flattr_entries + ledger:         {statistics.median(runs['B']):6.2f} s  "
        f"{requests['B']} requests, {writes} ledger writes  "
        f"(B/A median of {args.pairs} pairs: {statistics.median(ratios):.2f}x)"
    )
    print(
        f"  second run of B, same ledger:       {statistics.median(runs['B again']):6.2f} s  "
        f"{requests['B again']} requests"
    )
    print(f"  load average: {load_average()}")


if __name__ == "__main__":
    main()
