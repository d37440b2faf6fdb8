"""The learner's handle for one exercise task: check, hint, solution.

API (stable; the exercise notebooks use it):

    from cjm_helpers.exercise import Task
    from cjm_helpers import MapType

    task = Task(
        activity_id="E02",                  # id in course.toml; a correct check records CPD for it
        title="Current-state map of your own customer",
        map_type=MapType.current_state,     # the kind of map the task asks for
        points=10,                          # points possible
        hints=["first, gentle hint", "more concrete", "nearly the answer"],   # tiered
        solution="language_course_current", # an example map name, or Markdown text
        rules=None,                         # None: every rule for the map type; or a list of rule ids
        template=None,                      # starting map (example name, path, dict or JourneyMap)
        current=None,                       # future-state tasks: the current-state map (else based_on)
        requirements=None,                  # {name: function(JourneyMap) -> list of problems}: task-specific
        criteria=None,                      # an exercise id of assess/criteria.py: judge by its marking
                                            # criteria, the autograde's own (exercise_task() sets it)
    )
    result = task.check("my_current_state.json")   # a path, a dict or a JourneyMap; never raises
    result.outcome        # "correct" | "incorrect" | "not_attempted"
    result.points, result.possible, result.correct, result.report, result.message
    task.grade(answer)    # -> (points, possible), for autograded cells:
                          #    assert task.check(path).points == task.points
    task.hint()           # the next hint tier (first call: hint 1); task.hint(2): tier 2
    task.solution()       # the worked solution, shown only when asked

Outcomes
    not_attempted  no map file yet, the untouched starting template, or an empty map
                   (no persona name and no touchpoints)
    incorrect      the map cannot be read (the message names file, field and problem),
                   is of the wrong map type, or has at least one error finding
    correct        no error finding from the counted rules

Points scheme (transparent, documented to learners in the result)
    Counted rules are the error-severity rules that apply to the task's map type
    (only those in `rules` when given), plus the task's own `requirements` (each
    problem one reports is an error finding under rule "task.<name>"); warnings
    and tips never cost points.
    correct: all `points`.  not attempted, unreadable or wrong map type: 0.
    otherwise: floor(points * passed / counted), where passed is the number of
    counted rules with no error finding (a rule that cannot run, e.g. because the
    current-state map is missing, is not passed), and never more than points - 1.

With `criteria`, the outcome and points are the verdict of the exercise's
marking criteria (cjm_helpers.assess.verdict.judge): correct when every
criterion is met, points the sum of the met criteria's points, possible
their total, and each unmet criterion's problem shown as a finding. The
autograde and the cohort overview give the same verdict for the same map.

A correct check records the activity in the learner's CPD record through
cjm_helpers.cpd.record_activity(activity_id, evidence=...) when that module is
available (never while nbgrader is grading); a problem there never breaks the check.
Results show only what was found in the learner's map, never the list of checks.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from .model import JourneyMap, MapType

CORRECT, INCORRECT, NOT_ATTEMPTED = "correct", "incorrect", "not_attempted"
_STYLE = {
    CORRECT: ("✅", "Correct", "#1b7a3e", "#e6f4ea"),
    INCORRECT: ("❌", "Not yet", "#b2182b", "#fbe9eb"),
    NOT_ATTEMPTED: ("⏳", "Not attempted", "#555555", "#f1f1f1"),
}


@dataclass
class CheckResult:
    """What one check of a task found: outcome, points, message and the report."""

    task: str
    activity_id: str
    outcome: str
    points: int
    possible: int
    message: str
    report: Any = None  # checks.Report, None when there was nothing to check
    cpd_note: str = ""

    @property
    def correct(self) -> bool:
        return self.outcome == CORRECT

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task, "activity_id": self.activity_id, "outcome": self.outcome,
            "points": self.points, "possible": self.possible, "message": self.message,
            "report": self.report.to_dict() if self.report is not None else None,
        }

    def headline(self) -> str:
        _, label, _, _ = _STYLE[self.outcome]
        return f"{label}: {self.points} of {self.possible} marks"

    def __str__(self) -> str:
        icon = _STYLE[self.outcome][0]
        lines = [f"{icon} {self.task} — {self.headline()}", self.message]
        if self.report is not None and self.report.findings:
            lines += [str(f) for f in self.report.ordered()]
        if self.cpd_note:
            lines.append(self.cpd_note)
        if self.outcome == INCORRECT:
            lines.append("Stuck? Press Hint in the builder, or run task.hint().")
        return "\n".join(line for line in lines if line)

    def _repr_html_(self) -> str:
        from .checks.report import finding_html

        e = html.escape
        icon, _, fg, bg = _STYLE[self.outcome]
        findings = ""
        if self.report is not None and self.report.findings:
            items = "".join(finding_html(f) for f in self.report.ordered())
            findings = f'<ul style="padding-left:0;margin:6px 0">{items}</ul>'
        extra = f"<p>{e(self.cpd_note)}</p>" if self.cpd_note else ""
        help_line = "" if self.outcome != INCORRECT else '<p style="color:#555">Stuck? Press <strong>Hint</strong> in the builder, or run <code>task.hint()</code>.</p>'
        return (
            f'<div class="cjm-task-result" style="border:2px solid {fg};border-radius:6px;padding:8px 12px;margin:4px 0">'
            f'<div style="background:{bg};color:{fg};padding:4px 8px;border-radius:4px">'
            f'<span aria-hidden="true">{icon}</span> <strong>{e(self.task)}</strong> — {e(self.headline())}</div>'
            f"<p>{e(self.message)}</p>{findings}{extra}{help_line}</div>"
        )


@dataclass
class Hint:
    """One tier of hints (author text, shown as Markdown)."""

    text: str
    number: int
    total: int

    def __str__(self) -> str:
        return f"Hint {self.number} of {self.total}: {self.text}" if self.number else self.text

    def _repr_markdown_(self) -> str:
        return f"💡 **Hint {self.number} of {self.total}:** {self.text}" if self.number else f"💡 {self.text}"


@dataclass
class Solution:
    """The worked solution: Markdown, and the example map when the solution is one."""

    text: str
    map: JourneyMap | None = None

    def __str__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


class Task:
    """One exercise task: the learner's handle with .check(), .hint(), .solution(). See the module docstring."""

    def __init__(self, activity_id: str, title: str, map_type: MapType | str, points: int = 1,
                 hints: Sequence[str] = (), solution: str | None = None,
                 rules: Sequence[str] | None = None, template: Any = None, current: Any = None,
                 requirements: dict[str, Callable[[JourneyMap], list[str]]] | None = None,
                 criteria: str | None = None):
        from .checks import RULES

        self.activity_id, self.title = activity_id, title
        self.map_type = MapType(map_type)
        if int(points) < 0:
            raise ValueError("points must be 0 or more")
        self.points = int(points)
        self.hints = [str(h) for h in hints]
        self.solution_source = solution
        unknown = [r for r in (rules or []) if r not in RULES]
        if unknown:
            raise ValueError(f"unknown rule ids: {', '.join(unknown)}; known: {', '.join(RULES)}")
        self.rules = list(rules) if rules is not None else None
        self.template, self.current = template, current
        self.requirements = dict(requirements or {})
        self.criteria = criteria
        if criteria is not None:
            from .assess.criteria import for_activity

            self.points = for_activity(criteria).points
        self._hints_shown = 0

    # --- checking -------------------------------------------------------------
    def counted_rules(self) -> list[str]:
        """The error-severity rules that earn points for this task (see the points scheme)."""
        from .checks import RULES

        return [r.id for r in RULES.values()
                if r.severity == "error" and r.applies(self.map_type)
                and (self.rules is None or r.id in self.rules)] + [f"task.{n}" for n in self.requirements]

    def check(self, answer: Any, current: Any = None) -> CheckResult:
        """Check the learner's map (path, dict or JourneyMap); never raises on the learner's input."""
        from .checks import check_map

        if answer is None or (isinstance(answer, (str, Path)) and not Path(answer).exists()):
            where = f" at {answer}" if answer is not None else ""
            return self._result(NOT_ATTEMPTED, 0, f"No map saved yet{where}. Build your map, save it, then check again.")
        report = check_map(answer, current=current if current is not None else self.current)
        if not report.loaded:
            first = report.findings[0]
            return self._result(INCORRECT, 0, "This map cannot be checked yet: fix the problem below.", report)
        journey = _as_map(answer)
        if self.criteria is not None:
            return self._check_criteria(answer, journey, report, current if current is not None else self.current)
        if self._untouched(journey):
            return self._result(NOT_ATTEMPTED, 0, "This is still the starting map: fill it in, save it, then check again.")
        if journey.map_type != self.map_type:
            return self._result(
                INCORRECT, 0,
                f"This task asks for a {self.map_type.words} map, but this map is a {journey.map_type.words} map "
                f"(map_type '{journey.map_type.value}'). Set the map type, or start from this task's map.",
                report)
        if self.rules is not None:
            report = report.rules(self.rules)
        report = self._with_requirements(report, journey)
        counted = self.counted_rules()
        failed = {f.rule for f in report.errors}
        passed = [r for r in counted if r not in failed and r not in report.rules_not_run]
        if not report.errors and len(passed) == len(counted):
            result = self._result(CORRECT, self.points, "Every check passed. Well done!", report)
            result.cpd_note = self._record(result, answer)
            return result
        share = len(passed) / len(counted) if counted else 0.0
        earned = min(math.floor(self.points * share), max(self.points - 1, 0))
        n = len(report.errors)
        return self._result(
            INCORRECT, earned,
            f"{n} thing{'s' * (n != 1)} to fix before this map is complete "
            f"(points grow with each kind of problem fixed; warnings and tips cost nothing).",
            report)

    def _check_criteria(self, answer: Any, journey: JourneyMap, report: Any, current: Any) -> CheckResult:
        """The verdict of the course's marking criteria (assess/criteria.py): the autograde's own."""
        from dataclasses import replace

        from .assess.verdict import judge
        from .checks import Finding

        verdict = judge(self.criteria, answer if isinstance(answer, (str, Path)) else journey, current)
        if not verdict.attempted:
            return self._result(NOT_ATTEMPTED, 0, "This is still the starting map: fill it in, save it, then check again.")
        if self.rules is not None:
            report = report.rules(self.rules)
        shown = {f.message for f in report.errors}
        extra = [Finding(f"criterion.{item.grade_id}", "error", "the map", problem)
                 for item, outcome in verdict.results for problem in outcome.problems
                 if not outcome.passed and not any(problem.endswith(m) for m in shown)]
        seen: set[str] = set()
        extra = [f for f in extra if not (f.message in seen or seen.add(f.message))]
        report = replace(report, findings=[*report.findings, *extra]) if extra else report
        met = sum(outcome.passed for _, outcome in verdict.results)
        if verdict.passed:
            result = self._result(CORRECT, verdict.points, "Every check passed. Well done!", report)
            result.cpd_note = self._record(result, answer)
            return result
        return self._result(
            INCORRECT, verdict.points,
            f"{met} of {len(verdict.results)} marked parts met: fix what is listed below "
            "(warnings and tips cost nothing).", report)

    def _with_requirements(self, report: Any, journey: JourneyMap) -> Any:
        """The report with one error finding per problem the task's own requirements report."""
        from dataclasses import replace

        from .checks import Finding

        extra = [Finding(f"task.{name}", "error", "the map", problem)
                 for name, requirement in self.requirements.items() for problem in requirement(journey)]
        return replace(report, findings=[*report.findings, *extra]) if extra else report

    def grade(self, answer: Any, current: Any = None) -> tuple[int, int]:
        """(points earned, points possible): for autograded cells."""
        result = self.check(answer, current)
        return result.points, result.possible

    def _result(self, outcome: str, points: int, message: str, report: Any = None) -> CheckResult:
        return CheckResult(self.title, self.activity_id, outcome, points, self.points, message, report)

    def _untouched(self, journey: JourneyMap) -> bool:
        if not journey.persona.name.strip() and not journey.touchpoints():
            return True
        if self.template is None:
            return False
        try:
            start = _as_map(self.template)
        except Exception:  # noqa: BLE001 - a broken template must not break the learner's check
            return False
        mine, theirs = journey.to_dict(), start.to_dict()
        mine.pop("title", None)
        theirs.pop("title", None)
        return mine == theirs

    def _record(self, result: CheckResult, answer: Any) -> str:
        try:
            from .cpd import record_quietly
        except Exception:  # noqa: BLE001 - the CPD record is optional
            return ""
        evidence = {"summary": f"checks passed: {result.points} of {result.possible} marks",
                    "task": self.title}
        if isinstance(answer, (str, Path)):
            evidence["map"] = str(answer)
        return record_quietly(self.activity_id, evidence)

    # --- help -----------------------------------------------------------------
    def hint(self, n: int | None = None) -> Hint:
        """Hint tier n (1 = gentlest); without n, the next tier not yet shown."""
        total = len(self.hints)
        if not total:
            return Hint("There are no hints for this task. Read the task again, then check your map.", 0, 0)
        if n is None:
            self._hints_shown = min(self._hints_shown + 1, total)
            n = self._hints_shown
        if not isinstance(n, int) or not 1 <= n <= total:
            return Hint(f"There {'is' if total == 1 else 'are'} {total} hint{'s' * (total != 1)}: "
                        f"ask for .hint(1) to .hint({total}).", 0, total)
        self._hints_shown = max(self._hints_shown, n)
        return Hint(self.hints[n - 1], n, total)

    def solution(self) -> Solution:
        """The worked solution (an example map described in Markdown, or the author's Markdown)."""
        from . import examples

        source = self.solution_source
        if not source:
            return Solution("There is no worked solution for this task; compare your map with the lesson's examples.")
        if source in examples.names():
            journey = examples.load(source)
            return Solution(describe_markdown(journey, source), journey)
        return Solution(source)

    def __repr__(self) -> str:
        return f"Task({self.activity_id!r}, {self.title!r}, {self.map_type.value}, {self.points} points)"


