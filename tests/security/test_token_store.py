"""The token store loses nothing: concurrent saves all land, garbage is moved aside, not trusted.

Thirty processes saving at once stand for thirty `flattr login`s in parallel terminals; the CLI
tests run `flattr login` and `flattr whoami` in-process against a sandbox that approves as alice.
"""

import multiprocessing
import stat

import pytest
import requests
from click.testing import CliRunner

import flattr_core.cli.account as account
from flattr_core.cli import cli
from flattr_core.tokens import StoredToken, TokenStore, TokenStoreError
from tests.cli.cli_helpers import failed, ok

BINARY = bytes(range(256)) * 4  # not UTF-8, let alone JSON


def save_when_released(path, number, go):
    go.wait(10)
    TokenStore(path).save(f"http://127.0.0.1:{9000 + number}/rest/v2", StoredToken(f"t{number}"))


def test_thirty_processes_saving_at_once_all_land(tmp_path):
    path = tmp_path / "tokens.json"
    fork = multiprocessing.get_context("fork")  # cheap: the children share the loaded modules
    go = fork.Event()
    savers = [fork.Process(target=save_when_released, args=(path, n, go)) for n in range(30)]
    for saver in savers:
        saver.start()
    go.set()  # all at once
    for saver in savers:
        saver.join(20)
    assert [saver.exitcode for saver in savers] == [0] * 30

    store = TokenStore(path)
    found = {n: store.load(f"http://127.0.0.1:{9000 + n}/rest/v2") for n in range(30)}
    assert {n: token.access_token for n, token in found.items() if token} == {
        n: f"t{n}" for n in range(30)
    }


def test_a_binary_store_is_moved_aside_with_a_clear_error(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_bytes(BINARY)

    with pytest.raises(TokenStoreError, match="could not be read .it is not text.") as caught:
        TokenStore(path).load("http://127.0.0.1:9/rest/v2")

    (backup,) = tmp_path.glob("tokens.json.damaged-*")
    assert backup.read_bytes() == BINARY and str(backup) in str(caught.value)


def test_the_config_directory_is_created_private(tmp_path):
    store = TokenStore(tmp_path / "new" / "flattr" / "tokens.json")
    store.save("http://127.0.0.1:9/rest/v2", StoredToken("t"))
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert store.warnings == []


@pytest.mark.parametrize(("mode", "who"), [(0o770, "its group"), (0o707, "everyone")])
def test_a_directory_others_can_write_is_warned_about(tmp_path, mode, who):
    directory = tmp_path / "flattr"
    directory.mkdir()
    directory.chmod(mode)
    store = TokenStore(directory / "tokens.json")

    store.save("http://127.0.0.1:9/rest/v2", StoredToken("t"))

    (warning,) = store.warnings
    assert f"can be written by {who}" in warning and f"chmod 700 {directory}" in warning


@pytest.fixture
def browser(monkeypatch):
    """A fake browser that follows the authorize URL to the login's callback server."""
    monkeypatch.setattr(
        account.webbrowser, "open", lambda url, *a, **k: bool(requests.get(url, timeout=10))
    )


@pytest.fixture
def binary_store(tmp_path, monkeypatch):
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path))
    (tmp_path / "tokens.json").write_bytes(BINARY)
    return tmp_path


def test_whoami_with_a_binary_store_is_one_error_line(approving_sandbox, binary_store):
    result = CliRunner().invoke(cli, ["--api-url", approving_sandbox.api_url, "whoami"])

    message = failed(result)
    assert message.startswith("Error: the token store ") and "flattr login" in message
    (backup,) = binary_store.glob("tokens.json.damaged-*")
    assert backup.read_bytes() == BINARY


def test_login_over_a_binary_store_keeps_it_aside_and_saves(
    approving_sandbox, binary_store, browser
):
    result = CliRunner().invoke(
        cli, ["--api-url", approving_sandbox.api_url, "login", "--timeout", "20"]
    )

    assert "Logged in to" in ok(result)
    (backup,) = binary_store.glob("tokens.json.damaged-*")
    assert backup.read_bytes() == BINARY
    assert f"kept as {backup}" in result.stderr
    assert TokenStore().load(approving_sandbox.api_url) is not None


def test_whoami_warns_about_a_config_directory_others_can_write(
    approving_sandbox, tmp_path, monkeypatch
):
    directory = tmp_path / "group-writable"
    directory.mkdir()
    directory.chmod(0o777)
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(directory))
    token = approving_sandbox.mint_token("alice")
    TokenStore().save(approving_sandbox.api_url, StoredToken(token, username="alice"))

    result = CliRunner().invoke(cli, ["--api-url", approving_sandbox.api_url, "whoami"])

    assert "User:" in ok(result)
    assert f"Warning: the token store's directory {directory} can be written by everyone" in (
        result.stderr
    )
