"""The cohort's grades for Canvas and Moodle, and one CPD record PDF per learner, from an nbgrader gradebook."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from cjm_helpers.teach.cpd_records import write_cohort_records
from cjm_helpers.teach.lms import read_gradebook
from cjm_helpers.gradebook_file import GradebookError
from cjm_helpers.teach.roster import RosterError
from pdf_text import text_runs

LEARNERS = [("ada", "Ada", "Lovelace"), ("bo", "=HYPERLINK(1)", "Byte"), ("cy", "Cy", "Ren")]


@pytest.fixture
def gradebook(tmp_path, monkeypatch):
    """02_current_state (6 automatic + 2 hand points) and 03_future_state; ada full marks, bo partial, cy nothing."""
    from nbgrader.api import Gradebook

    # a new gradebook runs the `alembic` command of this environment
    monkeypatch.setenv("PATH", f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}")

    db = tmp_path / "gradebook.db"
    with Gradebook(f"sqlite:///{db}") as gb:
        for name, first, last in LEARNERS:
            gb.add_student(name, first_name=first, last_name=last)
        for assignment in ("02_current_state", "03_future_state"):
            gb.add_assignment(assignment)
            gb.add_notebook(assignment, assignment)
            gb.add_grade_cell("auto", assignment, assignment, max_score=6, cell_type="code")
            gb.add_grade_cell("reflection", assignment, assignment, max_score=2, cell_type="markdown")
        for name, auto, manual in (("ada", 6, 2), ("bo", 2, None)):
            gb.add_submission("02_current_state", name, timestamp=datetime(2026, 11, 30, 9, 15))
            grades = {g.name: g for g in gb.find_submission_notebook("02_current_state", "02_current_state", name).grades}
            grades["auto"].auto_score = auto
            grades["reflection"].manual_score = manual
        gb.db.commit()
    return db


def pdf_text(path) -> str:
    return " ".join(text_runs(path.read_bytes()))


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_canvas_csv_one_column_per_assignment(gradebook, course):
    table = rows(read_gradebook(gradebook, course).to_csv("canvas"))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        "Exercise 2: A current-state map", "Exercise 3: A future-state map"]
    assert table[1][0] == "Points Possible" and table[1][5:] == ["8", "8"]
    by_login = {row[3]: row for row in table[2:]}
    assert by_login["ada"][0] == "Ada Lovelace" and by_login["ada"][5:] == ["8", ""]
    assert by_login["bo"][5:] == ["2", ""]
    assert by_login["cy"][5:] == ["", ""], "nothing submitted: an empty cell, not zero"
    assert by_login["bo"][0].startswith("'="), "a name starting with = is quoted, never a formula"


def test_moodle_csv(gradebook, course):
    table = rows(read_gradebook(gradebook, course).to_csv("moodle"))
    assert table[0][:4] == ["First name", "Last name", "Username", "Email address"]
    assert table[0][4:] == ["Exercise 2: A current-state map", "Exercise 3: A future-state map"]
    assert ["Ada", "Lovelace", "ada", "", "8", ""] in table


def test_unknown_format_and_missing_gradebook_are_clear(gradebook, tmp_path, course):
    with pytest.raises(RosterError, match="'blackboard' is not a known format"):
        read_gradebook(gradebook, course).to_csv("blackboard")
    with pytest.raises(GradebookError, match="no such gradebook"):
        read_gradebook(tmp_path / "absent.db", course)


def test_one_cpd_record_per_learner_from_the_gradebook(gradebook, tmp_path, course):
    log = tmp_path / "ada-log.jsonl"
    log.write_text('{"format": "cjm-cpd/1", "activity": "L01", "title": "What a customer journey is, and why map it", "kind": "lesson", '
                   '"completed": "2026-11-29T10:00:00+00:00", "minutes": 20, "points": 1}\n'
                   '{"format": "cjm-cpd/1", "activity": "E03", "title": "forged", "kind": "exercise", '
                   '"completed": "2026-11-29T10:00:00+00:00", "minutes": 60, "points": 3}\n', "utf-8")
    files = write_cohort_records(read_gradebook(gradebook, course), course, tmp_path / "records", {"ada": log})
    assert sorted(f.name for f in files) == ["ada.pdf", "bo.pdf", "cy.pdf"]
    ada = pdf_text(tmp_path / "records" / "ada.pdf")
    assert "Ada Lovelace" in ada and "Exercise 2: A current-state map" in ada
    assert "What a customer journey is" in ada, "lessons come from the learner's own log"
    assert "forged" not in ada, "exercises come from the gradebook only, never from the learner's log"
    bo = pdf_text(tmp_path / "records" / "bo.pdf")
    assert "current-state map" not in bo, "bo's autograded checks did not all pass"


def test_grades_command(gradebook, tmp_path, root):
    out = tmp_path / "moodle.csv"
    done = subprocess.run([sys.executable, "-m", "cjm_helpers", "grades", "--lms", "moodle", "--gradebook",
                           str(gradebook), "-o", str(out), "--cpd-records", str(tmp_path / "pdfs")],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "3 learners, 2 assignments" in done.stdout and "wrote 3 CPD records" in done.stdout
    assert "submissions still need hand marking in Formgrader" in done.stderr
    assert rows(out.read_text("utf-8"))[0][2] == "Username"


def test_the_gradebook_is_read_as_nbgrader_reads_it_without_importing_nbgrader(gradebook, tmp_path, course):
    """Scores, automatic scores, maxima, times and 'needs marking' are nbgrader's own figures (manual over
    automatic, extra credit, task cells, a notebook without grade cells), read in a process that never
    imports nbgrader, and the gradebook's file is left as it was."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{gradebook}") as gb:
        gb.add_student("di", first_name="Di", last_name="Abel", email="di@example.org")
        gb.add_grade_cell("task", "03_future_state", "03_future_state", max_score=1.5, cell_type="markdown")
        gb.add_notebook("notes", "03_future_state")                 # no grade cells: no grades when submitted
        gb.add_submission("03_future_state", "ada", timestamp=datetime(2026, 12, 1, 17, 45, 30))
        gb.add_submission("03_future_state", "di")
        grades = {g.name: g for g in gb.find_submission_notebook("03_future_state", "03_future_state", "ada").grades}
        grades["auto"].auto_score, grades["auto"].manual_score, grades["auto"].extra_credit = 4.0, 5.0, 0.5
        grades["task"].manual_score = 1.0
        grades["reflection"].needs_manual_grade = True
        di = {g.name: g for g in gb.find_submission_notebook("03_future_state", "03_future_state", "di").grades}
        for grade in di.values():
            grade.needs_manual_grade = False
        di["auto"].auto_score = 6.0
        gb.db.commit()
        assignments = [(a.name, float(a.max_score)) for a in gb.assignments]
        learners = [(s.id, s.first_name, s.last_name, s.email or "") for s in gb.students]
        expected = {(d["student"], name): d for name, _ in assignments for d in gb.submission_dicts(name)}
    before = gradebook.read_bytes()
    code = ("import sys, json; from cjm_helpers.teach.lms import read_gradebook; "
            f"g = read_gradebook({str(gradebook)!r}); "
            "print(json.dumps([[list(a) for a in g.assignments], [[r.username, r.first_name, r.last_name, r.email] "
            "for r in g.learners], [[*k, v] for k, v in g.scores.items()], [[*k, *v] for k, v in g.autograded.items()], "
            "sorted(map(list, g.needs_marking)), any(m.startswith('nbgrader') for m in sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import json

    got_assignments, got_learners, scores, autograded, marking, imported = json.loads(done.stdout)
    assert not imported, "nbgrader is never imported to read a gradebook"
    assert [(a, m) for a, _, m in got_assignments] == assignments == [("02_current_state", 8.0), ("03_future_state", 9.5)]
    assert [tuple(row) for row in got_learners] == learners
    assert {(s, a): v for s, a, v in scores} == {key: d["score"] for key, d in expected.items()}
    assert {(s, a): (c, m, w) for s, a, c, m, w in autograded} == {
        key: (d["code_score"], d["max_code_score"],
              d["timestamp"].replace(tzinfo=timezone.utc).isoformat(timespec="seconds") if d["timestamp"] else "")
        for key, d in expected.items()}
    assert {tuple(k) for k in marking} == {key for key, d in expected.items() if d["needs_manual_grade"]}
    assert expected[("ada", "03_future_state")]["score"] == 6.5 and ("ada", "03_future_state") in expected
    assert gradebook.read_bytes() == before
