"""Shared test setup: an isolated config directory and clean Pelican logging. (The
``flattr_sandbox`` fixture comes from the installed `flattr_sandbox` pytest plugin.)"""

import pytest

# outcome: how each test ended, for teardown checks; pytester: tests of those fixtures.
pytest_plugins = ["tests.outcome", "pytester"]


FLATTR_VARIABLES = (
    "FLATTR_ACCESS_TOKEN",
    "FLATTR_API_URL",
    "FLATTR_WEB_URL",
    "FLATTR_CLIENT_ID",
    "FLATTR_CLIENT_SECRET",
)


def _isolate(monkeypatch: pytest.MonkeyPatch, config_dir) -> None:
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(config_dir))
    for name in FLATTR_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session", autouse=True)
def _isolated_flattr_session(tmp_path_factory):
    """The same for the whole session, so that what a fixture builds once for several tests
    (module or session scope, set up before the per-test isolation) is isolated too. Compiled
    templates go to one folder of the session's (builds in subprocesses included), never to the
    developer's ~/.cache."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, tmp_path_factory.mktemp("flattr-config-session"))
        monkeypatch.setenv("FLATTR_CACHE_DIR", str(tmp_path_factory.mktemp("flattr-cache")))
        yield


@pytest.fixture(autouse=True)
def _isolated_flattr_environment(tmp_path_factory, monkeypatch):
    """No test reads the developer's real token store or FLATTR_* variables."""
    _isolate(monkeypatch, tmp_path_factory.mktemp("flattr-config"))


@pytest.fixture(scope="module")
def approving_sandbox():
    """A sandbox that approves every authorize request as alice, without a page to click."""
    from flattr_sandbox import SandboxServer  # late: only login tests need Flask

    with SandboxServer(auto_approve="alice") as sandbox:
        yield sandbox


@pytest.fixture(autouse=True)
def _fresh_pelican_logging():
    """Pelican, once imported, makes every logger in the process drop a warning it has seen
    before and remembers `--fatal` across runs (pelican.log keeps both at class level). Tests in
    one process must each start clean, whichever plugin's tests ran before."""
    yield
    import sys

    log = sys.modules.get("pelican.log")
    if log is not None:
        log.LimitFilter._raised_messages.clear()
        log.LimitFilter._ignore.clear()
        log.LimitFilter._group_count.clear()
        log.FatalLogger.fatal_lvl = log.logging.CRITICAL + 1


# A test that counts requests against a small rate limit must not straddle a full hour: the
# sandbox's windows are clock hours (as Flattr's were), so the count would restart halfway.
# Margin: what a loaded test takes (15 s was once too little) and, against the sandbox, the
# client's own wait for a window that resets within RetryPolicy.max_rate_limit_wait: a test
# that starts a minute before the hour would otherwise sleep through the reset and go on
# (a CI run at 10:59 did: 9 created instead of 4).
_HOUR_MARGIN = 30.0


@pytest.fixture(autouse=True)
def _no_rate_window_boundary_during_the_test(request):
    """In the last seconds of an hour, wait for the next one to begin (at most once an hour)."""
    import time

    margin = _HOUR_MARGIN
    if "flattr_sandbox" in request.fixturenames:  # (these load the client anyway)
        from flattr_core.transport import RetryPolicy

        margin += RetryPolicy().max_rate_limit_wait
    left = 3600 - time.time() % 3600
    if left < margin:
        time.sleep(left + 0.05)
