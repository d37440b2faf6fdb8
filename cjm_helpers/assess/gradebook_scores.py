"""The scores in an nbgrader gradebook (SQLite), read with the standard library, read-only.

`nbgrader.api.Gradebook` would give the same figures, but importing nbgrader
loads its Jupyter server extensions (about 4 s), and opening a gradebook with it
creates missing tables and the course row: a read that writes. The cohort
overview and the LMS export only read, so they ask SQLite directly with
nbgrader's own definitions (its column properties in nbgrader/api.py):

- a grade's score is its manual score if set, else its automatic score, else 0,
  plus any extra credit;
- a submission's score is the sum of its grades, its automatic (code) score the
  sum of its grades of code cells; it needs marking by hand if any grade does;
- an assignment's maximum is the sum of its grade cells' and task cells'
  maximum scores, its automatic maximum that of its code grade cells.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..gradebook_file import GradebookError, connect_read_only, damaged

_GRADE_SCORE = """CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0.0)
                       WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0.0)
                       ELSE 0.0 END"""
_CELLS = "FROM notebook n JOIN base_cell bc ON bc.notebook_id = n.id JOIN {table} c ON c.id = bc.id " \
         "WHERE n.assignment_id = a.id"

ASSIGNMENTS = f"""
SELECT a.name,
  (SELECT COALESCE(SUM(c.max_score), 0.0) {_CELLS.format(table="grade_cells")})
  + (SELECT COALESCE(SUM(c.max_score), 0.0) {_CELLS.format(table="task_cells")}),
  (SELECT COALESCE(SUM(c.max_score), 0.0) {_CELLS.format(table="grade_cells")} AND c.cell_type = 'code')
FROM assignment a ORDER BY a.duedate, a.name
"""

# every grade once, summed per submission (a subquery per submission scanned the grades again for each)
SUBMISSIONS = f"""
WITH totals AS (
  SELECT sn.assignment_id AS id, SUM({_GRADE_SCORE}) AS score,
         SUM(CASE WHEN gc.cell_type = 'code' THEN {_GRADE_SCORE} ELSE 0.0 END) AS code_score,
         MAX(g.needs_manual_grade) AS manual
    FROM submitted_notebook sn JOIN grade g ON g.notebook_id = sn.id LEFT JOIN grade_cells gc ON gc.id = g.cell_id
   GROUP BY sn.assignment_id)
SELECT sa.student_id, a.name, sa.timestamp, COALESCE(t.score, 0.0), COALESCE(t.code_score, 0.0),
       COALESCE(t.manual, 0), t.id IS NOT NULL
FROM submitted_assignment sa JOIN assignment a ON a.id = sa.assignment_id LEFT JOIN totals t ON t.id = sa.id
"""


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str
    last_name: str
    email: str


@dataclass(frozen=True)
class Assignment:
    name: str
    max_score: float
    max_code_score: float          # the automatically graded part


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    timestamp: datetime | None     # as nbgrader stores it (UTC, naive)
    score: float
    code_score: float
    needs_manual_grade: bool
    graded: bool                   # has grades at all (autograded at least once)


@dataclass(frozen=True)
class GradebookContents:
    """Students and assignments in nbgrader's order (by name; by due date, then name), every submission."""

    students: list[Student]
    assignments: list[Assignment]
    submissions: list[Submission]


def read_contents(path: str | Path) -> GradebookContents:
    """Everything a reader of the gradebook needs, through a read-only connection (a GradebookError names
    the file and the problem). The file must have passed gradebook_file.check_gradebook."""
    path = Path(path)
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as exc:
        raise GradebookError(path, f"cannot be opened: {exc}") from None
    try:
        students = [Student(i, first or "", last or "", email or "") for i, first, last, email in connection.execute(
            "SELECT id, first_name, last_name, email FROM student ORDER BY last_name, first_name")]
        assignments = [Assignment(name, float(top), float(code)) for name, top, code in connection.execute(ASSIGNMENTS)]
        submissions = [Submission(student, name, _time(stamp), float(score), float(code), bool(manual), bool(graded))
                       for student, name, stamp, score, code, manual, graded in connection.execute(SUBMISSIONS)]
    except sqlite3.Error as exc:
        raise GradebookError(path, f"not an nbgrader gradebook ({exc})") from None
    except (TypeError, ValueError) as exc:      # a score or time that is not one: written by something else
        raise damaged(path, f"a value of the wrong kind: {str(exc)[:80]}") from None
    finally:
        connection.close()
    return GradebookContents(students, assignments, submissions)


def _time(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp) if stamp else None


def read_scores(path: str | Path) -> tuple[dict[tuple[str, str], tuple[float, float]], list[str], list[str]]:
    """(student, assignment) -> (score, max score); every student id; every assignment name (as nbgrader orders them)."""
    contents = read_contents(path)
    maxima = {a.name: a.max_score for a in contents.assignments}
    scores = {(s.student, s.assignment): (s.score, maxima[s.assignment]) for s in contents.submissions}
    return scores, [s.id for s in contents.students], [a.name for a in contents.assignments]
