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


def with_proposal(journey_map, touchpoint: str, text: str):
    journey_map.find_touchpoint(touchpoint).opportunities.append(text)
    return journey_map


def test_the_suggested_pain_point_passes_and_a_figure_elsewhere_does_not():
    annotation = annotated()
    assert finding_problems(annotation.with_pain_point(), at_worst_stage=True) == []
    elsewhere = annotation.with_pain_point(
        touchpoint="renew-offer", pain_point=PainPoint(id="pp-data", text="40% leave here", severity=2))
    assert finding_problems(elsewhere) == []
    assert "not the stage that loses the largest share" in finding_problems(elsewhere, at_worst_stage=True)[0]


def test_a_proposal_must_be_new_and_beside_the_finding():
    found = annotated().with_pain_point(touchpoint="sub-chat")
    assert "propose an improvement" in finding_problems(found, proposal=True)[0]
    # an opportunity the course's map already had is not a proposal of the learner's
    copied = with_proposal(found.model_copy(deep=True), "sub-chat", "Publish an FAQ on invoices for employers")
    assert finding_problems(copied, proposal=True)
    # a new opportunity elsewhere does not count; beside the finding it does
    elsewhere = with_proposal(found.model_copy(deep=True), "renew-offer", "Call before the renewal date")
    assert finding_problems(elsewhere, proposal=True)
    beside = with_proposal(found.model_copy(deep=True), "sub-chat", "Show the full price on the subscribe page")
    assert finding_problems(beside, at_worst_stage=True, proposal=True) == []


def test_the_self_check_counts_the_finding_as_a_rule():
    task = exercise_task("E06")
    without = task.check(examples.load("language_course_current"))
    # both marked parts need the finding: 0 of 2, as the autograde gives (assess/criteria.py)
    assert without.outcome == "incorrect" and without.points == 0 and without.possible == 2
    (missing,) = without.report.errors  # the one problem both parts share, said once
    assert missing.rule == "criterion.06_journey_data_finding" and "figure from the event log" in missing.message
    finding = annotated().with_pain_point(touchpoint="sub-chat")
    assert task.check(finding).outcome == "incorrect"
    assert task.check(with_proposal(finding, "sub-chat", "Answer billing questions on the page")).outcome == "correct"
