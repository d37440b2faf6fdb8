"""Copy one student's autograde from a private nbgrader gradebook into the course's gradebook.

Used by the parallel autograde's workers (see cjm_helpers.assess.parallel):
each grades into a private copy of the gradebook, then merges under an
exclusive lock on a file beside the real one, so the real gradebook has one
writer at a time. A merge is one sqlite transaction: a worker that dies
half-way leaves nothing half-written, and merging again gives the same rows.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path


def sqlite_path(db_url: str) -> Path:
    """The file of a sqlite gradebook URL (other databases: a clear refusal)."""
    if not db_url.startswith("sqlite:///"):
        raise ValueError(f"CourseDirectory.db_url: parallel autograde needs a sqlite gradebook, not {db_url!r}")
    return Path(db_url[len("sqlite:///"):])


@contextmanager
def writer_lock(db_path: Path):
    """Held while writing the real gradebook; the system frees it if the holder dies."""
    with open(f"{db_path}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _columns(row) -> dict:
    """Every column nbgrader stores on a row, except keys (they differ between gradebooks)."""
    return {c.name: getattr(row, c.name) for c in row.__table__.columns
            if not c.primary_key and not c.foreign_keys and c.name != "type"}


def merge_submission(private_url: str, db_url: str, course_id: str, assignment: str, student: str) -> dict | None:
    """Copy the student's submission rows (student, submission, notebooks, grades, comments).

    Returns the score now in the real gradebook ({"score", "max_score",
    "needs_manual_grade"}), or None when the private one has no submission.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(private_url, course_id) as source, Gradebook(db_url, course_id) as target:
        try:
            submission = source.find_submission(assignment, student)
        except MissingEntry:
            return None
        student_fields = _columns(source.find_student(student))
        target.update_or_create_student(student, **student_fields)
        target.update_or_create_submission(assignment, student, **_columns(submission))
        for notebook in submission.notebooks:
            copy = target.find_submission_notebook(notebook.name, assignment, student)
            for name, value in _columns(notebook).items():
                setattr(copy, name, value)
            for grade in notebook.grades:
                row = target.find_grade(grade.name, notebook.name, assignment, student)
                for name, value in _columns(grade).items():
                    setattr(row, name, value)
            for comment in notebook.comments:
                row = target.find_comment(comment.name, notebook.name, assignment, student)
                for name, value in _columns(comment).items():
                    setattr(row, name, value)
        target.db.commit()
        merged = target.find_submission(assignment, student)
        return {"score": merged.code_score, "max_score": merged.max_code_score,
                "needs_manual_grade": bool(merged.needs_manual_grade)}
