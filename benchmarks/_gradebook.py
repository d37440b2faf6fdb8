"""A real nbgrader gradebook of any size, made fast (nbgrader's schema, rows written with plain SQL)."""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from pathlib import Path


def make_gradebook(path: Path, students: int, assignments: int, course_id: str = "cjm-workbook") -> None:
    """`students` x `assignments` submissions, each with one graded code cell (5 of 6 points)."""
    from nbgrader.api import Gradebook

    # a new gradebook runs the `alembic` command: found beside this Python, as nbgrader_config.py does,
    # when the benchmark runs without the virtual environment activated (`make bench`)
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    with Gradebook(f"sqlite:///{path}", course_id):
        pass                                        # nbgrader makes its schema (and alembic stamp)
    learners = [f"learner{i:05d}" for i in range(students)]
    with sqlite3.connect(path) as con:
        con.executemany("INSERT INTO student (id, first_name, last_name, email) VALUES (?, ?, ?, ?)",
                        [(s, "First", s, f"{s}@example.org") for s in learners])
        for a in range(assignments):
            aid, nid, cid = (uuid.uuid4().hex for _ in range(3))
            con.execute("INSERT INTO assignment (id, name, course_id) VALUES (?, ?, ?)", (aid, f"{a:02d}_task", course_id))
            con.execute("INSERT INTO notebook (id, name, assignment_id) VALUES (?, ?, ?)", (nid, f"{a:02d}_task", aid))
            con.execute("INSERT INTO base_cell (id, name, notebook_id, type) VALUES (?, 'auto', ?, 'GradeCell')",
                        (cid, nid))
            con.execute("INSERT INTO grade_cells (id, max_score, cell_type) VALUES (?, 6, 'code')", (cid,))
            for s in learners:
                sa, sn = uuid.uuid4().hex, uuid.uuid4().hex
                con.execute("INSERT INTO submitted_assignment (id, assignment_id, student_id, timestamp) "
                            "VALUES (?, ?, ?, '2026-11-30 09:15:00.000000')", (sa, aid, s))
                con.execute("INSERT INTO submitted_notebook (id, assignment_id, notebook_id, flagged, "
                            "late_submission_penalty) VALUES (?, ?, ?, 0, 0.0)", (sn, sa, nid))
                con.execute("INSERT INTO grade (id, notebook_id, cell_id, auto_score, needs_manual_grade) "
                            "VALUES (?, ?, ?, 5.0, 0)", (uuid.uuid4().hex, sn, cid))
