"""Errors of the analytics tools: they name the file, the column, the rows or the stage."""

from __future__ import annotations

from pathlib import Path

from ..errors import CJMError


class EventLogError(CJMError, ValueError):
    """An event log that cannot be read or used: missing columns, bad rows, no events."""

    def __init__(self, source: str | Path | None, problem: str):
        self.source = str(source) if source is not None else None
        self.problem = problem
        super().__init__(f"{self.source}: {problem}" if self.source else problem)


class StageDefinitionError(CJMError, ValueError):
    """A stage definition that cannot give a funnel: no stages, a stage without events,
    an event in two stages, or stage events that do not occur in the log."""
