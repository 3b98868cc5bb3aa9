"""The ``flattr_sandbox`` fixture and the SandboxServer surface other tests rely on."""

import re
import signal
import subprocess
import sys

import requests

from flattr_sandbox import SandboxServer
from flattr_sandbox import run as run_sandbox


def test_fixture_serves_the_documented_example_thing(flattr_sandbox):
    answer = requests.get(flattr_sandbox.api_url + "/things/268185", timeout=5)
    assert answer.status_code == 200
    assert answer.json()["title"] == "simongate on Twitter"
    assert flattr_sandbox.api_url == flattr_sandbox.url + "/rest/v2"


def test_fixture_is_reset_before_each_test_part_one(flattr_sandbox):
    token = flattr_sandbox.mint_token("alice", scopes=("thing",))
    created = requests.post(
        flattr_sandbox.api_url + "/things",
        timeout=5,
        headers={"Authorization": f"Bearer {token}"},
        json={"url": "https://alice.example.org/posts/only-in-one-test/"},
    )
    assert created.status_code == 201
    assert flattr_sandbox.request_count() == 1


def test_fixture_is_reset_before_each_test_part_two(flattr_sandbox):
    lookup = requests.get(
        flattr_sandbox.api_url + "/things/lookup",
        timeout=5,
        params={"url": "https://alice.example.org/posts/only-in-one-test/"},
        allow_redirects=False,
    )
    assert lookup.status_code == 404
    assert flattr_sandbox.request_counts() == {"GET /rest/v2/things/lookup": 1}


def test_server_starts_on_a_free_port_and_stops_cleanly():
    session = requests.Session()  # its keep-alive connection must not outlive the server
    with SandboxServer() as sandbox:
        url = sandbox.api_url
        assert session.get(url + "/categories", timeout=5).status_code == 200
        assert requests.get(url + "/categories", timeout=5).status_code == 200
    for client in (session, requests):
        try:
            client.get(url + "/categories", timeout=2)
        except requests.ConnectionError:
            pass
        else:
            raise AssertionError("the server still answers after stop()")


def test_minted_token_authenticates_as_the_user(flattr_sandbox):
    token = flattr_sandbox.mint_token("bob", scopes=("email",))
    me = requests.get(
        flattr_sandbox.api_url + "/user", timeout=5, headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert (me["username"], me["email"]) == ("bob", "bob@example.net")


def test_importing_the_plugin_or_the_package_does_not_import_flask():
    code = (
        "import sys, flattr_core, flattr_sandbox, flattr_sandbox.pytest_plugin; "
        "print('flask' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


_WITHOUT_THE_CLIENT = """
import sys

class _NoClient:
    # Any import of flattr_core, at any depth, fails as if the package were not installed.
    def find_spec(self, name, path=None, target=None):
        if name == "flattr_core" or name.startswith("flattr_core."):
            raise ImportError("flattr_core is blocked in this test")
        return None

sys.meta_path.insert(0, _NoClient())

import json, urllib.request
from flattr_sandbox import SandboxServer

with SandboxServer() as sandbox:
    token = sandbox.mint_token("alice", scopes=("thing",))
    request = urllib.request.Request(
        sandbox.api_url + "/things",
        data=json.dumps({"url": "https://example.org/no-client", "title": "Made without the client",
                         "category": "text", "language": "sv_SE"}).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"},
    )
    created = json.load(urllib.request.urlopen(request))
    thing = json.load(urllib.request.urlopen(sandbox.api_url + "/things/%d" % created["id"]))
    print(thing["language"], "flattr_core" in sys.modules)
"""


def test_the_sandbox_runs_with_the_client_package_blocked():
    """The sandbox is an independent implementation of the docs: it imports nothing of the
    client, not even the shared lists (it has its own copy), so it runs with flattr_core gone."""
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_THE_CLIENT], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sv_SE", "False"]


def test_run_prints_urls_demo_app_and_a_working_token_then_stops_on_ctrl_c():
    # Ctrl-C as in a terminal, even when the tests run as a background job (whose children
    # inherit SIGINT ignored, so the sandbox would never hear it).
    code = (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from flattr_sandbox import run; run(port=0)"
    )
    process = subprocess.Popen(
        [sys.executable, "-u", "-c", code], stdout=subprocess.PIPE, text=True
    )
    try:
        lines = [process.stdout.readline() for _ in range(8)]
        banner = "".join(lines)
        assert "client_id=sandbox-demo client_secret=sandbox-demo-secret" in banner
        api_url = re.search(r"API base:\s+(\S+)", banner).group(1)
        token = re.search(r"token for alice \(all scopes\): (\w+)", banner).group(1)
        me = requests.get(
            api_url + "/user", headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        assert me.json()["username"] == "alice"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert "stopped" in process.stdout.read()
    finally:
        process.kill()
        process.stdout.close()


def test_a_taken_port_raises_oserror_naming_the_address_and_what_to_do(flattr_sandbox, capfd):
    # werkzeug alone would print to stderr and call sys.exit(1), ending the caller's process.
    taken = flattr_sandbox.port
    try:
        SandboxServer(port=taken).start()
    except OSError as error:
        message = str(error)
    else:
        raise AssertionError("a second server started on a taken port")
    assert message.startswith(
        f"could not start the sandbox on 127.0.0.1:{taken}: Address already in use"
    )
    assert "--port N" in message and "port 0 for any free one" in message
    assert capfd.readouterr().err == ""  # nothing printed behind the caller's back
    # The first server is untouched and a free port still works.
    assert requests.get(flattr_sandbox.api_url + "/categories", timeout=5).status_code == 200
    with SandboxServer(port=0) as other:
        assert other.port != taken


def test_run_on_a_taken_port_raises_oserror_too(flattr_sandbox):
    try:
        run_sandbox(port=flattr_sandbox.port)
    except OSError as error:
        assert f"127.0.0.1:{flattr_sandbox.port}" in str(error)
    else:
        raise AssertionError("run() returned on a taken port")
