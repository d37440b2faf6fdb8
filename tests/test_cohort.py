"""The trainers' cohort overview: module and notebook, with no submissions and with the sample cohort."""

from __future__ import annotations

import io
import json
from xml.etree import ElementTree

import pytest

from cjm_helpers.palette import BLUE, VERMILLION
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
    assert amira["course verdict"] == "passed: 6 of 6" and ben["course verdict"].startswith("not yet: ")


def test_common_pain_points_ignore_case_and_punctuation(sample):
    top = sample.pain_points().iloc[0]
    assert top["pain point"] == "Twenty minutes on hold and the call drops"
    assert top["learners"] == 3  # amira, ben reworded, chen
    assert list(sample.pain_points().columns) == ["pain point", "learners", "mean severity"]


def test_failed_rules_count_learners(sample):
    rules = sample.failed_rules()
    by_rule = dict(zip(rules["rule"], rules["learners"]))
    assert by_rule["file"] == 1  # dana's unreadable file
    assert list(rules["learners"]) == sorted(rules["learners"], reverse=True)
    assert len(by_rule) >= 3


SVG = "{http://www.w3.org/2000/svg}"


def shown(drawing):
    """The chart's SVG as a notebook shows it, parsed; and its texts."""
    chart = ElementTree.fromstring(drawing.svg(fit=True).split("\n", 1)[1])
    return chart, ["".join(t.itertext()).replace("\xa0", " ") for t in chart.iter(SVG + "text")]


def test_figure_draws_both_charts(sample):
    chart, texts = shown(sample.figure())
    assert texts[:2] == ["Cohort: 4 learners, 6 map files", "Rules broken (learners)"]
    assert "Most common pain points (learners)" in texts
    rules, pains = sample.failed_rules(), sample.pain_points(top=8)
    assert [t for t in texts if t in set(rules["rule"])] == list(rules["rule"])
    assert "Twenty minutes on hold andthe call drops" in texts      # wrapped on two lines (tspans)
    bars = [p.get("fill") for p in chart.iter(SVG + "path") if p.get("fill") in (VERMILLION, BLUE)]
    assert bars == [VERMILLION] * len(rules) + [BLUE] * len(pains)
    assert sample.figure().savefig(io.BytesIO(), format="png") is None


def test_figure_shows_learner_text_as_text(tmp_path):
    learner = tmp_path / "submitted" / "eve" / "02_current_state"
    learner.mkdir(parents=True)
    journey = json.loads((SAMPLE / "chen" / "02_current_state" / "my_current_state.json").read_text())
    hostile = '<script>alert(1)</script>" onload="alert(2)'
    journey["stages"][0]["touchpoints"][0]["pain_points"] = [{"id": "pp9", "text": hostile, "severity": 2}]
    (learner / "my_current_state.json").write_text(json.dumps(journey))
    chart, texts = shown(cohort_overview(tmp_path / "submitted").figure())
    assert not list(chart.iter(SVG + "script"))
    assert all(not name.startswith("on") for element in chart.iter() for name in element.attrib)
    assert '<script>alert(1)</script>"onload="alert(2)' in texts      # as typed, on two lines (tspans)
    assert hostile in chart.find(SVG + "desc").text


def test_no_submissions_says_so(tmp_path):
    empty = cohort_overview(tmp_path / "submitted")
    assert empty.empty and NO_SUBMISSIONS in empty.message()
    assert empty.scores().empty and empty.pain_points().empty and empty.failed_rules().empty
    _, texts = shown(empty.figure())
    assert texts == ["Cohort: 0 learners, 0 map files", "Rules broken (learners)", "none",
                     "Most common pain points (learners)", "none"]


