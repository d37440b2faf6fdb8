"""Kept for notebooks written before the move: the grading code lives in cjm_helpers.assess."""

from .assess.grading import (  # noqa: F401
    EXAMPLE_PREFIX, GRADING_ENV, NOT_ATTEMPTED, NOT_YET, PASSED, Outcome, evaluate, grading, require,
)
from .assess.verdict import show_criterion  # noqa: F401
