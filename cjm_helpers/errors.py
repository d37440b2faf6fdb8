"""Errors a learner can act on: they name the file, the field and the problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


class CJMError(Exception):
    """Base of the workbook's own errors."""


class MapFileError(CJMError):
    """A map file that cannot be read, parsed or written."""

    def __init__(self, path: str | Path | None, problem: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (a field path) and what, in plain words."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class MapValidationError(MapFileError, ValueError):
    """A map that breaks the format: every problem with its field path."""

    def __init__(self, problems: list[Problem], path: str | Path | None = None):
        self.problems = problems
        lines = "; ".join(str(p) for p in problems)
        count = f"{len(problems)} problems: " if len(problems) > 1 else ""
        super().__init__(path, f"not a valid journey map: {count}{lines}")


def field_path(loc: tuple[Any, ...]) -> str:
    """('stages', 2, 'touchpoints', 0, 'feeling') -> 'stages[2].touchpoints[0].feeling'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _plain(error: dict[str, Any]) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if kind in ("greater_than_equal", "less_than_equal"):
        return _range_message(error, value)
    messages = {
        "missing": "is required but missing",
        "int_parsing": f"must be a whole number, got {shown}",
        "int_type": f"must be a whole number, got {shown}",
        "int_from_float": f"must be a whole number, got {shown}",
        "float_parsing": f"must be a number, got {shown}",
        "float_type": f"must be a number, got {shown}",
        "string_type": f"must be text, got {shown}",
        "bool_type": f"must be true or false, got {shown}",
        "bool_parsing": f"must be true or false, got {shown}",
        "list_type": f"must be a list, got {shown}",
        "model_type": f"must be an object with named fields, got {shown}",
        "dict_type": f"must be an object with named fields, got {shown}",
        "model_attributes_type": f"must be an object with named fields, got {shown}",
        "string_too_short": "must not be empty",
        "enum": f"must be one of {ctx.get('expected', '')}, got {shown}",
    }
    return messages.get(kind, error["msg"])


def _range_message(error: dict[str, Any], value: Any) -> str:
    from .model import FEELING_MAX, FEELING_MIN

    field = error["loc"][-1] if error["loc"] else ""
    if field in ("feeling", "expected_feeling"):
        return f"must be between {FEELING_MIN} and {FEELING_MAX}, got {value!r}"
    if field == "severity":
        return f"must be between 1 and 3, got {value!r}"
    return error["msg"].lower() + f", got {value!r}"


def problems_from(exc: Any) -> list[Problem]:
    """Plain-word problems from a pydantic ValidationError."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "unknown_field":
            loc = loc + (error["ctx"]["key"],)
        problems.append(Problem(field_path(loc), _plain(error)))
    return problems
