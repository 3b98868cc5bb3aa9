"""Every code example in the manual (``docs/**/*.md``) and in README.md runs, as a reader would
run it.

Per page, in a fresh temporary working directory, with a sandbox running (reset to its seed
data) and ``FLATTR_API_URL``, ``FLATTR_WEB_URL`` and ``FLATTR_ACCESS_TOKEN`` (alice, every
scope) in the environment:

- the ``python`` blocks run in order, sharing one namespace;
- in ``console`` blocks every ``$ `` line runs as a shell command, with ``flattr``, ``pelican``
  and ``mkdocs`` on PATH, and must exit 0;
- a block directly preceded by ``<!-- docs-test: skip -->`` does not run.

``flattr login`` works as in the quickstarts: the ``BROWSER`` it opens is a stand-in for the
reader that approves on the sandbox's page as the account the page preselects.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.docs_blocks import blocks, console_commands

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
BROWSER_SCRIPT = Path(__file__).with_name("approving_browser.py")


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def runnable(page: Path) -> list:
    return [b for b in blocks(page) if not b.skip and b.lang in ("python", "console")]


@pytest.fixture
def reader_environment(flattr_sandbox, tmp_path, monkeypatch):
    """The documented setting, in this process (for python blocks) and for shell commands."""
    browser = tmp_path / "browser"
    browser.write_text(f"#!{sys.executable}\n" + BROWSER_SCRIPT.read_text(encoding="utf-8"))
    browser.chmod(0o755)
    env = {
        "FLATTR_API_URL": flattr_sandbox.api_url,
        "FLATTR_WEB_URL": flattr_sandbox.url,
        "FLATTR_ACCESS_TOKEN": flattr_sandbox.mint_token("alice"),
        "BROWSER": str(browser),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return workdir


def run_command(command: str, where: str, cwd: Path) -> None:
    done = subprocess.run(
        command,
        shell=True,
        executable="/bin/bash",
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, (
        f"{where}: `{command}` exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    )


def test_the_pages_have_examples_to_run():
    assert len(PAGES) > 10
    assert sum(len(runnable(page)) for page in PAGES) > 20


@pytest.mark.parametrize("page", [p for p in PAGES if runnable(p)], ids=page_id)
def test_every_example_on_the_page_runs(page, reader_environment):
    namespace: dict[str, object] = {"__name__": "__docs_example__"}
    for block in runnable(page):
        if block.lang == "python":
            exec(compile(block.text, block.where, "exec"), namespace)
        else:
            for command in console_commands(block.text):
                run_command(command, block.where, reader_environment)
