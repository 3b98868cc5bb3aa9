"""Kill `flattr feed flattr` at random moments: no episode is flattred twice, and none is
recorded as flattred unless the API said so.

The real command runs in a child process against the sandbox (15 ms of latency per request, so
a run lasts long enough to be cut mid-way) and is killed with SIGKILL a random 0-300 ms after its
first request, up to 15 times (until every episode is recorded), then run once to the end. After
every kill the flattred-episodes file must still parse and name only episodes the sandbox holds a
flattr for; at the end each episode has exactly one flattr.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import flattr_core.api
from tests.feeds.feed_samples import episodes

EPISODES = 60
KILLS = 15


def _flattred_by_bob(sandbox) -> list[str]:
    with flattr_core.api.get(api_url=sandbox.api_url) as api:
        urls = [f.thing.url if f.thing else None for f in api.users.get_flattrs("bob")]
    return [url for url in urls if url and url.startswith("https://pod.example.org/episodes/")]


def _recorded(state_path) -> dict[str, str]:
    """guid -> result, from the file as a crash left it (it must always parse)."""
    if not state_path.exists():
        return {}
    feeds = json.loads(state_path.read_text(encoding="utf-8"))["feeds"]
    return {guid: rec["result"] for episodes in feeds.values() for guid, rec in episodes.items()}


def _wait_for_first_request(sandbox, count_before: int, child: subprocess.Popen) -> None:
    """Until the child has sent its first flattr (its start-up time varies with the machine)."""
    deadline = time.monotonic() + 20
    while sandbox.request_count() == count_before and child.poll() is None:
        assert time.monotonic() < deadline, "the command sent no request in 20 s"
        time.sleep(0.005)


def _episode_url(guid: str) -> str:
    return "https://pod.example.org/episodes/" + guid.rsplit(":", 1)[1]


def test_killing_the_command_at_random_points_never_flattrs_twice(flattr_sandbox, tmp_path):
    feed = tmp_path / "coffee-cast.xml"
    feed.write_bytes(episodes(EPISODES, user="alice", web=flattr_sandbox.url))
    state = tmp_path / "flattred.json"
    token = flattr_sandbox.mint_token("bob", scopes=["flattr"])
    flattr_sandbox.configure(latency_ms=15)
    command = [
        sys.executable,
        "-m",
        "flattr_core.cli",
        "--api-url",
        flattr_sandbox.api_url,
        "feed",
        "flattr",
        str(feed),
        "--state",
        str(state),
    ]
    env = {**os.environ, "FLATTR_ACCESS_TOKEN": token}
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    mid_run = kills = 0

    for _ in range(KILLS):
        before = len(_recorded(state))
        requests_before = flattr_sandbox.request_count()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        _wait_for_first_request(flattr_sandbox, requests_before, child)
        time.sleep(rng.uniform(0.0, 0.3))  # somewhere in the run: mid-request, mid-write, ...
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        recorded = _recorded(state)
        flattred = _flattred_by_bob(flattr_sandbox)
        mid_run += before < len(recorded) < EPISODES
        assert len(flattred) == len(set(flattred)), f"flattred twice (seed {seed})"
        unanswered = {g for g in recorded if _episode_url(g) not in flattred}
        assert not unanswered, f"recorded without a flattr: {unanswered} (seed {seed})"
        if len(recorded) == EPISODES:
            break

    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert final.returncode == 0, final.stderr
    flattred = _flattred_by_bob(flattr_sandbox)
    results = _recorded(state)
    assert sorted(flattred) == sorted({_episode_url(g) for g in results})
    assert len(flattred) == len(set(flattred)) == EPISODES
    already = sum(1 for r in results.values() if r == "already_flattred")
    print(
        f"\nkill test (seed {seed}): {kills} kills, {mid_run} left a partial record; "
        f"{EPISODES} episodes flattred once each; {already} were flattred by the API but "
        "killed before recording, and the next run's flattr_once answer recorded them"
    )
