"""Autograded requirements in exercise notebooks: friendly for learners, strict under nbgrader.

    require(map_path, map_type="current_state", stages=3, touchpoints=6)

reads the SAVED map file (autograding re-executes the notebook in a fresh
kernel, so only what the builder saved counts) and prints one of

    passed / not yet: <what is missing> / not attempted: <no map saved yet>

When nbgrader executes the notebook (it sets NBGRADER_EXECUTION to
"autograde" or "validate"), a requirement that is not met raises
AssertionError with the same message instead: nbgrader gives a test cell its
points when it does not raise. Anywhere else it never raises, so an untouched
exercise runs top to bottom. Numbers are minimums.
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


def _rule_errors(map_path: Path, rules: tuple[str, ...], current) -> list[str]:
    from .checks import check_map

    report = check_map(map_path, current=str(current) if current is not None else None)
    found = [
        f for f in report.findings
        if f.severity == "error" and (not rules or any(f.rule.startswith(r) for r in rules))
    ]
    return [f"{f.where}: {f.message}" if f.where else f.message for f in found]


def _same_as_example(journey_map, example_name: str) -> bool:
    """A persona-only map is compared by persona, any other map by its stages."""
    from . import examples

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
    **at_least: int,
) -> Outcome:
    """Judge the saved map against the requirements; never raises on a learner's file.

    persona: the persona is complete; filled: these text fields are not empty;
    no_errors: check_map finds no errors (rules: only rules whose id starts
    with one of these); current: the current-state map for future-state rules;
    differs_from: not this example map unchanged; data_finding: a pain point cites a
    figure from the event log (True), at the stage that loses most people ("worst");
    proposal: with a new opportunity on that pain point's touchpoint;
    at_least: stages=3, ... minimums.
    """
    from .errors import MapFileError
    from .storage import load_map

    unknown = set(at_least) - set(_LABELS)
    if unknown:
        raise TypeError(f"require(): unknown requirement {', '.join(sorted(unknown))}")
    path = Path(map_path)
    if not path.exists():
        return Outcome(NOT_ATTEMPTED, [f"no map saved at {path} yet: build your map above and it is saved there"])
    try:
        journey_map = load_map(path)
    except MapFileError as exc:
        return Outcome(NOT_YET, [f"your map file cannot be read: {exc.problem}"])
    if _is_untouched(journey_map):
        return Outcome(NOT_ATTEMPTED, [f"the map in {path} is still empty"])
    if journey_map.map_type.value != map_type:
        return Outcome(NOT_YET, [
            f"{path} holds a {journey_map.map_type.value} map; this exercise needs a {map_type} map"
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
        from .analytics.finding import finding_problems

        problems += finding_problems(journey_map, at_worst_stage=data_finding == "worst", proposal=proposal)
    if differs_from and _same_as_example(journey_map, differs_from):
        problems.append("this is the worked example unchanged: map a journey of your own")
    return Outcome(PASSED if not problems else NOT_YET, problems)


def require(map_path: str | Path, map_type: str, **requirements) -> None:
    """Print the outcome; under nbgrader, raise AssertionError unless it passed."""
    outcome = evaluate(map_path, map_type, **requirements)
    if grading() and not outcome.passed:
        raise AssertionError(str(outcome))
    print(outcome)
