"""One requirement judged on a saved map: passed, not yet (with what is missing) or not attempted.

    evaluate(map_path, "current_state", stages=3, touchpoints=5)   # -> Outcome
    require(map_path, "current_state", stages=3)                   # prints it

reads the SAVED map file (autograding re-executes the notebook in a fresh
kernel, so only what the builder saved counts). Numbers are minimums.

The marks nbgrader records do NOT come from require() in the learner's
kernel: the course's autograde preprocessors (assess/autograde.py) judge the
map files with evaluate() in the grader's own process and overwrite every
graded cell's output. require() raises AssertionError under nbgrader (it sets
NBGRADER_EXECUTION) only so that `nbgrader validate` shows the learner the
same verdict; anywhere else it never raises, so an untouched exercise runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

GRADING_ENV = "NBGRADER_EXECUTION"
PASSED, NOT_YET, NOT_ATTEMPTED = "passed", "not yet", "not attempted"
EXAMPLE_PREFIX = "example:"


def grading() -> bool:
    """True when nbgrader is executing the notebook (autograde or validate)."""
    return bool(os.environ.get(GRADING_ENV))


@dataclass
class Outcome:
    """The result of one requirement: status, and what is missing in plain words."""

    status: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __str__(self) -> str:
        if self.passed:
            return "✓ passed"
        mark = "–" if self.status == NOT_ATTEMPTED else "✗"
        return f"{mark} {self.status}: " + "; ".join(self.problems)


def _is_untouched(journey_map) -> bool:
    persona = journey_map.persona
    return not journey_map.touchpoints() and not any(
        (persona.name, persona.description, persona.goals, persona.needs, persona.frustrations)
    )


def _counts(journey_map) -> dict[str, int]:
    tps = [tp for _, tp in journey_map.touchpoints()]
    return {
        "stages": len(journey_map.stages),
        "touchpoints": len(tps),
        "pain_points": len(journey_map.pain_points()),
        "moments_of_truth": sum(tp.moment_of_truth for tp in tps),
        "opportunities": sum(len(tp.opportunities) for tp in tps),
        "improvements": len(journey_map.improvements),
        "fail_points": sum(tp.fail_point for tp in tps),
    }


_LABELS = {
    "stages": "stages", "touchpoints": "touchpoints", "pain_points": "pain points",
    "moments_of_truth": "moments of truth", "opportunities": "opportunities",
    "improvements": "improvements", "fail_points": "fail points",
}


def _persona_problems(persona) -> list[str]:
    missing = [
        label for label, value in (
            ("a name", persona.name), ("a description", persona.description),
            ("a goal", persona.goals), ("a need", persona.needs), ("a frustration", persona.frustrations),
        ) if not value
    ]
    return [f"the persona lacks {', '.join(missing)}"] if missing else []


def _rule_errors(map_path, rules: tuple[str, ...], current) -> list[str]:
    from ..checks import check_map

    report = check_map(map_path, current=str(current) if current is not None else None)
    found = [
        f for f in report.findings
        if f.severity == "error" and (not rules or any(f.rule.startswith(r) for r in rules))
    ]
    return [f"{f.where}: {f.message}" if f.where else f.message for f in found]


def _same_as_example(journey_map, example_name: str) -> bool:
    """A persona-only map is compared by persona, any other map by its stages."""
    from .. import examples

    example = examples.load(example_name)
    if not journey_map.stages:
        return (journey_map.persona.name, journey_map.persona.description) == (
            example.persona.name, example.persona.description)
    return example.to_dict()["stages"] == journey_map.to_dict()["stages"]


def evaluate(
    map_path: str | Path,
    map_type: str,
    *,
    persona: bool = False,
    filled: tuple[str, ...] | list[str] = (),
    no_errors: bool = False,
    rules: tuple[str, ...] | list[str] = (),
    current: str | Path | None = None,
    differs_from: str | None = None,
    data_finding: str | bool = False,
    proposal: bool = False,
    own_current: str | None = None,
    feelings_rise: bool = False,
    **at_least: int,
) -> Outcome:
    """Judge the saved map against the requirements; never raises on a learner's file.

    persona: the persona is complete; filled: these text fields are not empty;
    no_errors: check_map finds no errors (rules: only rules whose id starts
    with one of these); current: the current-state map for future-state rules;
    differs_from: not this example map unchanged; data_finding: a pain point cites a
    figure from the event log (True), at the stage that loses most people ("worst");
    proposal: with a new opportunity on that pain point's touchpoint;
    own_current: the current-state map (`current`) is not this example unchanged;
    feelings_rise: every improvement's touchpoint feels better than today (future state);
    at_least: stages=3, ... minimums.
    """
    from ..errors import MapFileError
    from ..model import JourneyMap
    from ..storage import as_map, load_map

    unknown = set(at_least) - set(_LABELS)
    if unknown:
        raise TypeError(f"require(): unknown requirement {', '.join(sorted(unknown))}")
    if isinstance(map_path, (str, Path)):
        path = Path(map_path)
        if not path.is_file():
            return Outcome(NOT_ATTEMPTED, [f"no map saved at {path} yet: build your map above and it is saved there"])
        try:
            journey_map = load_map(path)
        except MapFileError as exc:
            return Outcome(NOT_YET, [f"your map file cannot be read: {exc.problem}"])
    else:  # a map object or dict (the self-check of an unsaved map)
        try:
            journey_map = as_map(map_path)
        except (MapFileError, ValueError) as exc:
            return Outcome(NOT_YET, [f"your map cannot be read: {getattr(exc, 'problem', exc)}"])
        path = journey_map
    where = "your map" if isinstance(path, JourneyMap) else str(path)
    if _is_untouched(journey_map):
        return Outcome(NOT_ATTEMPTED, [f"the map in {where} is still empty"])
    if journey_map.map_type.value != map_type:
        return Outcome(NOT_YET, [
            f"{where} holds a {journey_map.map_type.value} map; this exercise needs a {map_type} map"
        ])
    problems = []
    counts = _counts(journey_map)
    for name, minimum in at_least.items():
        if counts[name] < minimum:
            problems.append(f"{_LABELS[name]}: {counts[name]} (at least {minimum} needed)")
    if persona:
        problems += _persona_problems(journey_map.persona)
    for name in filled:
        if not str(getattr(journey_map, name) or "").strip():
            problems.append(f"the map has no {name}")
    if no_errors or rules:
        problems += _rule_errors(path, tuple(rules), current)
    if data_finding:
        from ..analytics.finding import finding_problems

        problems += finding_problems(journey_map, at_worst_stage=data_finding == "worst", proposal=proposal)
    if differs_from and _same_as_example(journey_map, differs_from):
        problems.append("this is the worked example unchanged: map a journey of your own")
    if own_current or feelings_rise:
        problems += _future_problems(journey_map, current, own_current, feelings_rise)
    return Outcome(PASSED if not problems else NOT_YET, problems)


def _future_problems(journey_map, current, own_current: str | None, feelings_rise: bool) -> list[str]:
    """A future state built on the learner's own current state, where each improvement shows."""
    from ..errors import MapFileError
    from ..storage import load_map

    if current is None or not Path(current).is_file():
        return [f"no current-state map saved at {current}: the future state must start from your own"]
    try:
        today = load_map(current)
    except MapFileError as exc:
        return [f"your current-state map cannot be read: {exc.problem}"]
    problems = []
    if own_current and _same_as_example(today, own_current):
        problems.append("the current-state map is the worked example unchanged: "
                        "start from a current-state map of your own")
    if feelings_rise:
        problems += feelings_that_do_not_rise(journey_map, today)
    return problems


def feelings_that_do_not_rise(future, current) -> list[str]:
    """One problem per improvement whose touchpoint does not feel better in the future map than today."""
    problems = []
    for n, imp in enumerate(future.improvements, 1):
        after = future.find_touchpoint(imp.touchpoint)
        before = current.find_touchpoint(imp.touchpoint)
        if before is None:
            found = current.find_pain_point(imp.pain_point)
            before = found[1] if found else None
        if after is None or before is None or before.feeling is None:
            continue  # a broken link is reported by the future.improvement_links rule
        if after.feeling is None or after.feeling <= before.feeling:
            shown = "no feeling" if after.feeling is None else f"{after.feeling:+d}"
            problems.append(
                f"improvement {n} (pain point '{imp.pain_point}') shows no change: its touchpoint "
                f"'{after.name}' has {shown} in the future map and {before.feeling:+d} today; "
                "set its future feeling higher")
    return problems


def require(map_path: str | Path, map_type: str, **requirements) -> None:
    """Print the outcome; under nbgrader, raise AssertionError unless it passed."""
    outcome = evaluate(map_path, map_type, **requirements)
    if grading() and not outcome.passed:
        raise AssertionError(str(outcome))
    print(outcome)