def _as_map(source: Any) -> JourneyMap:
    from . import examples
    from .storage import as_map

    if isinstance(source, str) and source in examples.names() and not Path(source).exists():
        return examples.load(source)
    return as_map(source)


def grade(task: Task, answer: Any, current: Any = None) -> tuple[int, int]:
    """(points earned, points possible) of an answer to a task."""
    return task.grade(answer, current)


def _md(text: str) -> str:
    """Learner-visible text inside Markdown: no HTML, no table breaks."""
    return html.escape(str(text)).replace("|", "\\|").replace("\n", " ")


def describe_markdown(journey: JourneyMap, name: str = "") -> str:
    """A worked-solution map as Markdown: persona, then every stage with its touchpoints."""
    from .model import feeling_face
    from .words import channel_label, owner_label

    lines = [f"### Worked solution: {_md(journey.title or name)}", ""]
    p = journey.persona
    lines.append(f"**Persona:** {_md(p.name)} — {_md(p.description)}")
    if journey.scenario:
        lines.append(f"\n**Scenario:** {_md(journey.scenario)}")
    for stage in journey.stages:
        when = f" ({stage.time})" if stage.time else ""
        lines += ["", f"**{_md(stage.name)}{when}** — {_md(stage.goal)}", ""]
        for tp in stage.touchpoints:
            mot = " ★ moment of truth" if tp.moment_of_truth else ""
            feel = f"{feeling_face(tp.feeling)} {tp.feeling:+d}" if tp.feeling is not None else "·"
            lines.append(f"- {feel} **{_md(tp.name)}** ({_md(channel_label(tp.channel, journey) or '?')}, "
                         f"{_md(owner_label(tp.owner, journey) or '?')}){mot}: {_md(tp.doing)}; "
                         f"thinks “{_md(tp.thinking)}”")
            for pp in tp.pain_points:
                lines.append(f"  - pain point `{_md(pp.id)}` (severity {pp.severity}): {_md(pp.text)}")
            for opp in tp.opportunities:
                lines.append(f"  - opportunity: {_md(opp)}")
            if tp.frontstage or tp.backstage or tp.support:
                lines.append(f"  - frontstage: {_md('; '.join(tp.frontstage))}; backstage: "
                             f"{_md('; '.join(tp.backstage))}; support: {_md('; '.join(tp.support))}"
                             + (" — fail point" if tp.fail_point else ""))
    if journey.improvements:
        lines += ["", "**Improvements**", ""]
        lines += [f"- `{_md(i.pain_point)}` → {_md(i.change)} (at `{_md(i.touchpoint)}`, expected feeling "
                  f"{i.expected_feeling:+d})" for i in journey.improvements]
    if journey.deferred:
        lines += ["", "**Deferred**", ""]
        lines += [f"- `{_md(d.pain_point)}`: {_md(d.reason)}" for d in journey.deferred]
    return "\n".join(lines) + "\n"
