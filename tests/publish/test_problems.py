"""log_problems: the one rule both plugins use to log what normalise reports."""

import logging

from flattr_core.publish import Problem, log_problems, problem_level

FILL = Problem("docs/index.md", "title", "'Home' is short; using 'Home - Docs'", severity="info")
FIX = Problem("content/a.md", "language", "'xx' is not a language Flattr knows; omitted")


def test_an_automatic_fill_is_info_and_anything_else_a_warning():
    assert problem_level(FILL) == logging.INFO
    assert problem_level(FIX) == logging.WARNING


def test_problems_are_logged_at_their_level_with_the_plugins_prefix(caplog):
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("test.flattr.problems")

    log_problems([FILL, FIX], logger, prefix="pelican_flattr: ", warning_extra={"mark": 1})

    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("INFO", "pelican_flattr: docs/index.md: title: 'Home' is short; using 'Home - Docs'"),
        (
            "WARNING",
            "pelican_flattr: content/a.md: language: 'xx' is not a language Flattr knows; omitted",
        ),
    ]
    assert not hasattr(caplog.records[0], "mark") and caplog.records[1].mark == 1
