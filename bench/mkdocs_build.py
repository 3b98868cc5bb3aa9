"""How much the MkDocs plugin costs a build.

Generates a project of N pages (default 500) and builds it in-process with the real mkdocs:

* A: without the plugin (``plugins: [search]``), the baseline;
* B: with ``flattr: {user: alice}`` (buttons, head links; no sync);
* C: with ``sync: true`` against an in-process sandbox, after one untimed build that created
  the things, so every timed build is a warm sync that should make 0 requests.

The three builds alternate run after run (so a slow moment of a shared machine hits all of
them alike), and the figures are medians. Nothing is asserted about time: it prints.

    .venv/bin/python bench/mkdocs_build.py [--pages 500] [--runs 5] [--theme mkdocs|material]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

WORDS = [
    "flattr",
    "support",
    "micro",
    "donation",
    "page",
    "reader",
    "author",
    "site",
    "build",
    "theme",
    "plugin",
    "button",
    "link",
    "payment",
    "thing",
    "owner",
    "category",
    "language",
    "tag",
    "sync",
    "state",
    "sandbox",
    "request",
    "token",
    "content",
    "Grüße",
    "Köln",
    "café",
    "naïve",
    "日本語",
]


def page_text(i: int) -> str:
    words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(60)]
    para = " ".join(words).capitalize() + "."
    tags = sorted({WORDS[i % len(WORDS)], WORDS[(i * 3) % len(WORDS)]})
    return (
        f"---\ntags: [{', '.join(tags)}]\n---\n"
        f"# Page {i}: {WORDS[i % len(WORDS)]} and {WORDS[(i + 5) % len(WORDS)]}\n\n"
        f"{para}\n\n## Details\n\n- one {WORDS[i % 9]}\n- two\n- three\n\n"
        f"```python\nprint({i})\n```\n\n{para}\n"
    )


def make_project(root: Path, pages: int, theme: str) -> dict[str, Path]:
    docs = root / "docs"
    for i in range(pages):
        path = docs / f"section-{i // 50:02d}" / f"page-{i:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(i), encoding="utf-8")
    home = "# Welcome to the bench\n\nThe generated benchmark site.\n"
    (docs / "index.md").write_text(home, encoding="utf-8")
    variants = {
        "A": ["search"],
        "B": ["search", {"flattr": {"user": "alice"}}],
        "C": ["search", {"flattr": {"user": "alice", "sync": True}}],
    }
    configs = {}
    for name, plugins in variants.items():
        config = {
            "site_name": "Bench",
            "site_url": "https://bench.example.org/",
            "theme": {"name": theme},
            "plugins": plugins,
        }
        path = root / f"mkdocs-{name}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        configs[name] = path
    return configs


def build_once(config_file: Path, site_dir: Path) -> tuple[float, float, Any]:
    """One build as `mkdocs build` runs it: (wall seconds, CPU seconds of this process, plugin).

    CPU time is printed next to wall time because on a shared machine other processes stretch
    the wall clock of whichever build they happen to overlap; the build is single-threaded, and
    the in-process sandbox's threads are counted too (a warm sync should cost them nothing)."""
    start, cpu = time.perf_counter(), time.process_time()
    cfg = load_config(config_file=str(config_file), site_dir=str(site_dir))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    plugin = cfg.plugins.get("flattr")
    return time.perf_counter() - start, time.process_time() - cpu, plugin


@contextmanager
def environment(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def sandbox(wanted: bool) -> Iterator[Any]:
    """An in-process sandbox on a free port, or None for --no-sync."""
    if not wanted:
        yield None
        return
    from flattr_sandbox import SandboxServer

    with SandboxServer() as sb:
        yield sb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--theme", default="mkdocs", choices=["mkdocs", "material"])
    parser.add_argument("--no-sync", action="store_true", help="skip C (no sandbox)")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    variants = ("A", "B") if args.no_sync else ("A", "B", "C")

    with (
        tempfile.TemporaryDirectory(prefix="flattr-mkdocs-bench-") as tmp,
        sandbox(not args.no_sync) as sb,
    ):
        root = Path(tmp)
        configs = make_project(root, args.pages, args.theme)
        env = {}
        if sb is not None:
            env = {"FLATTR_API_URL": sb.api_url, "FLATTR_ACCESS_TOKEN": sb.mint_token("alice")}
        with environment(**env):
            if sb is not None:
                before = sb.request_count()
                cold_time, _cpu, plugin = build_once(configs["C"], root / "site-C")
                cold_requests = sb.request_count() - before
                report = plugin.last_report
                print(
                    f"cold sync build: {cold_time:.2f} s, {cold_requests} requests"
                    f" ({report.summary() if report else 'no report'})"
                )

            times: dict[str, list[float]] = {name: [] for name in variants}
            cpu_times: dict[str, list[float]] = {name: [] for name in variants}
            warm_requests: list[int] = []
            for _ in range(args.runs):
                for name in variants:
                    before = sb.request_count() if sb else 0
                    elapsed, cpu, _plugin = build_once(configs[name], root / f"site-{name}")
                    times[name].append(elapsed)
                    cpu_times[name].append(cpu)
                    if sb is not None and name == "C":
                        warm_requests.append(sb.request_count() - before)

    wall = {name: statistics.median(values) for name, values in times.items()}
    cpu = {name: statistics.median(values) for name, values in cpu_times.items()}
    labels = {
        "A": "A without the plugin",
        "B": "B with the plugin",
        "C": "C with the plugin + warm sync",
    }
    print(f"{args.pages + 1} pages, theme {args.theme}, {args.runs} alternating runs, medians:")
    print(f"  {'':31} {'wall':>8} {'ratio':>6}   {'CPU':>8} {'ratio':>6}")
    for name in variants:
        print(
            f"  {labels[name]:31} {wall[name]:7.2f}s {wall[name] / wall['A']:5.2f}x"
            f"   {cpu[name]:7.2f}s {cpu[name] / cpu['A']:5.2f}x"
        )
    if warm_requests:
        print(f"  requests per warm sync: {warm_requests}")
    print("  target: <= 1.10x and 0 requests")


if __name__ == "__main__":
    main()
