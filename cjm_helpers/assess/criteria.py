"""The marking criteria of every exercise, written once.

Each criterion is one autograded cell of an exercise notebook: its nbgrader
grade_id, its points and its requirement in plain words, and the keywords of
`grading.evaluate` that judge it. The self-check (`task.check()`, which the
builder's Check calls), the graded cells, the autograde preprocessors and the
cohort overview all read this table, so they cannot disagree. Every condition
is stated in `requirement`: there are no hidden checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Criterion:
    """One autograded cell: grade_id, points, what it asks for, and how evaluate() judges it."""

    grade_id: str
    points: int
    requirement: str
    needs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExerciseCriteria:
    """An exercise's map files (names fixed by the course, not by the learner) and its criteria."""

    activity_id: str
    notebook: str  # the assignment folder and notebook name, e.g. "02_current_state"
    map_type: str
    map_file: str
    criteria: tuple[Criterion, ...]
    current_file: str | None = None  # future state: the current-state map beside it

    @property
    def points(self) -> int:
        return sum(c.points for c in self.criteria)

    @property
    def files(self) -> tuple[str, ...]:
        return (self.map_file,) + ((self.current_file,) if self.current_file else ())


def _c(grade_id: str, points: int, requirement: str, **needs: Any) -> Criterion:
    return Criterion(grade_id, points, requirement, needs)


EXERCISES: dict[str, ExerciseCriteria] = {c.activity_id: c for c in (
    ExerciseCriteria("E01", "01_persona", "current_state", "my_persona.json", (
        _c("01_persona_persona_complete", 1,
           "the saved persona has a name, a description, a goal, a need and a frustration",
           persona=True),
        _c("01_persona_persona_specific", 1,
           "the persona is specific (the persona checks find no errors), has a scenario, "
           "and is your own, not the worked example",
           persona=True, filled=("scenario",), rules=("persona",), differs_from="language_course_current"),
    )),
    ExerciseCriteria("E02", "02_current_state", "current_state", "my_current_state.json", (
        _c("02_current_state_persona", 1,
           "a current-state map whose persona has a name, description, goal, need and frustration",
           persona=True),
        _c("02_current_state_structure", 2, "at least 3 stages and 5 touchpoints",
           stages=3, touchpoints=5),
        _c("02_current_state_pain_points", 1, "at least 2 pain points and a moment of truth",
           pain_points=2, moments_of_truth=1),
        _c("02_current_state_checks", 2,
           "the map's checks find no errors, and it is a journey of your own, not the worked example",
           no_errors=True, differs_from="language_course_current"),
    )),
    ExerciseCriteria("E03", "03_future_state", "future_state", "my_future_state.json", (
        _c("03_future_state_based_on", 1, "a future-state map whose based_on names the current-state map beside it",
           rules=("future.based_on",)),
        _c("03_future_state_improvements", 2,
           "at least 2 improvements, each naming a pain point of the current map and a touchpoint",
           improvements=2, rules=("future.improvement",)),
        _c("03_future_state_checks", 3,
           "the checks find no errors (every critical pain point improved or deferred with a reason), "
           "every improved touchpoint feels better than today, and the current-state map is your own, "
           "not the worked example",
           no_errors=True, feelings_rise=True, own_current="language_course_current"),
    ), current_file="my_current_state.json"),
    ExerciseCriteria("E04", "04_day_in_the_life", "day_in_the_life", "my_day_in_the_life.json", (
        _c("04_day_in_the_life_structure", 1, "a day-in-the-life map with at least 4 moments (stages) and 4 touchpoints",
           stages=4, touchpoints=4),
        _c("04_day_in_the_life_checks", 2,
           "the checks find no errors (times in order, every touchpoint complete), "
           "and it is a day of your own persona, not the worked example",
           no_errors=True, differs_from="language_learner_day"),
    )),
    ExerciseCriteria("E05", "05_service_blueprint", "service_blueprint", "my_service_blueprint.json", (
        _c("05_service_blueprint_structure", 1, "a service blueprint with at least 3 stages, 4 touchpoints and a fail point",
           stages=3, touchpoints=4, fail_points=1),
        _c("05_service_blueprint_lanes", 3,
           "the checks find no errors (frontstage, backstage and support for every customer-facing "
           "touchpoint), and it is a service of your own, not the worked example",
           no_errors=True, differs_from="hotel_blueprint"),
    )),
    ExerciseCriteria("E06", "06_journey_data", "current_state", "my_journey_data.json", (
        _c("06_journey_data_finding", 1,
           "a current-state map with no errors, and a pain point that quotes a figure from the data",
           no_errors=True, data_finding=True),
        _c("06_journey_data_worst_stage", 1,
           "that pain point sits at the map stage where the funnel loses the largest share of people, "
           "and its touchpoint carries an opportunity you propose (one the course's map did not have)",
           data_finding="worst", proposal=True),
    )),
)}


def for_activity(activity_id: str) -> ExerciseCriteria:
    """The criteria of an exercise by its course id (E01..E06)."""
    try:
        return EXERCISES[activity_id]
    except KeyError:
        raise KeyError(f"no marking criteria for {activity_id!r}; known: {', '.join(EXERCISES)}") from None


def for_notebook(notebook: str) -> ExerciseCriteria | None:
    """The criteria of an exercise notebook by its name (e.g. "02_current_state"), None if it has none."""
    return next((c for c in EXERCISES.values() if c.notebook == notebook), None)


def criterion(grade_id: str) -> tuple[ExerciseCriteria, Criterion]:
    """The exercise and criterion of a graded cell's grade_id."""
    for exercise in EXERCISES.values():
        for item in exercise.criteria:
            if item.grade_id == grade_id:
                return exercise, item
    raise KeyError(f"no marking criterion with grade_id {grade_id!r}")
