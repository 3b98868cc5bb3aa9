"""The README's Pelican quickstart, followed literally with the built wheel in a fresh virtual
environment: what a newcomer gets from PyPI.

The wheel is built once per run (``python -m build --wheel``, offline: the backend is in the
development environment) and installed into a new virtual environment with the quickstart's own
``pip install`` line, the package name pointing at the wheel: pip resolves and installs the
extras' dependencies from the wheel's metadata, so a dependency it forgot to declare is missing
there as it would be for a newcomer. Then, as the
README says: ``flattr sandbox`` in one terminal, and in another the commands of the next block
in one shell (``export`` carries over), ``flattr login`` approved in a stand-in browser that
keeps the account the sandbox preselects. The only change: the sandbox listens on a free port
instead of 8765, which another program on a shared machine may hold.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.docs.docs_blocks import blocks, console_commands

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BROWSER_SCRIPT = Path(__file__).with_name("approving_browser.py")


def quickstart_commands(heading: str) -> tuple[list[str], list[str]]:
    """(first block's commands: install and sandbox; second block's: the second terminal)."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n### {heading}\n")
    end = text.find("\n#", start + 1)
    section = [b for b in blocks(README) if b.lang == "console"]
    lines_before = text[:start].count("\n") + 1
    lines_to_end = text[:end].count("\n") + 1 if end != -1 else len(text.splitlines())
    first, second = [b for b in section if lines_before <= b.line <= lines_to_end][:2]
    return console_commands(first.text), console_commands(second.text)


def without_comment(command: str) -> str:
    return command.split("  #")[0].strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{args} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed by the quickstart's pip line.

    One per run, however many xdist workers: the first worker to need it builds it under a lock
    in the folder all workers share, the others wait and use it (the tests only run commands in
    it, each in its own folder)."""
    install, _ = quickstart_commands("A Pelican blog")
    pip_line = without_comment(install[0])
    assert pip_line == "pip install 'flattr-suite[pelican,sandbox]'"
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    where = shared / "wheel-quickstart"
    venv = where / "venv"
    with (shared / "wheel-quickstart.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (where / "installed").exists():
            shutil.rmtree(where, ignore_errors=True)  # what a failed attempt left
            install_wheel(where, venv)
            (where / "installed").touch()
    return venv


def install_wheel(where: Path, venv: Path) -> None:
    build = [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(where)]
    run([*build, str(ROOT)])
    [wheel] = where.glob("flattr_suite-*.whl")
    # No pip of its own (bootstrapping one costs more than the rest): this environment's pip
    # installs into the new one, resolving the wheel's declared dependencies as the venv's own
    # pip would. Nothing is byte-compiled ahead: each command compiles only what it imports.
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    requirement = f"flattr-suite[pelican,sandbox] @ {wheel.as_uri()}"
    python = str(venv / "bin" / "python")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "-q",
            "--no-compile",
            requirement,
        ]
    )


def newcomer_environment(venv: Path, home: Path) -> dict[str, str]:
    """A shell with the venv activated, no FLATTR_* settings and a browser that approves."""
    browser = home / "browser"
    browser.write_text(f"#!{sys.executable}\n" + BROWSER_SCRIPT.read_text(encoding="utf-8"))
    browser.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "VIRTUAL_ENV"))}
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}",
        VIRTUAL_ENV=str(venv),
        FLATTR_CONFIG_DIR=str(home / "config"),  # the token store of this test, not yours
        BROWSER=str(browser),
    )
    return env


def start_sandbox(command: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    sandbox = subprocess.Popen(
        f"{command} --port {port}",
        shell=True,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that stopping it stops the whole process group
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return sandbox
        assert sandbox.poll() is None, log.read_text()
        time.sleep(0.1)
    raise AssertionError(f"the sandbox did not listen on {port}: {log.read_text()}")


def test_the_pelican_quickstart_gives_synced_things_from_the_wheel(fresh_venv, tmp_path):
    first_terminal, second_terminal = quickstart_commands("A Pelican blog")
    assert without_comment(first_terminal[1]) == "flattr sandbox"
    port = free_port()
    env = newcomer_environment(fresh_venv, tmp_path)
    site = tmp_path / "blog"
    site.mkdir()
    script = "set -e\n" + "\n".join(second_terminal).replace(":8765/", f":{port}/")

    sandbox = start_sandbox("flattr sandbox", port, env, tmp_path / "sandbox.log")
    try:
        done = subprocess.run(
            ["bash", "-c", script], cwd=site, env=env, capture_output=True, text=True, timeout=300
        )
    finally:
        os.killpg(sandbox.pid, 15)
        sandbox.wait(timeout=30)

    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"Logged in to \S+ as alice", output), output
    assert "Flattr sync: 1 created, 0 updated, 0 unchanged, 0 adopted, 0 failed" in output
    assert "skipped" not in output
    assert re.search(r"^\s*1\s*$", done.stdout, re.M), "grep -c counted no button"
    assert "https://blog.example.org/hello-flattr.html" in done.stdout  # flattr things list


def test_the_wheel_loads_the_plugin_by_its_short_name_too(fresh_venv, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "post.md").write_text("Title: A post\nDate: 2026-01-10\n\nText.\n")
    (tmp_path / "pelicanconf.py").write_text(
        'SITEURL = "https://blog.example.org"\nTIMEZONE = "UTC"\n'
        'PLUGINS = ["flattr"]\nFLATTR = {"user": "alice"}\n'
    )
    env = newcomer_environment(fresh_venv, tmp_path)

    run(["pelican", "content", "-s", "pelicanconf.py"], cwd=tmp_path, env=env)

    page = (tmp_path / "output" / "a-post.html").read_text(encoding="utf-8")
    assert page.count('class="flattr-button') == 1 and page.count('rel="payment"') == 1
