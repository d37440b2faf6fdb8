"""A scratch nbgrader course with a synthetic cohort, for the autograde benchmark and tests.

    course = make_course(folder, students=20)       # 02_current_state and a one-cell "trivial"
    rows = gradebook_rows(course)                   # every score nbgrader stored, for comparing runs

The course is the repository's nbgrader_config.py, course.toml and
solutions/02_current_state, released with the gradebook, plus `trivial`: one
graded cell (`assert 1 + 1 == 2`), nbgrader's own floor for a submission.
Learners' maps rotate through complete, partial, the worked example unchanged,
a map with errors and none at all, so that every score is exercised.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from course_copy import copy_course  # noqa: E402  (the tests' course copy, one recipe for both)
ASSIGNMENT = "02_current_state"
TRIVIAL = "trivial"
COURSE_ID = "cjm-bench-cohort"


def _solution() -> dict:
    return json.loads((ROOT / "solutions" / ASSIGNMENT / "solution_current_state.json").read_text("utf-8"))


def learner_maps() -> list[dict | None]:
    """The rotation of synthetic maps (None: the learner saved no map)."""
    from cjm_helpers import examples

    complete = _solution()
    partial = dict(copy.deepcopy(complete), stages=complete["stages"][2:4])
    no_persona = copy.deepcopy(complete)
    no_persona["persona"] = {"name": "", "description": "", "goals": [], "needs": [], "frustrations": []}
    renamed = copy.deepcopy(complete)
    renamed["persona"]["name"] = "Sam"
    renamed["title"] = "Sam books a check-up"
    example = examples.load("language_course_current").to_dict()
    return [complete, partial, None, renamed, example, no_persona]


def _trivial_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("assert 1 + 1 == 2")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1,
                                 "grade_id": "trivial_sum", "schema_version": 3}
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def environment() -> dict[str, str]:
    """The environment the course's nbgrader runs with here (private CPD log, no display)."""
    return dict(os.environ, CJM_COURSE_ID=COURSE_ID, MPLBACKEND="agg", CJM_COURSE_ROOT=str(ROOT),
                CJM_CPD_LOG=os.environ.get("CJM_CPD_LOG", os.devnull))


def make_course(folder: Path, students: int = 20) -> Path:
    """A released course in `folder` with `students` submissions of both assignments."""
    from cjm_helpers import release

    folder.mkdir(parents=True, exist_ok=True)
    copy_course(folder, ASSIGNMENT)
    (folder / "solutions" / TRIVIAL).mkdir(parents=True)
    nbformat.write(_trivial_notebook(), folder / "solutions" / TRIVIAL / f"{TRIVIAL}.ipynb")
    saved = os.environ.get("CJM_COURSE_ID")
    os.environ["CJM_COURSE_ID"] = COURSE_ID  # the gradebook's course id, as autograde will read it
    try:
        release.generate([ASSIGNMENT, TRIVIAL], root=folder, db=True)
    finally:
        if saved is None:
            del os.environ["CJM_COURSE_ID"]
        else:
            os.environ["CJM_COURSE_ID"] = saved
    maps = learner_maps()
    submitted = folder / "build" / "nbgrader" / "submitted"
    for n in range(students):
        student = f"learner{n + 1:02d}"
        for assignment in (ASSIGNMENT, TRIVIAL):
            shutil.copytree(folder / "exercises" / assignment, submitted / student / assignment)
        data = maps[n % len(maps)]
        if data is not None:
            (submitted / student / ASSIGNMENT / "my_current_state.json").write_text(json.dumps(data), "utf-8")
    return folder


def nbgrader_autograde(course: Path, assignment: str, *args: str) -> subprocess.CompletedProcess:
    """`nbgrader autograde ASSIGNMENT --force ARGS` in the course, as a trainer types it."""
    return subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force", *args],
                          cwd=course, env=environment(), capture_output=True, text=True, timeout=1800)


def parallel_autograde(course: Path, assignment: str, jobs: int, *args: str) -> subprocess.CompletedProcess:
    """`python -m cjm_helpers autograde ASSIGNMENT --jobs N --force ARGS` in the course."""
    return subprocess.run([sys.executable, "-m", "cjm_helpers", "autograde", assignment, "--jobs", str(jobs),
                           "--force", *args],
                          cwd=course, env=environment(), capture_output=True, text=True, timeout=1800)


def gradebook_rows(course: Path, assignment: str = ASSIGNMENT) -> dict[str, list[tuple]]:
    """Per student, every grade and comment nbgrader stored for the assignment."""
    from nbgrader.api import Gradebook, MissingEntry

    rows: dict[str, list[tuple]] = {}
    url = "sqlite:///" + str(course / "build" / "nbgrader" / "gradebook.db")
    with Gradebook(url, COURSE_ID) as gradebook:
        for student in gradebook.students:
            try:
                submission = gradebook.find_submission(assignment, student.id)
            except MissingEntry:
                continue
            found = [("submission", str(submission.timestamp), submission.code_score,
                      submission.max_code_score, bool(submission.needs_manual_grade))]
            for notebook in submission.notebooks:
                found.append(("notebook", notebook.name, notebook.flagged, notebook.late_submission_penalty))
                found += sorted(("grade", g.name, g.auto_score, g.manual_score, g.extra_credit,
                                 g.needs_manual_grade) for g in notebook.grades)
                found += sorted(("comment", c.name, c.auto_comment, c.manual_comment) for c in notebook.comments)
            rows[student.id] = found
    return rows
