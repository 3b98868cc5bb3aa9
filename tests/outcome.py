"""How a test's call phase ended, for fixtures whose teardown checks depend on it.

A pytest plugin (listed in ``tests/conftest.py``): it records each test's outcome, and a fixture
asks :func:`call_passed` after its ``yield``. A skip raised inside the test (``pytest.skip``)
records ``"skipped"``, so such a fixture can tell a finished test from one that stopped early.
"""

import pytest

CALL_OUTCOME = pytest.StashKey[str]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_OUTCOME] = report.outcome
    return report


def call_passed(node: pytest.Item) -> bool:
    """True when the test ran to the end and passed."""
    return node.stash.get(CALL_OUTCOME, None) == "passed"
