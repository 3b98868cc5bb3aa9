"""What the plugins cost a build, measured from outside: whole ``pelican`` and ``mkdocs build``
processes, as a user runs them.

For each generator and size (and MkDocs theme) it generates a site, then builds it with the
venv's own console scripts, a fresh interpreter each time, in three variants:

* ``plain``: without the plugin (Pelican: ``PLUGINS = []``; MkDocs: ``plugins: [search]``);
* ``flattr``: with it (buttons, head links, feed links; no sync);
* ``sync``: with it and sync on against a sandbox in its own process, *warm*: one untimed build
  before timing created every thing, so each timed build should send 0 requests.

One untimed build of each variant first (file cache, ``.pyc`` files, the cold sync), then
``--pairs`` rounds, each running every variant once in a rotated order. Printed per variant:
the median CPU time (user + system of the child process, from ``RUSAGE_CHILDREN``: the steady
figure on a shared machine), the median wall time, and the median of the per-round ratios to
``plain`` (target <= 1.05x), with the ratio of the fastest runs next to it; and the warm
sync's request counts. Measures, never asserts::

    .venv/bin/python bench/whole_process.py                      # everything (several minutes)
    .venv/bin/python bench/whole_process.py --generator pelican --sizes 100 --pairs 3
    .venv/bin/python bench/whole_process.py --sizes 100 --instructions     # steady under load
    .venv/bin/python bench/whole_process.py --bin /tmp/wheel-venv/bin --sizes 100 --instructions

Pelican imports every installed namespace plugin on every run, listed in ``PLUGINS`` or not, so
``plain`` includes importing ``pelican.plugins.flattr`` (a few milliseconds; see its docstring).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sandbox_process import SandboxProcess, load_average

# Where pelican and mkdocs are run from: this interpreter's environment, or --bin.
BIN = Path(sys.executable).parent
VARIANTS = ("plain", "flattr", "sync")
WORDS = tuple(
    [
        "flattr",
        "static",
        "site",
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
        "Grüße",
        "Köln",
        "café",
        "naïve",
    ]
)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


# -- Generated sites ------------------------------------------------------------------------------


def _variants(root: Path, configs: dict[str, str], file: str, command: str) -> dict[str, list[str]]:
    """Writes each variant's config to ``file`` in ``root``; returns variant -> the command line
    that builds it. ``{variant}`` and ``{config}`` (the file's name) are filled in; the command's
    first word is a program from this environment's bin/, and no word needs quoting."""
    commands = {}
    for variant, text in configs.items():
        config = file.format(variant=variant)
        (root / config).write_text(text, encoding="utf-8")
        program, *arguments = command.format(variant=variant, config=config).split()
        if not (BIN / program).exists():
            raise SystemExit(f"no {program} in {BIN}: install flattr-suite with its extra there")
        commands[variant] = [str(BIN / program), *arguments]
    return commands


def pelican_site(root: Path, size: int) -> dict[str, list[str]]:
    """``size`` Markdown articles (10 categories, 30 tags) and one settings file per variant;
    returns variant -> command line."""
    rng = random.Random(5)
    content = root / "content"
    content.mkdir(parents=True)
    for n in range(size):
        body = _words(rng, 180)
        tags = ", ".join(sorted({f"tag{rng.randrange(30)}" for _ in range(3)}))
        (content / f"article-{n:04d}.md").write_text(
            f"Title: Article {n}: {_words(rng, 4)}\n"
            f"Date: 2023-{1 + n % 12:02d}-{1 + n % 28:02d} 10:{n % 60:02d}\n"
            f"Category: cat{n % 10}\nTags: {tags}\nSlug: article-{n:04d}\n"
            f"Summary: {body[:160]}\n\n{body}\n\n{body}\n",
            encoding="utf-8",
        )
    common = (
        "SITEURL = 'https://bench.example.org'\nSITENAME = 'Bench blog'\nTIMEZONE = 'UTC'\n"
        "DEFAULT_LANG = 'en'\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "FEED_ALL_RSS = 'feeds/all.rss.xml'\nCATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\n"
        "TAG_FEED_ATOM = 'feeds/tag/{slug}.atom.xml'\n"
    )
    settings = {
        "plain": common + "PLUGINS = []\n",
        "flattr": common + "PLUGINS = ['flattr']\nFLATTR = {'user': 'alice'}\n",
        "sync": common + "PLUGINS = ['flattr']\nFLATTR = {'user': 'alice', 'sync': True}\n",
    }
    command = "pelican content -q -s {config} -o out-{variant}"
    return _variants(root, settings, "pelican-{variant}.py", command)


def mkdocs_site(root: Path, size: int, theme: str) -> dict[str, list[str]]:
    """``size`` pages in sections of 50 and one ``mkdocs.yml`` per variant."""
    rng = random.Random(5)
    docs = root / "docs"
    for n in range(size):
        page = docs / f"section-{n // 50:02d}" / f"page-{n:04d}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        para = _words(rng, 60).capitalize() + "."
        page.write_text(
            f"---\ntags: [{rng.choice(WORDS)}]\n---\n# Page {n}: {_words(rng, 3)}\n\n{para}\n\n"
            f"## Details\n\n- one\n- two\n\n```python\nprint({n})\n```\n\n{para}\n",
            encoding="utf-8",
        )
    (docs / "index.md").write_text("# The bench\n\nA generated site.\n", encoding="utf-8")
    head = (
        "site_name: Bench\nsite_url: https://bench.example.org/\n"
        f"theme:\n  name: {theme}\nplugins:\n  - search\n"
    )
    configs = {
        "plain": head,
        "flattr": head + "  - flattr:\n      user: alice\n",
        "sync": head + "  - flattr:\n      user: alice\n      sync: true\n",
    }
    command = "mkdocs build -q -f {config} -d site-{variant}"
    return _variants(root, configs, "mkdocs-{variant}.yml", command)


# -- Measuring ------------------------------------------------------------------------------------


def run_once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def instructions_once(command: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Instructions one whole process executes, counted by valgrind's callgrind: the same count
    for the same build whatever else the machine is doing, so a ratio of two counts does not
    move with the load (a hash seed is fixed for the same reason). About 50x slower than a run."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd,
        env={**env, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"{' '.join(command)} under callgrind failed:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def count_instructions(
    title: str, commands: dict[str, list[str]], cwd: Path, envs: dict[str, dict[str, str]]
) -> None:
    """One warm-up run, then one counted run of each variant; prints counts and ratios."""
    for variant in VARIANTS:
        run_once(commands[variant], cwd, envs[variant])
    counts = {v: instructions_once(commands[v], cwd, envs[v]) for v in VARIANTS}
    print(title)
    for variant in VARIANTS:
        ratio = counts[variant] / counts["plain"]
        print(f"  {variant:8} {counts[variant] / 1e6:10,.1f}M instructions  {ratio:5.3f}x")


@dataclass
class Figures:
    cpu: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    wall: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    warm_requests: list[int] = field(default_factory=list)


def measure(
    commands: dict[str, list[str]],
    cwd: Path,
    envs: dict[str, dict[str, str]],
    pairs: int,
    requests: Callable[[], int],
) -> Figures:
    for variant in VARIANTS:  # untimed: warm caches; the sync variant's cold sync
        run_once(commands[variant], cwd, envs[variant])
    figures = Figures()
    for round_ in range(pairs):
        shift = round_ % len(VARIANTS)
        for variant in VARIANTS[shift:] + VARIANTS[:shift]:
            before = requests()
            cpu, wall = run_once(commands[variant], cwd, envs[variant])
            figures.cpu[variant].append(cpu)
            figures.wall[variant].append(wall)
            if variant == "sync":
                figures.warm_requests.append(requests() - before)
    return figures


def report(title: str, figures: Figures) -> None:
    """Medians (and the per-round ratios' median), plus the ratio of the fastest runs: on a
    loaded machine other processes only ever add time, so the minimum is the steadier estimate
    of what a build itself costs."""
    print(f"{title}  (load {load_average()})")
    print(f"  {'':8} {'CPU':>8} {'ratio':>6} {'min':>6}   {'wall':>8} {'ratio':>6} {'min':>6}")
    for variant in VARIANTS:
        cells = []
        for times in (figures.cpu, figures.wall):
            ratios = [v / b for v, b in zip(times[variant], times["plain"], strict=True)]
            median = statistics.median(times[variant])
            fastest = min(times[variant]) / min(times["plain"])
            cells.append(f"{median:7.2f}s {statistics.median(ratios):5.2f}x {fastest:5.2f}x")
        print(f"  {variant:8} {cells[0]}   {cells[1]}")
    print(f"  warm sync requests per build: {figures.warm_requests} (target 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generator", choices=["pelican", "mkdocs", "both"], default="both")
    parser.add_argument("--sizes", default="100,1000", help="articles/pages, comma-separated")
    parser.add_argument("--theme", choices=["mkdocs", "material", "both"], default="both")
    parser.add_argument("--pairs", type=int, default=3, help="timed rounds (>= 3 for a median)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions under valgrind (steady on a loaded machine) instead of timing",
    )
    parser.add_argument(
        "--bin",
        type=Path,
        help="bin/ of the environment to build with (default: this one's), e.g. a venv with "
        "only the built wheel installed, as a user installs it",
    )
    args = parser.parse_args()
    if args.bin is not None:
        global BIN
        BIN = args.bin.resolve()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    sizes = [int(size) for size in args.sizes.split(",")]
    themes = ["mkdocs", "material"] if args.theme == "both" else [args.theme]
    cases: list[tuple[str, int, str | None]] = []
    if args.generator in ("pelican", "both"):
        cases += [("pelican", size, None) for size in sizes]
    if args.generator in ("mkdocs", "both"):
        cases += [("mkdocs", size, theme) for size in sizes for theme in themes]

    if args.instructions:
        print("whole processes, fresh interpreter each build, instructions counted by callgrind")
    else:
        print(
            f"whole processes, fresh interpreter each build, {args.pairs} alternating rounds, "
            f"medians (CPU: user+system of the child)"
        )
    with SandboxProcess() as sandbox:
        # As users run them: with bytecode caches (a wheel install has them; without, every
        # build would compile our modules from source and the plugin would look slower).
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base["NO_MKDOCS_2_WARNING"] = "true"  # Material's banner on stderr, in every variant
        for name in ("FLATTR_API_URL", "FLATTR_WEB_URL", "FLATTR_ACCESS_TOKEN"):
            base.pop(name, None)
        # Only the sync variant talks to the sandbox; the others render for the real service.
        sync_env = {
            **base,
            "FLATTR_API_URL": sandbox.api_url,
            "FLATTR_ACCESS_TOKEN": sandbox.mint_token("alice"),
        }
        envs = {"plain": base, "flattr": base, "sync": sync_env}
        for generator, size, theme in cases:
            root = Path(tempfile.mkdtemp(prefix=f"flattr-bench-{generator}-"))
            try:
                if generator == "pelican":
                    commands = pelican_site(root, size)
                    title = f"pelican, {size} articles"
                else:
                    assert theme is not None
                    commands = mkdocs_site(root, size, theme)
                    title = f"mkdocs build, {size} pages, theme {theme}"
                if args.instructions:
                    count_instructions(title, commands, root, envs)
                    continue
                figures = measure(commands, root, envs, args.pairs, sandbox.request_count)
                report(title, figures)
            finally:
                shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
