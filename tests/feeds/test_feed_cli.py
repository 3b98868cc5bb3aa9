"""`flattr feed show` and `flattr feed flattr`, as a listener types them."""

import json

import pytest

from tests.cli.cli_helpers import CliRun, as_json, failed, ok
from tests.feeds.feed_samples import auto, episodes, rss


@pytest.fixture
def flattr_cli(flattr_sandbox):
    return CliRun(flattr_sandbox)


@pytest.fixture
def feed_file(flattr_sandbox, tmp_path):
    path = tmp_path / "coffee-cast.xml"
    path.write_bytes(episodes(3, user="alice", web=flattr_sandbox.url))
    return path


def test_show_lists_entries_with_their_payment_links_and_flattred_state(
    flattr_cli, feed_file, tmp_path
):
    state = str(tmp_path / "flattred.json")
    before = ok(flattr_cli("feed", "show", str(feed_file), "--state", state))
    ok(flattr_cli("feed", "flattr", str(feed_file), "--newest", "1", "--state", state, user="bob"))
    after = ok(flattr_cli("feed", "show", str(feed_file), "--state", state))

    assert "Feed:         Coffee Cast" in before
    header, *rows = before.splitlines()[before.splitlines().index("") + 1 :]
    assert header.split() == ["PUBLISHED", "FLATTRED", "OWNER", "TITLE", "PAYMENT", "LINK"]
    assert [row.split()[:2] for row in rows] == [
        ["2000-01-04", "alice"],
        ["2000-01-03", "alice"],
        ["2000-01-02", "alice"],
    ]
    flattred_rows = [r for r in after.splitlines() if "Episode 3" in r]
    assert flattred_rows[0].split()[1].startswith("20")  # the day it was flattred


def test_show_json_decodes_the_auto_submit_fields(flattr_cli, feed_file, flattr_sandbox):
    data = as_json(flattr_cli("feed", "show", str(feed_file), "--json"))
    first = data["entries"][0]
    assert first["guid"] == "urn:coffee-cast:3" and first["flattred"] is None
    (link,) = first["payment_links"]
    assert link["flattr"]["user_id"] == "alice"
    assert link["flattr"]["url"] == "https://pod.example.org/episodes/3"
    assert link["flattr"]["title"] == "Coffee Cast episode 3"
    assert first["payment_url"].startswith(flattr_sandbox.url + "/submit/auto?")


def test_flattr_flattrs_each_episode_once(flattr_cli, feed_file, tmp_path):
    state = str(tmp_path / "flattred.json")
    first = ok(flattr_cli("feed", "flattr", str(feed_file), "--state", state, user="bob"))
    second = ok(flattr_cli("feed", "flattr", str(feed_file), "--state", state, user="bob"))

    assert first.count("flattred      Episode") == 3
    assert first.splitlines()[-1] == "3 flattred"
    assert second.strip() == "3 recorded"


def test_flattr_json_reports_each_entry(flattr_cli, feed_file, tmp_path):
    state = str(tmp_path / "flattred.json")
    data = as_json(
        flattr_cli(
            "feed", "flattr", str(feed_file), "--max", "2", "--json", "--state", state, user="bob"
        )
    )
    assert [e["status"] for e in data["entries"]] == ["flattred", "flattred"]
    assert data["pending"] == ["urn:coffee-cast:1"] and data["requests"] == 2
    assert all(isinstance(e["thing"], int) for e in data["entries"])


def test_dry_run_needs_no_token_and_sends_nothing(flattr_cli, feed_file, flattr_sandbox, tmp_path):
    out = ok(
        flattr_cli("feed", "flattr", str(feed_file), "--dry-run", "--state", str(tmp_path / "s"))
    )
    assert out.count("would flattr  Episode") == 3
    assert out.splitlines()[-1] == "Dry run: 3 would flattr"
    assert flattr_sandbox.request_count() == 0 and not (tmp_path / "s").exists()


def test_since_picks_recent_episodes(flattr_cli, feed_file, tmp_path):
    out = ok(
        flattr_cli(
            "feed",
            "flattr",
            str(feed_file),
            "--since",
            "2000-01-03",
            "--dry-run",
            "--state",
            str(tmp_path / "s"),
        )
    )
    assert "Episode 3" in out and "Episode 2" in out and "Episode 1" not in out


