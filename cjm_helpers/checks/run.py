"""check_map: load what it is given, resolve the current state, run every applicable rule, never raise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import MapFileError, MapValidationError
from ..model import JourneyMap, MapType
from .report import Finding, Report
from .rules import RULES, Context

READ_HINT = "Fix the field named above, then check again."


def _unreadable(source: str | None, problem: str | MapFileError) -> Report:
    where = f"file '{source}'" if source else "map"
    hint = READ_HINT
    if source:
        from ..storage import backup_path

        try:
            if backup_path(source).is_file():
                hint += f" The previous good version is kept in {backup_path(source)}."
        except (OSError, ValueError):
            pass
    report = Report(findings=[Finding("map.readable", "error", where, str(getattr(problem, "problem", problem)), hint)],
                    source=source)
    if isinstance(problem, MapValidationError):
        report.problems = list(problem.problems)
    return report


def _load(answer: Any) -> tuple[JourneyMap | None, Path | None, str | MapFileError | None]:
    """(map, path, problem): exactly one of map and problem (words, or the error with every problem) is set."""
    from ..storage import load_map, map_from_dict

    if isinstance(answer, JourneyMap):
        return answer, None, None
    if isinstance(answer, (str, Path)):
        path = Path(answer)
        try:
            return load_map(path), path, None
        except MapValidationError as exc:
            return None, path, exc
        except MapFileError as exc:
            return None, path, exc.problem
        except (RecursionError, MemoryError, ValueError, OSError) as exc:
            return None, path, f"cannot be read as a map: {type(exc).__name__}"
    if isinstance(answer, dict):
        try:
            return map_from_dict(dict(answer)), None, None
        except MapValidationError as exc:
            return None, None, exc
        except MapFileError as exc:
            return None, None, exc.problem
        except (RecursionError, ValueError, TypeError) as exc:
            return None, None, f"not a valid journey map: {type(exc).__name__}"
    return None, None, f"expected a map, a dict or a file path, got {type(answer).__name__}"


def _current(journey: JourneyMap, path: Path | None, current: Any) -> tuple[JourneyMap | None, str | None]:
    """The current-state map a future state is based on, or the problem in words."""
    if current is None:
        if not (journey.based_on or "").strip():
            return None, None
        base = path.parent if path is not None else Path.cwd()
        current = base / journey.based_on
    found, cpath, problem = _load(current)
    problem = getattr(problem, "problem", problem)
    label = f"current-state map '{cpath}'" if cpath is not None else "the current-state map"
    if problem:
        if cpath is not None and problem == "no such file":
            return None, f"based_on names '{journey.based_on}', but there is no file {cpath}"
        return None, f"{label}: {problem}"
    if found.map_type != MapType.current_state:
        return None, f"{label} is a {found.map_type.value.replace('_', ' ')} map, not a current-state map"
    return found, None


def check_map(map_or_path: Any, current: Any = None) -> Report:
    """Check a map (a JourneyMap, a dict or a file path) and report findings; never raises on learner input.

    For a future-state map the current state is `current` (map, dict or path) when
    given, else the file named by `based_on`, relative to the map file's folder
    (or to the working folder when a map object is given).
    """
    journey, path, problem = _load(map_or_path)
    source = str(path) if path is not None else None
    if journey is None:
        return _unreadable(source, problem)
    ctx = Context(map=journey, path=path)
    if journey.map_type == MapType.future_state:
        try:
            ctx.current, ctx.current_problem = _current(journey, path, current)
        except Exception as exc:  # noqa: BLE001 - a learner's input must never crash the check
            ctx.current_problem = f"the current-state map cannot be read ({type(exc).__name__})"
    report = Report(title=journey.title, map_type=journey.map_type.value, source=source)
    for rule in RULES.values():
        if not rule.applies(journey.map_type):
            continue
        report.rules_applied.append(rule.id)
        if rule.needs_current and ctx.current is None:
            report.rules_not_run.append(rule.id)
            continue
        try:
            found = list(rule.func(ctx))
        except Exception as exc:  # noqa: BLE001 - report, never raise
            report.findings.append(Finding(
                "checks.internal", "error", "map",
                f"The check {rule.id} could not run ({type(exc).__name__}: {exc}).",
                "This is a fault in the workbook, not in your map: please tell your trainer."))
            continue
        report.findings.extend(Finding(rule.id, rule.severity, w, m, h) for w, m, h in found)
    return report
