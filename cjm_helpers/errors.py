"""Errors a learner can act on: they name the file, the field and the problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


SHOWN_PROBLEMS = 50     # problems spelled out in one message (all are kept in .problems)


class CJMError(Exception):
    """Base of the workbook's own errors.

    An error about a file with many problems sets `path`, `problems` and `what` (the heading, such as
    "not a valid journey map"); report_lines() then gives one problem a line, each naming the file."""

    path: str | None = None
    problems: list = []
    what = "has problems"
    more = ""                       # how to see them all, after "and N more"
    most_shown = SHOWN_PROBLEMS     # problems spelled out

    def shown_problems(self, more: str | None = None) -> list[str]:
        """The problems as text, cut after `most_shown` by "and N more (`more`)"."""
        return cut_problems(self.problems, self.more if more is None else more, self.most_shown)

    def report_lines(self) -> list[str]:
        """What a command prints: the message, or the heading and every problem on its own line."""
        if not self.problems:
            return [str(self)]
        where = f"{self.path}: " if self.path else ""
        head = f"{where}{self.what}: {len(self.problems):,} problem{'s' * (len(self.problems) != 1)}:"
        lines = self.shown_problems()
        cut = self.most_shown
        return [head, *(f"  {where}{line}" for line in lines[:cut]), *(f"  {line}" for line in lines[cut:])]


def cut_problems(problems: list, more: str = "", shown: int = SHOWN_PROBLEMS) -> list[str]:
    """The first `shown` problems as text, then "and N more" (with `more` in brackets) when there are more."""
    lines = [str(p) for p in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"and {len(problems) - shown:,} more" + (f" ({more})" if more else ""))
    return lines


def listed(places: list[str], total: int) -> str:
    """Places spelled out, then how many more of `total` there are: "line 3, line 9 and 4 more"."""
    return ", ".join(places) + (f" and {total - len(places):,} more" if total > len(places) else "")


def problems_in_a_line(problems: list, shown: int = SHOWN_PROBLEMS) -> str:
    """The problems in one line: "N problems: a; b; and N more" (only the problem when there is one)."""
    count = f"{len(problems):,} problems: " if len(problems) > 1 else ""
    return count + "; ".join(cut_problems(problems, shown=shown))


def refused(exc: BaseException, label: str = "error") -> int:
    """Print why a command refused its input (each problem a line, see CJMError.report_lines) to stderr,
    after `label: `; returns 2, the exit code of refused input."""
    import sys

    lines = exc.report_lines() if isinstance(exc, CJMError) else [str(exc)]
    print(f"{label}: " + "\n".join(lines), file=sys.stderr)
    return 2


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

    what = "not a valid journey map"
    more = "check --json lists every one"

    def __init__(self, problems: list[Problem], path: str | Path | None = None):
        self.problems = problems
        super().__init__(path, f"{self.what}: {problems_in_a_line(problems)}")


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
    shown = _shown(value)
    if kind in ("greater_than_equal", "less_than_equal"):
        return _range_message(error, value)
    if kind == "extra_forbidden":
        from .model import known_fields, unknown_field_hint

        return unknown_field_hint(str(error["loc"][-1]), known_fields(tuple(error["loc"][:-1])))
    if kind == "string_too_long":
        return (f"is {len(value):,} characters long; the limit is {ctx.get('max_length', 0):,} "
                "characters: shorten it")
    if kind == "too_long":
        from .map_limits import too_many_entries

        return too_many_entries(ctx.get("actual_length", 0), ctx.get("max_length", 0))
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
        "string_pattern_mismatch": f"must be lower-case letters, digits and _, starting with a letter "
                                   f"(like self_service), got {shown}",
        "enum": f"must be one of {ctx.get('expected', '')}, got {shown}",
    }
    return messages.get(kind, error["msg"])


def _shown(value: Any) -> str:
    """A value for a message: short, whatever the learner's file holds."""
    if isinstance(value, (dict, list)):
        return type(value).__name__
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _range_message(error: dict[str, Any], value: Any) -> str:
    from .model import FEELING_MAX, FEELING_MIN

    field = error["loc"][-1] if error["loc"] else ""
    if field in ("feeling", "expected_feeling"):
        return f"must be between {FEELING_MIN} and {FEELING_MAX}, got {_shown(value)}"
    if field == "severity":
        return f"must be between 1 and 3, got {_shown(value)}"
    return error["msg"].lower() + f", got {_shown(value)}"


def problems_from(exc: Any) -> list[Problem]:
    """Plain-word problems from a pydantic ValidationError."""
    problems = []
    for error in exc.errors(include_url=False):
        problems.append(Problem(field_path(tuple(error["loc"])), _plain(error)))
    return problems