def test_channel_mode_flattrs_the_feed_itself_once(flattr_cli, flattr_sandbox, tmp_path):
    path = tmp_path / "feed.xml"
    channel = auto("alice", "https://pod.example.org/", "Coffee Cast", web=flattr_sandbox.url)
    path.write_bytes(rss([{"guid": "e", "title": "E"}], channel_payment=channel))
    state = str(tmp_path / "s.json")

    first = ok(flattr_cli("feed", "flattr", str(path), "--channel", "--state", state, user="bob"))
    second = ok(flattr_cli("feed", "flattr", str(path), "--channel", "--state", state, user="bob"))

    flattred, summary = first.splitlines()
    assert flattred.startswith("flattred      Coffee Cast (thing ") and summary == "1 flattred"
    assert second.strip() == "1 recorded"
    assert list(json.loads((tmp_path / "s.json").read_text())["feeds"].popitem()[1]) == ["#channel"]


def test_the_rate_limit_is_one_error_line_saying_when_to_run_again(
    flattr_cli, feed_file, flattr_sandbox, tmp_path
):
    flattr_sandbox.configure(rate_limit=1)
    result = flattr_cli(
        "feed", "flattr", str(feed_file), "--state", str(tmp_path / "s"), user="bob"
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 flattred, 2 left for a later run"
    assert result.stderr.startswith("Error: rate limit reached: 2 left; it resets at ")
    assert result.stderr.strip().endswith(f"run `flattr feed flattr {feed_file}` again then")


def test_a_malformed_feed_is_one_error_line_and_nothing_is_flattred(
    flattr_cli, flattr_sandbox, tmp_path
):
    path = tmp_path / "broken.xml"
    path.write_bytes(episodes(3)[:-100])
    line = failed(
        flattr_cli("feed", "flattr", str(path), "--state", str(tmp_path / "s"), user="bob")
    )
    assert line.startswith(f"Error: feed {path} is not well-formed XML (line ")
    assert "nothing was flattred" in line
    assert flattr_sandbox.request_count() == 0


def test_flattring_needs_a_login(flattr_cli, feed_file, tmp_path):
    line = failed(flattr_cli("feed", "flattr", str(feed_file), "--state", str(tmp_path / "s")))
    assert "not logged in" in line and "flattr login" in line


@pytest.fixture
def served(tmp_path):
    """A local web server for tmp_path, as a podcast host would serve its feed."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path))
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_feed_served_over_http_is_flattred_once(flattr_cli, feed_file, served, tmp_path):
    url = f"{served}/{feed_file.name}"
    state = str(tmp_path / "flattred.json")
    first = ok(flattr_cli("feed", "flattr", url, "--state", state, user="bob"))
    second = ok(flattr_cli("feed", "flattr", url, "--state", state, user="bob"))
    assert first.splitlines()[-1] == "3 flattred" and second.strip() == "3 recorded"
    assert list(json.loads((tmp_path / "flattred.json").read_text())["feeds"]) == [url]
    line = failed(flattr_cli("feed", "show", f"{served}/missing.xml"))
    assert line == f"Error: feed {served}/missing.xml: the server answered HTTP 404; check the URL"


def test_a_damaged_flattred_episodes_file_is_one_error_line_before_any_request(
    flattr_cli, feed_file, flattr_sandbox, tmp_path
):
    state = tmp_path / "flattred.json"
    state.write_text("{not json", encoding="utf-8")
    line = failed(flattr_cli("feed", "flattr", str(feed_file), "--state", str(state), user="bob"))
    assert line.startswith(f"Error: the flattred-episodes file {state} is unusable (not valid JSON")
    assert "move it aside" in line
    assert flattr_sandbox.request_count() == 0 and state.read_text() == "{not json"


def test_a_ledger_that_cannot_be_written_stops_the_run_after_the_first_flattr(
    flattr_cli, feed_file, tmp_path, monkeypatch
):
    import flattr_core.feeds.ledger

    def disk_full(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(flattr_core.feeds.ledger, "write_atomic", disk_full)
    result = flattr_cli(
        "feed", "flattr", str(feed_file), "--state", str(tmp_path / "s.json"), user="bob"
    )
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "could not write the flattred-episodes file" in result.stderr
    assert "(No space left on device); episode 'urn:coffee-cast:3' was flattred" in result.stderr
    assert "3 left" in result.stderr
