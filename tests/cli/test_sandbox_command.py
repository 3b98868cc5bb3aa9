"""`flattr sandbox`: passes its options to flattr_sandbox.run, or says Flask is missing."""

import sys

from click.testing import CliRunner

import flattr_sandbox
from flattr_core.cli import cli
from tests.cli.cli_helpers import failed


def test_sandbox_runs_the_server_with_the_given_options(monkeypatch):
    calls = []
    monkeypatch.setattr(flattr_sandbox, "run", lambda **kwargs: calls.append(kwargs))
    result = CliRunner().invoke(
        cli,
        [
            "sandbox",
            "--port",
            "9999",
            "--db",
            "sandbox.db",
            "--auto-approve",
            "alice",
            "--rate-limit",
            "50",
            "--fail-rate",
            "0.25",
            "--latency",
            "30",
        ],
    )
    assert result.exit_code == 0, result.output
    assert calls == [
        dict(
            host="127.0.0.1",
            port=9999,
            db="sandbox.db",
            auto_approve="alice",
            rate_limit=50,
            fail_rate=0.25,
            latency_ms=30,
            admin_token=None,
        )
    ]
    assert "export FLATTR_API_URL=http://127.0.0.1:9999/rest/v2" in result.stderr


def test_sandbox_defaults(monkeypatch):
    calls = []
    monkeypatch.setattr(flattr_sandbox, "run", lambda **kwargs: calls.append(kwargs))
    assert CliRunner().invoke(cli, ["sandbox"]).exit_code == 0
    assert calls == [
        dict(
            host="127.0.0.1",
            port=8765,
            db=None,
            auto_approve=None,
            rate_limit=1000,
            fail_rate=0.0,
            latency_ms=0,
            admin_token=None,
        )
    ]


def test_sandbox_admin_token_from_the_option_or_the_environment(monkeypatch):
    calls = []
    monkeypatch.setattr(flattr_sandbox, "run", lambda **kwargs: calls.append(kwargs))
    secret = "a-fixed-admin-secret-for-scripts"
    assert CliRunner().invoke(cli, ["sandbox", "--admin-token", secret]).exit_code == 0
    env = {"FLATTR_SANDBOX_ADMIN_TOKEN": secret + "-env"}
    assert CliRunner(env=env).invoke(cli, ["sandbox"]).exit_code == 0
    assert [call["admin_token"] for call in calls] == [secret, secret + "-env"]


def test_sandbox_weak_admin_token_is_a_clean_error():
    # The real run(): it refuses the token before binding any port.
    message = failed(CliRunner().invoke(cli, ["sandbox", "--port", "0", "--admin-token", "abc"]))
    assert message.startswith("Error: the admin token must be at least 16")


def test_sandbox_warns_loudly_on_a_non_loopback_host(monkeypatch):
    monkeypatch.setattr(flattr_sandbox, "run", lambda **kwargs: None)
    lan = CliRunner().invoke(cli, ["sandbox", "--host", "0.0.0.0"])
    assert "WARNING: --host 0.0.0.0 is not loopback" in lan.stderr
    local = CliRunner().invoke(cli, ["sandbox", "--host", "localhost"])
    assert "WARNING" not in local.stderr


def test_sandbox_latency_bound_is_the_sandboxs_own():
    from flattr_core.cli import sandbox_cmd
    from flattr_sandbox import limits

    assert sandbox_cmd.MAX_LATENCY_MS == limits.MAX_LATENCY_MS


def test_sandbox_latency_is_bounded():
    message = failed(CliRunner().invoke(cli, ["sandbox", "--latency", "3600000"]), code=2)
    assert "'--latency': 3600000 is not in the range 0<=x<=60000" in message


def test_sandbox_without_flask_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "flask", None)  # makes `import flask` fail
    message = failed(CliRunner().invoke(cli, ["sandbox"]))
    assert message == "Error: the sandbox needs Flask: pip install 'flattr-suite[sandbox]'"


def test_sandbox_port_in_use_is_a_clean_error(monkeypatch):
    def busy(**kwargs):
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(flattr_sandbox, "run", busy)
    message = failed(CliRunner().invoke(cli, ["sandbox", "--port", "8765"]), notes=True)
    assert "Address already in use" in message and "--port" in message


def test_sandbox_unknown_auto_approve_user_is_a_clean_error():
    # The real run(): it refuses the option before binding any port.
    result = CliRunner().invoke(cli, ["sandbox", "--port", "0", "--auto-approve", "nobody"])
    message = failed(result, notes=True)
    assert message.startswith("Error: auto_approve user 'nobody' does not exist; use one of:")
    assert "alice" in message


def test_sandbox_unusable_db_file_is_a_clean_error(tmp_path):
    # The real run(): a --db that is not a SQLite file is one Error line, not a traceback.
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database\n")
    result = CliRunner().invoke(cli, ["sandbox", "--port", "0", "--db", str(not_a_db)])
    message = failed(result, notes=True)
    assert message.startswith(f"Error: could not open --db {not_a_db}:")
    assert "writable path" in message


def test_sandbox_on_a_taken_port_is_one_error_line(flattr_sandbox):
    # The real run() on a port the test session's sandbox holds: werkzeug's own text and
    # sys.exit(1) must not reach the user, only our Error line.
    port = str(flattr_sandbox.port)
    message = failed(CliRunner().invoke(cli, ["sandbox", "--port", port]), notes=True)
    assert message == (
        f"Error: could not start the sandbox on 127.0.0.1:{port}: "
        "Address already in use; try another --port"
    )
    result = CliRunner().invoke(cli, ["sandbox", "--port", port])
    assert [line for line in result.stderr.splitlines() if "rror" in line] == [message]
    assert "in use by another program" not in result.stderr
