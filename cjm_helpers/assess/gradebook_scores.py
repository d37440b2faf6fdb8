"""The scores in an nbgrader gradebook (SQLite), read with the standard library, read-only.

`nbgrader.api.Gradebook` would give the same figures, but importing nbgrader
loads its Jupyter server extensions (about 3 s), and opening a gradebook with it
creates missing tables and the course row: a read that writes. The cohort
overview only reads, so it asks SQLite directly with nbgrader's own definitions:

- a grade's score is its manual score if set, else its automatic score, else 0,
  plus any extra credit;
- a submission's score is the sum of its grades; its maximum is the sum of the
  assignment's grade cells' and task cells' maximum scores.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..gradebook_file import GradebookError, connect_read_only

SCORES = """
SELECT sa.student_id, a.name,
  (SELECT COALESCE(SUM(CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0.0)
                            WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0.0)
                            ELSE 0.0 END), 0.0)
     FROM submitted_notebook sn JOIN grade g ON g.notebook_id = sn.id
    WHERE sn.assignment_id = sa.id),
  (SELECT COALESCE(SUM(gc.max_score), 0.0)
     FROM notebook n JOIN base_cell bc ON bc.notebook_id = n.id JOIN grade_cells gc ON gc.id = bc.id
    WHERE n.assignment_id = a.id)
  + (SELECT COALESCE(SUM(tc.max_score), 0.0)
     FROM notebook n JOIN base_cell bc ON bc.notebook_id = n.id JOIN task_cells tc ON tc.id = bc.id
    WHERE n.assignment_id = a.id)
FROM submitted_assignment sa JOIN assignment a ON a.id = sa.assignment_id
"""


def read_scores(path: str | Path) -> tuple[dict[tuple[str, str], tuple[float, float]], list[str], list[str]]:
    """(student, assignment) -> (score, max score); every student id; every assignment name (as nbgrader orders them)."""
    path = Path(path)
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as exc:
        raise GradebookError(path, f"cannot be opened: {exc}") from None
    try:
        students = [row[0] for row in connection.execute(
            "SELECT id FROM student ORDER BY last_name, first_name")]
        assignments = [row[0] for row in connection.execute(
            "SELECT name FROM assignment ORDER BY duedate, name")]
        scores = {(student, assignment): (float(score), float(maximum))
                  for student, assignment, score, maximum in connection.execute(SCORES)}
    except sqlite3.Error as exc:
        raise GradebookError(path, f"not an nbgrader gradebook ({exc})") from None
    finally:
        connection.close()
    return scores, students, assignments
