"""Where the client finds its servers and its token (flattr_core.config, flattr_core.tokens)."""

import json
import stat

import pytest

from flattr_core import config
from flattr_core.config import ConfigError, resolve_api_url, resolve_web_url
from flattr_core.tokens import (
    StoredToken,
    TokenStore,
    TokenStoreError,
    config_dir,
    resolve_token,
)

SANDBOX_API = "http://127.0.0.1:8765/rest/v2"


def test_api_url_keyword_then_environment_then_default(monkeypatch):
    assert resolve_api_url() == config.DEFAULT_API_URL
    monkeypatch.setenv("FLATTR_API_URL", SANDBOX_API + "/")
    assert resolve_api_url() == SANDBOX_API
    assert resolve_api_url("https://other.example/rest/v2") == "https://other.example/rest/v2"


def test_web_url_follows_a_sandbox_api_url(monkeypatch):
    assert resolve_web_url() == config.DEFAULT_WEB_URL
    assert resolve_web_url(api_url=SANDBOX_API) == "http://127.0.0.1:8765"
    monkeypatch.setenv("FLATTR_WEB_URL", "http://web.example")
    assert resolve_web_url(api_url=SANDBOX_API) == "http://web.example"


@pytest.mark.parametrize("bad", ["api.flattr.com", "ftp://x/rest/v2", "http://"])
def test_a_base_url_that_is_not_absolute_http_is_refused_with_an_example(bad):
    with pytest.raises(ConfigError, match="absolute http"):
        resolve_api_url(bad)


def test_token_keyword_then_environment_then_store(monkeypatch, tmp_path):
    store = TokenStore(tmp_path / "tokens.json")
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path))
    assert resolve_token(api_url=SANDBOX_API) is None

    store.save(SANDBOX_API, StoredToken("from-store", username="alice"))
    assert resolve_token(api_url=SANDBOX_API) == "from-store"
    assert resolve_token() is None  # stored for the sandbox only, never sent elsewhere

    monkeypatch.setenv("FLATTR_ACCESS_TOKEN", " from-env\n")
    assert resolve_token(api_url=SANDBOX_API) == "from-env"
    assert resolve_token("explicit") == "explicit"


def test_the_store_is_private_and_hides_tokens_in_reprs(tmp_path):
    store = TokenStore(tmp_path / "flattr" / "tokens.json")

    store.save(SANDBOX_API, StoredToken("s3cret", username="alice", scopes=("flattr",)))

    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    loaded = store.load(SANDBOX_API)
    assert loaded == StoredToken("s3cret", "alice", ("flattr",))
    assert "s3cret" not in repr(loaded)
    assert store.delete(SANDBOX_API) is True and store.load(SANDBOX_API) is None


def test_a_damaged_store_is_moved_aside_and_reported_never_lost(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(TokenStoreError, match="could not be read") as caught:
        TokenStore(path).load(SANDBOX_API)

    (backup,) = tmp_path.glob("tokens.json.damaged-*")
    assert backup.read_text(encoding="utf-8") == "{not json"
    assert str(backup) in str(caught.value) and "flattr login" in str(caught.value)
    assert TokenStore(path).load(SANDBOX_API) is None  # moved: the next read starts empty


def test_saving_over_a_damaged_store_keeps_the_old_file(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_text("[1, 2]", encoding="utf-8")
    store = TokenStore(path)

    store.save(SANDBOX_API, StoredToken("fresh"))

    assert store.recovered is not None and store.recovered.read_text(encoding="utf-8") == "[1, 2]"
    assert store.load(SANDBOX_API) == StoredToken("fresh")


def test_an_entry_of_the_wrong_shape_reads_as_no_token(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({SANDBOX_API: {"access_token": 42}}), encoding="utf-8")
    assert TokenStore(path).load(SANDBOX_API) is None


def test_a_bad_web_url_gets_a_web_example(monkeypatch):
    monkeypatch.setenv("FLATTR_WEB_URL", "foo")
    with pytest.raises(ConfigError, match="FLATTR_WEB_URL must be .* such as 'https://flattr.com'"):
        resolve_web_url()


def test_config_dir_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path / "here"))
    assert config_dir() == tmp_path / "here"
    monkeypatch.delenv("FLATTR_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_dir() == tmp_path / "xdg" / "flattr"
