"""Moved to cjm_helpers.assess.hidden_feedback (the trust boundary); kept for old imports."""

from .assess.hidden_feedback import HIDDEN_NOTE, HideHiddenChecks

__all__ = ["HIDDEN_NOTE", "HideHiddenChecks"]
