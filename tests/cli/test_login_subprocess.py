"""The installed `flattr` command, as real processes: log in through a "browser", then whoami.

The browser is a small script named by ``BROWSER`` (Python's webbrowser module runs it with the
authorize URL): it fetches the URL with requests and follows the sandbox's redirect to the
one-shot callback server of `flattr login`, like a person pressing "Approve" would. The sandbox
approves as alice by itself (``auto_approve``). The token lands in FLATTR_CONFIG_DIR, mode 0600.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from flattr_sandbox import SandboxServer

BROWSER = f"""#!{sys.executable}
import sys, requests
answer = requests.get(sys.argv[1], timeout=20)
sys.exit(0 if answer.ok else 1)
"""


def flattr_command():
    installed = shutil.which("flattr", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "flattr_core.cli"]


@pytest.fixture
def environment(tmp_path):
    browser = tmp_path / "fake-browser"
    browser.write_text(BROWSER)
    browser.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLATTR_")}
    env.update(BROWSER=str(browser), FLATTR_CONFIG_DIR=str(tmp_path / "config"))
    return env


def run(args, env):
    return subprocess.run(
        [*flattr_command(), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_installed_login_then_whoami_with_the_stored_token(environment, tmp_path):
    with SandboxServer(auto_approve="alice") as sandbox:
        api_url = environment["FLATTR_API_URL"] = sandbox.api_url
        login = run(["login", "--timeout", "30"], environment)
        assert login.returncode == 0, login.stderr
        assert login.stdout.strip().startswith(f"Logged in to {api_url} as alice")

        whoami = run(["whoami", "--json"], environment)
        assert whoami.returncode == 0, whoami.stderr
        assert json.loads(whoami.stdout)["username"] == "alice"

    token_file = tmp_path / "config" / "tokens.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = json.loads(token_file.read_text())[api_url]["access_token"]
    for output in (login.stdout, login.stderr, whoami.stdout, whoami.stderr):
        assert token not in output
