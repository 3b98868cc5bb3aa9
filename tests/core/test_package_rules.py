"""House rules: one error tree, no config<->tokens cycle, a NullHandler on the package logger."""

import subprocess
import sys

import pytest
from mkdocs_flattr.feeds import FeedError

from flattr_core.config import ConfigError
from flattr_core.errors import FlattrError
from flattr_core.publish.entry import SettingsError
from flattr_core.publish.state import StateFileError
from flattr_core.tokens import TokenStoreError


@pytest.mark.parametrize(
    "error", [ConfigError, TokenStoreError, SettingsError, StateFileError, FeedError]
)
def test_the_settings_and_file_errors_are_flattr_errors_and_still_value_errors(error):
    with pytest.raises(FlattrError) as caught:
        raise error("what went wrong, and what to do")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "what went wrong, and what to do"


def test_config_does_not_load_the_token_store():
    # The token rule lives beside the store (flattr_core.tokens), not in config: no cycle.
    code = "import sys, flattr_core.config; print('flattr_core.tokens' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_package_logger_has_a_null_handler_so_apps_decide_where_logs_go():
    import logging

    import flattr_core

    assert flattr_core.__version__
    handlers = logging.getLogger("flattr_core").handlers
    assert any(isinstance(handler, logging.NullHandler) for handler in handlers)
