"""What pelican_flattr costs a build: a generated 1,000-article site, built with the real Pelican.

Three variants, run alternately in this one process (so machine noise hits them alike), each
timed over whole ``Pelican(settings).run()`` builds:

* ``plain``: no plugin (the baseline);
* ``flattr``: ``PLUGINS=["pelican_flattr"]``, buttons, head links, feed links (no sync);
* ``flattr+sync``: the same plus a *warm* sync against an in-process sandbox (the state file
  from a first, untimed, cold sync is in place, so nothing has changed).

Prints medians of CPU time (this process, all threads: the steady figure on a shared machine)
and of wall time, their ratios to ``plain`` (target <= 1.10x), and the warm sync's request
count (target 0). Measures, never asserts::

    .venv/bin/python bench/pelican_build.py [--articles 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

WORDS = [
    "flattr",
    "static",
    "site",
    "pelican",
    "article",
    "coffee",
    "travel",
    "river",
    "bridge",
    "morning",
    "code",
    "python",
    "feed",
    "button",
    "payment",
    "link",
    "thing",
    "sandbox",
    "summary",
    "build",
    "reader",
    "writer",
    "theme",
    "page",
]


def generate_site(content: Path, articles: int, seed: int = 5) -> None:
    """``articles`` Markdown articles over 10 categories and 30 tags, some non-ASCII titles."""
    rng = random.Random(seed)
    content.mkdir(parents=True, exist_ok=True)
    for n in range(articles):
        words = " ".join(rng.choice(WORDS) for _ in range(180))
        tags = ", ".join(sorted({f"tag{rng.randrange(30)}" for _ in range(3)}))
        title = f"Article {n}: {' '.join(rng.choice(WORDS) for _ in range(4))}"
        if n % 7 == 0:
            title += " – Grüße, café, naïve"
        day = 1 + n % 28
        (content / f"article-{n:04d}.md").write_text(
            f"Title: {title}\nDate: 2023-{1 + n % 12:02d}-{day:02d} 10:{n % 60:02d}\n"
            f"Category: cat{n % 10}\nTags: {tags}\nSlug: article-{n:04d}\n"
            f"Summary: {words[:160]}\n\n{words}\n\n{words}\n",
            encoding="utf-8",
        )


def settings_for(content: Path, output: Path, plugins: list[str], flattr: dict[str, Any] | None):
    from pelican.settings import read_settings

    override: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "SITEURL": "https://bench.example.org",
        "SITENAME": "Bench blog",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "PLUGINS": plugins,
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "FEED_ALL_RSS": "feeds/all.rss.xml",
        "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
        "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    }
    if flattr is not None:
        override["FLATTR"] = flattr
    return read_settings(override=override)


def build(settings: dict[str, Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one whole build."""
    from pelican import Pelican

    gc.collect()  # start every build with the previous one's garbage gone
    wall, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):  # Pelican's "Done: ..." line
        Pelican(settings).run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="timed builds per variant")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    from flattr_sandbox import SandboxServer

    work = Path(tempfile.mkdtemp(prefix="flattr-pelican-bench-"))
    content = work / "content"
    generate_site(content, args.articles)
    state = work / "flattr-state.json"
    with SandboxServer(rate_limit=1_000_000) as sandbox:
        os.environ["FLATTR_ACCESS_TOKEN"] = sandbox.mint_token("alice")
        flattr = {"user": "alice", "api_url": sandbox.api_url, "state_file": str(state)}
        variants = {
            "plain": settings_for(content, work / "out-plain", [], None),
            "flattr": settings_for(content, work / "out-flattr", ["pelican_flattr"], flattr),
            "flattr+sync": settings_for(
                content, work / "out-sync", ["pelican_flattr"], {**flattr, "sync": True}
            ),
        }
        # Untimed: warm up imports and the file cache, and do the cold sync that fills the state.
        for settings in variants.values():
            build(settings)
        cold = sandbox.request_counts()
        walls: dict[str, list[float]] = {name: [] for name in variants}
        cpus: dict[str, list[float]] = {name: [] for name in variants}
        warm_requests: list[int] = []
        names = list(variants)
        for run in range(args.runs):
            # Rotate the order each round so no variant always runs right after another.
            for name in names[run % 3 :] + names[: run % 3]:
                before = sandbox.request_count()
                wall, cpu = build(variants[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
                if name == "flattr+sync":
                    warm_requests.append(sandbox.request_count() - before)

    print(
        f"pelican_flattr build cost: {args.articles} articles, {args.runs} builds per variant "
        f"(alternating, one process); cold sync before timing: {sum(cold.values())} requests"
    )
    for label, times in (("CPU time", cpus), ("wall time", walls)):
        base = statistics.median(times["plain"])
        print(f"  {label} (median, ratio to plain; min..max):")
        for name, values in times.items():
            med = statistics.median(values)
            print(
                f"    {name:<12} {med:6.2f}s  {med / base:5.2f}x   "
                f"({min(values):.2f}..{max(values):.2f}s)"
            )
    per_article = statistics.median(cpus["flattr"]) - statistics.median(cpus["plain"])
    print(f"  plugin CPU cost per article: {per_article / args.articles * 1e3:.2f} ms")
    print(f"  warm sync requests per build: {warm_requests} (target 0)")


if __name__ == "__main__":
    main()
