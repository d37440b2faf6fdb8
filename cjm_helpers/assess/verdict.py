"""The one verdict on an exercise's map: every criterion judged, with its points.

    verdict = judge("E02", "my_current_state.json")
    verdict.points, verdict.possible, verdict.passed, verdict.attempted
    verdict.results        # [(Criterion, Outcome)] in the notebook's order
    show_criterion("02_current_state_structure", map_path)   # a graded cell's line

judge() is what the self-check, the builder's Check (through task.check),
the autograde preprocessors and the cohort overview all call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .criteria import Criterion, ExerciseCriteria, criterion, for_activity
from .grading import NOT_ATTEMPTED, Outcome, evaluate, grading


@dataclass
class Verdict:
    """Every criterion of one exercise judged on one map."""

    exercise: ExerciseCriteria
    results: list[tuple[Criterion, Outcome]]

    @property
    def points(self) -> int:
        return sum(c.points for c, outcome in self.results if outcome.passed)

    @property
    def possible(self) -> int:
        return self.exercise.points

    @property
    def passed(self) -> bool:
        return all(outcome.passed for _, outcome in self.results)

    @property
    def attempted(self) -> bool:
        return not all(outcome.status == NOT_ATTEMPTED for _, outcome in self.results)

    def problems(self) -> list[str]:
        """What is missing, each problem once, in the criteria's order."""
        seen: list[str] = []
        for _, outcome in self.results:
            seen += [p for p in outcome.problems if p not in seen]
        return seen


def judge_criterion(item: Criterion, exercise: ExerciseCriteria, answer: Any, current: Any = None) -> Outcome:
    """One criterion on a map (path, dict or JourneyMap); never raises on the learner's input."""
    needs = dict(item.needs)
    if exercise.current_file:
        needs["current"] = current
    return evaluate(answer, exercise.map_type, **needs)


def judge(activity_id: str, answer: Any, current: Any = None) -> Verdict:
    """Every criterion of an exercise on a map; `current` is the current-state map of a future state."""
    exercise = for_activity(activity_id)
    if exercise.current_file and current is None and isinstance(answer, (str, Path)):
        current = Path(answer).parent / exercise.current_file
    return Verdict(exercise, [(c, judge_criterion(c, exercise, answer, current)) for c in exercise.criteria])


def criterion_line(item: Criterion, outcome: Outcome) -> str:
    """What a graded cell shows: its points and requirement, then the outcome."""
    unit = "point" if item.points == 1 else "points"
    return f"{item.points} {unit}: {item.requirement}\n{outcome}"


def show_criterion(grade_id: str, map_path: str | Path, current_path: str | Path | None = None) -> None:
    """A graded cell: print the criterion and its outcome (under `nbgrader validate`, raise unless met).

    The mark itself is set by the autograde preprocessors in the grader's
    process, whatever this cell printed in the learner's kernel.
    """
    exercise, item = criterion(grade_id)
    if exercise.current_file and current_path is None:
        current_path = Path(map_path).parent / exercise.current_file
    outcome = judge_criterion(item, exercise, map_path, current_path)
    line = criterion_line(item, outcome)
    if grading() and not outcome.passed:
        raise AssertionError(line)
    print(line)
