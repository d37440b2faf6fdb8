"""The trainers' cohort overview: module and notebook, with no submissions and with the sample cohort."""

from __future__ import annotations

import pytest

from cjm_helpers.cohort import NO_SUBMISSIONS, cohort_overview
from notebook_runner import ROOT, outputs_text, run_notebook

SAMPLE = ROOT / "trainer" / "sample_submissions"
NOTEBOOK = "trainer/cohort_overview.ipynb"


@pytest.fixture(scope="module")
def sample():
    return cohort_overview(SAMPLE)


def test_scores_table_lists_every_file(sample):
    table = sample.scores()
    assert sorted(set(table["learner"])) == ["amira", "ben", "chen", "dana"]
    assert len(table) == 6
    dana = table[table["learner"] == "dana"].iloc[0]
    assert dana["checks"] == "unreadable" and "not valid JSON" in dana["problem"]
    amira = table[(table["learner"] == "amira") & (table["assignment"] == "02_current_state")].iloc[0]
    assert amira["checks"] == "pass" and amira["errors"] == 0 and amira["touchpoints"] == 9
    ben = table[table["learner"] == "ben"].iloc[0]
    assert ben["checks"] == "fail" and ben["errors"] >= 1


def test_common_pain_points_ignore_case_and_punctuation(sample):
    top = sample.pain_points().iloc[0]
    assert top["pain point"] == "Twenty minutes on hold and the call drops"
    assert top["learners"] == 3  # amira (twice: current maps of 02 and 03), ben reworded, chen


def test_failed_rules_count_learners(sample):
    rules = sample.failed_rules()
    by_rule = dict(zip(rules["rule"], rules["learners"]))
    assert by_rule["file"] == 1  # dana's unreadable file
    assert list(rules["learners"]) == sorted(rules["learners"], reverse=True)
    assert len(by_rule) >= 3


def test_figure_draws_both_charts(sample):
    fig = sample.figure()
    assert [ax.get_title() for ax in fig.axes] == ["Rules broken (learners)", "Most common pain points (times)"]
    assert len(fig.axes[0].patches) == len(sample.failed_rules())


def test_no_submissions_says_so(tmp_path):
    empty = cohort_overview(tmp_path / "submitted")
    assert empty.empty and NO_SUBMISSIONS in empty.message()
    assert empty.scores().empty and empty.pain_points().empty and empty.failed_rules().empty
    empty.figure()


@pytest.mark.notebook
def test_notebook_with_no_submissions_and_with_the_sample(tmp_path):
    nb = run_notebook(NOTEBOOK, tmp_path / "empty", parameters={"submitted_folder": str(tmp_path / "none")})
    assert NO_SUBMISSIONS in outputs_text(nb)
    nb = run_notebook(NOTEBOOK, tmp_path / "sample", parameters={"use_sample": True})
    text = outputs_text(nb)
    assert "6 map files from 4 learners" in text
    assert "Twenty minutes on hold and the call drops" in text
    assert "emotion.not_flat" in text and "not valid JSON" in text