@pytest.mark.notebook
def test_notebook_with_no_submissions_and_with_the_sample(tmp_path):
    nb = run_notebook(NOTEBOOK, tmp_path / "empty", parameters={"submitted_folder": str(tmp_path / "none")})
    assert NO_SUBMISSIONS in outputs_text(nb)
    nb = run_notebook(NOTEBOOK, tmp_path / "sample", parameters={"use_sample": True})
    text = outputs_text(nb)
    assert "6 map files from 4 learners" in text
    assert "dana has no map for 03_future_state (missing)" in text and "nbgrader score" in text
    assert "Twenty minutes on hold and the call drops" in text
    assert "emotion.not_flat" in text and "not valid JSON" in text


def _gradebook(tmp_path, students, assignments, monkeypatch):
    import os
    import sys

    from nbgrader.api import Gradebook

    # a new gradebook runs `alembic`, which sits beside this Python
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))

    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db, "cjm-test") as gradebook:
        for name in assignments:
            gradebook.add_assignment(name)
        for student in students:
            gradebook.add_student(student)
    return db


def test_every_learner_nbgrader_knows_is_listed_and_who_has_no_map_is_said(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "submitted"
    shutil.copytree(SAMPLE, folder)
    db = _gradebook(tmp_path, ["amira", "ben", "chen", "dana", "erin"], ["02_current_state", "03_future_state"],
                    monkeypatch)
    overview = cohort_overview(folder, db_url=db, course_id="cjm-test")
    table = overview.verdicts()
    assert sorted(set(table["learner"])) == ["amira", "ben", "chen", "dana", "erin"]
    erin = table[table["learner"] == "erin"]
    assert list(erin["status"]) == ["missing", "missing"] and all(erin["verdict"].str.startswith("no map"))
    assert "erin has no map for 02_current_state, 03_future_state (missing)" in overview.no_map()
    assert "ben has no map for 03_future_state (missing)" in overview.no_map()
    amira = table[(table["learner"] == "amira") & (table["assignment"] == "02_current_state")].iloc[0]
    assert amira["passed"] and amira["course points"] == amira["of"] == 6 and amira["verdict"] == "passed"


def test_the_course_verdict_stands_beside_nbgrader_score(tmp_path):
    from cjm_helpers.cohort import CohortOverview, read_submissions

    overview = CohortOverview(read_submissions(SAMPLE), SAMPLE, {("ben", "02_current_state"): (3.0, 8.0)})
    ben = overview.verdicts().set_index(["learner", "assignment"]).loc[("ben", "02_current_state")]
    assert ben["status"] == "graded" and ben["nbgrader score"] == "3 of 8"
    assert not ben["passed"] and ben["course points"] < 6 and ben["verdict"].startswith("not yet: stages: 2")


def test_learner_text_on_the_overview_page_is_inert(tmp_path):
    import json

    attack = '<img src=x onerror=alert(1)>'
    folder = tmp_path / "submitted" / f"<b>{attack}</b>" / "02_current_state"
    folder.mkdir(parents=True)
    data = json.loads((SAMPLE / "ben" / "02_current_state" / "my_current_state.json").read_text("utf-8"))
    data["stages"][0]["name"] = f"<script>alert(1)</script>{attack}"
    (folder / "my_current_state.json").write_text(json.dumps(data), "utf-8")
    page = cohort_overview(tmp_path / "submitted").verdicts_html()
    assert "<img" not in page and "<script" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_verdicts_page_judges_each_handed_in_map_once(monkeypatch):
    """The table and its "No map" list come from one pass over the cohort (each map validated once)."""
    import cjm_helpers.assess.verdict as verdict

    judged, real = [], verdict.judge
    monkeypatch.setattr(verdict, "judge", lambda activity, path, **kw: judged.append(path) or real(activity, path, **kw))
    page = cohort_overview(SAMPLE).verdicts_html()   # a new overview: the shared one has judged its maps already
    assert "No map:" in page and "passed" in page
    assert judged and len(judged) == len(set(judged)), f"maps judged more than once: {judged}"


def test_gradebook_scores_read_without_nbgrader_match_nbgrader(tmp_path, monkeypatch):
    """Scores read straight from SQLite are nbgrader's own: manual over automatic, extra credit, task cells."""
    import subprocess
    import sys

    from cjm_helpers.assess.gradebook_scores import read_scores

    db = _gradebook(tmp_path, ["ada", "bo", "cy"], ["02_current_state", "03_future_state"], monkeypatch)
    from nbgrader.api import Gradebook

    with Gradebook(db, "cjm-test") as gradebook:
        for assignment in ("02_current_state", "03_future_state"):
            gradebook.add_notebook(assignment, assignment)
            gradebook.add_grade_cell("checks", assignment, assignment, max_score=6.0, cell_type="code")
            gradebook.add_grade_cell("reflection", assignment, assignment, max_score=2.0, cell_type="markdown")
        gradebook.add_task_cell("task", "03_future_state", "03_future_state", max_score=1.5, cell_type="markdown")
        for student in ("ada", "bo"):
            gradebook.add_submission("02_current_state", student)
        gradebook.add_submission("03_future_state", "ada")
        grade = gradebook.find_grade("checks", "02_current_state", "02_current_state", "ada")
        grade.auto_score, grade.manual_score, grade.extra_credit = 4.0, 5.0, 0.5
        grade = gradebook.find_grade("reflection", "02_current_state", "02_current_state", "ada")
        grade.auto_score = 2.0
        grade = gradebook.find_grade("checks", "02_current_state", "02_current_state", "bo")
        grade.auto_score = 3.0
        grade = gradebook.find_grade("task", "03_future_state", "03_future_state", "ada")
        grade.manual_score = 1.0
        gradebook.db.commit()
        expected = {(s.student.id, a.name): (s.score, s.max_score)
                    for a in gradebook.assignments for s in a.submissions}
        students = [s.id for s in gradebook.students]
        assignments = [a.name for a in gradebook.assignments]
    assert expected[("ada", "02_current_state")] == (7.5, 8.0) and expected[("ada", "03_future_state")] == (1.0, 9.5)
    before = (tmp_path / "gradebook.db").read_bytes()
    assert read_scores(tmp_path / "gradebook.db") == (expected, students, assignments)
    assert (tmp_path / "gradebook.db").read_bytes() == before, "reading never writes the gradebook"
    # The trainer's overview reads it without importing nbgrader (its import costs seconds).
    code = (f"import sys; from cjm_helpers.cohort import cohort_overview; "
            f"o = cohort_overview({str(tmp_path / 'none')!r}, db_url={db!r}, course_id='cjm-test'); "
            f"print(o.learners, 'nbgrader' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "['ada', 'bo', 'cy'] False", out.stderr


def test_a_gradebook_that_is_not_sqlite_is_named_with_its_problem(tmp_path):
    from cjm_helpers.gradebook_file import GradebookError
    from cjm_helpers.cohort import cohort_overview

    bad = tmp_path / "gradebook.db"
    bad.write_text("not a database", "utf-8")
    with pytest.raises(GradebookError, match=r"gradebook.db: is not an SQLite database, so not an nbgrader gradebook"):
        cohort_overview(tmp_path / "none", db_url=f"sqlite:///{bad}")


def test_the_verdicts_and_the_scores_judge_each_map_once_between_them(monkeypatch):
    """Cell after cell, a trainer's overview shows the same verdict of a map without judging it again."""
    import cjm_helpers.assess.verdict as verdict

    judged, real = [], verdict.judge
    monkeypatch.setattr(verdict, "judge", lambda activity, path, **kw: judged.append(path) or real(activity, path, **kw))
    overview = cohort_overview(SAMPLE)
    page, scores = overview.verdicts_html(), overview.scores()
    assert "passed" in page and set(scores["course verdict"]) >= {"passed: 6 of 6"}
    assert judged and len(judged) == len(set(judged)), f"maps judged more than once: {judged}"
    assert overview.verdicts_html() == page and len(judged) == len(set(judged))
