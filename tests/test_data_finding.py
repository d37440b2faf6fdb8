"""Exercise 06's data finding: a pain point that quotes the event log, at the stage that loses most."""

from __future__ import annotations

from cjm_helpers import examples
from cjm_helpers.analytics import (LANGUAGE_COURSE_MAP_STAGES, LANGUAGE_COURSE_STAGES, annotate_map,
                                   finding_problems, funnel, load_sample_events, worst_map_stage)
from cjm_helpers.exercise_tasks import exercise_task
from cjm_helpers.model import PainPoint


def annotated():
    table = funnel(load_sample_events(), LANGUAGE_COURSE_STAGES)
    return annotate_map(examples.load("language_course_current"), table, stage_names=LANGUAGE_COURSE_MAP_STAGES)


def test_the_worst_stage_is_computed_from_the_log():
    table = funnel(load_sample_events(), LANGUAGE_COURSE_STAGES)
    lowest = table.loc[table["step_conversion_rate"].iloc[1:].idxmin(), "stage"]
    assert worst_map_stage() == LANGUAGE_COURSE_MAP_STAGES[lowest]


def test_a_map_without_figures_lacks_a_finding():
    problems = finding_problems(examples.load("language_course_current"))
    assert problems and "cites a figure" in problems[0]


def test_the_suggested_pain_point_passes_and_a_figure_elsewhere_does_not():
    annotation = annotated()
    assert finding_problems(annotation.with_pain_point(), at_worst_stage=True) == []
    elsewhere = annotation.with_pain_point(
        touchpoint="renew-offer", pain_point=PainPoint(id="pp-data", text="40% leave here", severity=2))
    assert finding_problems(elsewhere) == []
    assert "not the stage that loses the largest share" in finding_problems(elsewhere, at_worst_stage=True)[0]


def test_the_self_check_counts_the_finding_as_a_rule():
    task = exercise_task("E06")
    without = task.check(examples.load("language_course_current"))
    assert without.outcome == "incorrect" and without.points == 1 and without.possible == 2
    assert [f.rule for f in without.report.errors] == ["task.data_finding"]
    assert task.check(annotated().with_pain_point()).outcome == "correct"
