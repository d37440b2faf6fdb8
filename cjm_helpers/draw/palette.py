"""The drawings' colours and marks, defined in cjm_helpers/palette.py (which imports nothing, so
code that must not load matplotlib, like cjm_helpers.analytics, can use them too)."""

from ..palette import *  # noqa: F403 - every colour and mark, as palette.X in the drawing modules
from ..palette import feeling_colour  # noqa: F401 - named for readers and linters
