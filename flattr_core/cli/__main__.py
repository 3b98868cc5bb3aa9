"""``python -m flattr_core.cli``: the same as the ``flattr`` command."""

from flattr_core.cli.app import main

main()
