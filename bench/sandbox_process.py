"""A sandbox in its own process for the bench scripts, so client and server do not share a GIL.

``SandboxProcess`` runs ``flattr_sandbox.run`` (the server behind ``flattr sandbox``) in a
child process on a free port and drives it over HTTP through its admin endpoints; with
``load_average`` and ``process_cpu_seconds`` the scripts print figures that can be read against
the load of this shared machine.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import requests


def load_average() -> str:
    """The 1/5/15-minute load averages (the machine is shared: read figures next to them)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``; else None)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class SandboxProcess:
    """A sandbox in a child process, with the admin calls the bench needs (over HTTP)."""

    def __init__(
        self, latency_ms: int = 0, cpu: int | None = None, source: Path | None = None
    ) -> None:
        """``cpu``: run on that CPU only; ``source``: import ``flattr_sandbox`` from that
        directory (another version of it, e.g. ``git archive`` of an older commit; its ``run``
        must take ``admin_token``)."""
        # The admin secret goes to the child through its environment, never its command line
        # (which other users of the machine can read).
        self.admin_token = secrets.token_urlsafe(24)
        code = (
            "import os; from flattr_sandbox import run; "
            f"run(port=0, rate_limit=10**9, latency_ms={latency_ms}, "
            "admin_token=os.environ['FLATTR_SANDBOX_ADMIN_TOKEN'])"
        )
        if cpu is not None:
            # Pinned before the server starts a thread, so every thread inherits it.
            code = f"import os; os.sched_setaffinity(0, {{{cpu}}}); {code}"
        if source is not None:
            # First on sys.path: ahead of the current directory, which `-c` puts there.
            code = f"import sys; sys.path.insert(0, {str(source)!r}); {code}"
        env = {**os.environ, "FLATTR_SANDBOX_ADMIN_TOKEN": self.admin_token}
        self._process = subprocess.Popen(
            [sys.executable, "-u", "-c", code], stdout=subprocess.PIPE, text=True, env=env
        )
        self.api_url = self.url = ""
        assert self._process.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not self.api_url:
            line = self._process.stdout.readline()
            if not line:
                break
            if match := re.search(r"web base:\s+(\S+)", line):
                self.url = match.group(1)
            if match := re.search(r"API base:\s+(\S+)", line):
                self.api_url = match.group(1)
        if not (self.api_url and self.url):
            self._process.kill()
            raise SystemExit("the sandbox did not start")
        self._admin = requests.Session()
        self._admin.headers["X-Sandbox-Admin-Token"] = self.admin_token

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the sandbox process."""
        self._admin.close()
        self._process.terminate()
        self._process.wait(timeout=10)

    @property
    def pid(self) -> int:
        return self._process.pid

    def cpu_seconds(self) -> float | None:
        """User + system CPU seconds the sandbox process has used (Linux ``/proc``; else None)."""
        return process_cpu_seconds(self._process.pid)

    def reset(self) -> None:
        self._admin.post(self.url + "/_sandbox/reset", timeout=30).raise_for_status()

    def mint_token(self, username: str) -> str:
        answer = self._admin.post(
            self.url + "/_sandbox/tokens", json={"username": username}, timeout=30
        )
        answer.raise_for_status()
        return str(answer.json()["access_token"])

    def request_counts(self) -> dict[str, int]:
        answer = self._admin.get(self.url + "/_sandbox/requests", timeout=30)
        answer.raise_for_status()
        return dict(answer.json()["routes"])

    @property
    def admin_headers(self) -> dict[str, str]:
        """Headers for the sandbox's ``/_sandbox/`` admin routes."""
        return {"X-Sandbox-Admin-Token": self.admin_token}

    def request_count(self) -> int:
        return sum(self.request_counts().values())

    def reset_counts(self) -> None:
        self._admin.delete(self.url + "/_sandbox/requests", timeout=30).raise_for_status()
