"""Undo and redo: the map's versions as plain dicts, one per learner action.

Quick edits of the same kind (typing in one field) within `merge_seconds` make
one step, so Undo takes back the whole word, not one letter.
"""

from __future__ import annotations

import time
from typing import Any


class History:
    """The versions before (undo) and after (redo) the present map."""

    def __init__(self, limit: int = 200, merge_seconds: float = 1.5):
        self.limit = limit
        self.merge_seconds = merge_seconds
        self.present: dict[str, Any] | None = None
        self._undo: list[dict[str, Any]] = []
        self._redo: list[dict[str, Any]] = []
        self._last_kind: str | None = None
        self._last_time = 0.0

    def reset(self, present: dict[str, Any] | None) -> None:
        """Start again from `present` (a map was loaded): nothing to undo."""
        self.present, self._undo, self._redo, self._last_kind = present, [], [], None

    def record(self, new: dict[str, Any], kind: str = "edit") -> bool:
        """`new` is the map after an action; False when nothing changed."""
        if new == self.present:
            return False
        now = time.monotonic()
        merge = (kind == self._last_kind and kind.startswith("type:") and self._undo
                 and now - self._last_time < self.merge_seconds)
        if not merge and self.present is not None:
            self._undo.append(self.present)
            del self._undo[:-self.limit]
        self.present, self._redo = new, []
        self._last_kind, self._last_time = kind, now
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> dict[str, Any] | None:
        """The version before the present one (it becomes the present), None when there is none."""
        if not self._undo:
            return None
        self._redo.append(self.present)
        self.present, self._last_kind = self._undo.pop(), None
        return self.present

    def redo(self) -> dict[str, Any] | None:
        if not self._redo:
            return None
        self._undo.append(self.present)
        self.present, self._last_kind = self._redo.pop(), None
        return self.present
