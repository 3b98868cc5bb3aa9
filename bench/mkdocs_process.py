"""What the MkDocs plugin costs a user: whole ``mkdocs build`` processes, with and without it.

``bench/mkdocs_build.py`` times builds inside one warm interpreter, which hides what a user
pays on every run: starting Python, importing the plugin and the engine, loading templates.
This script runs ``mkdocs build -q`` from the venv as a fresh process each time, for each of:

* A: without the plugin (``plugins: [search]``), the baseline;
* B: with ``flattr: {user: alice}`` (buttons, head links; no sync);
* C: with ``sync: true`` against a sandbox in its own process, after one untimed build that
  created the things, so every timed build is a warm sync that changed nothing.

A, B and C alternate (A B C A B C ...; at least 3 rounds) so a busy moment of this shared
machine hits all of them alike. Each process's CPU time (user + system, from ``wait4``) and
wall time are recorded; the figures are medians, and the ratios are medians of the per-round
ratios to A. Target: <= 1.05x, CPU and wall. It prints; it asserts nothing::

    .venv/bin/python bench/mkdocs_process.py [--pages 100 1000] [--themes mkdocs material]
        [--rounds 3] [--no-sync]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The same generated pages as the in-process bench (the script's folder is on sys.path).
from mkdocs_build import make_project
from sandbox_process import SandboxProcess, load_average

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
LABELS = {"A": "A without the plugin", "B": "B with the plugin", "C": "C + warm sync"}


def run_build(config: Path, site: Path, env: dict[str, str]) -> tuple[float, float]:
    """One fresh ``mkdocs build -q`` process: (wall seconds, CPU seconds of that process)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 or errors.strip():
        # -q shows only warnings and errors: a bench build must have none, or it measures a
        # different build than a user's.
        raise SystemExit(f"{config.name} failed or warned:\n{errors.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(pages: int, theme: str, rounds: int, sandbox: SandboxProcess | None) -> None:
    variants = ("A", "B") if sandbox is None else ("A", "B", "C")
    with tempfile.TemporaryDirectory(prefix="flattr-mkdocs-process-") as tmp:
        root = Path(tmp)
        configs = make_project(root, pages - 1, theme)  # make_project adds index.md
        # As installed packages are: with bytecode (a shell with PYTHONDONTWRITEBYTECODE set
        # would make every run compile the suite's modules, a cost no user pays).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["NO_MKDOCS_2_WARNING"] = "true"  # Material's banner on stderr, in every variant
        if sandbox is not None:
            sandbox.reset()
            env["FLATTR_API_URL"] = sandbox.api_url
            env["FLATTR_ACCESS_TOKEN"] = sandbox.mint_token("alice")
            run_build(configs["C"], root / "site-C", env)  # cold: creates every thing
            sandbox.reset_counts()
        for name in variants:  # untimed: warms the page cache for every variant alike
            run_build(configs[name], root / f"site-{name}", env)
        wall: dict[str, list[float]] = {name: [] for name in variants}
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(rounds):
            for name in variants:
                elapsed, used = run_build(configs[name], root / f"site-{name}", env)
                wall[name].append(elapsed)
                cpu[name].append(used)
        requests = sandbox.request_count() if sandbox is not None else None

    print(f"{pages} pages, theme {theme}, {rounds} rounds (load {load_average()}), medians:")
    print(f"  {'':22} {'wall':>8} {'ratio':>6}   {'CPU':>8} {'ratio':>6}")
    for name in variants:
        wall_ratio = statistics.median(b / a for a, b in zip(wall["A"], wall[name], strict=True))
        cpu_ratio = statistics.median(b / a for a, b in zip(cpu["A"], cpu[name], strict=True))
        print(
            f"  {LABELS[name]:22} {statistics.median(wall[name]):7.2f}s {wall_ratio:5.2f}x"
            f"   {statistics.median(cpu[name]):7.2f}s {cpu_ratio:5.2f}x"
        )
    if requests is not None:
        print(f"  requests in {rounds} warm syncs: {requests}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--themes", nargs="+", default=["mkdocs", "material"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-sync", action="store_true", help="skip C (no sandbox)")
    args = parser.parse_args()
    sandbox = None if args.no_sync else SandboxProcess()
    try:
        for theme in args.themes:
            for pages in args.pages:
                measure(pages, theme, max(args.rounds, 3), sandbox)
    finally:
        if sandbox is not None:
            sandbox.close()
    print("target: <= 1.05x CPU and wall; 0 requests")


if __name__ == "__main__":
    main()
