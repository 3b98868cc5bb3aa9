"""How a ``Problem`` is logged: the one policy both site plugins follow.

A problem whose severity is "info" is a documented automatic fill that produced a valid value
(MkDocs' "Home" title completed with the site name): it is logged at INFO, so that
``mkdocs build --strict`` and ``pelican --fatal warnings`` do not fail on it. Every other
problem asks the author to fix something and is a WARNING, which strict builds count.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from flattr_core.publish.entry import Problem


class ProblemLogger(Protocol):
    """What ``log_problems`` needs of a logger (``logging.Logger`` and adapters fit)."""

    def log(
        self, level: int, msg: object, /, *args: object, extra: Mapping[str, object] | None = ...
    ) -> None: ...


def problem_level(problem: Problem) -> int:
    """``logging.INFO`` for an automatic fill, ``logging.WARNING`` for everything else."""
    return logging.INFO if problem.severity == "info" else logging.WARNING


def log_problems(
    problems: Iterable[Problem],
    logger: ProblemLogger,
    *,
    prefix: str = "",
    warning_extra: Mapping[str, Any] | None = None,
) -> None:
    """Log each problem at its ``problem_level``, as ``{prefix}{source}: {field}: {message}``.

    ``warning_extra`` goes with warnings only (Pelican's ``limit_msg``, which folds repeated
    warnings into one line, must not swallow info lines).
    """
    for problem in problems:
        level = problem_level(problem)
        if level >= logging.WARNING and warning_extra is not None:
            logger.log(level, "%s%s", prefix, problem, extra=dict(warning_extra))
        else:
            logger.log(level, "%s%s", prefix, problem)
