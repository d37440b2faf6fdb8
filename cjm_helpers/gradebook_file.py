"""The nbgrader gradebook (SQLite) at the door: checked read-only before anything reads or writes it.

A trainer's gradebook.db that is too large, not SQLite, damaged, locked by a running autograde, or of
another schema is refused with one line naming the file and the problem (GradebookError; the commands
exit 2). It is opened read-only (a `file:...?mode=ro` URI) and never written by a reader: readers ask
SQLite directly (assess/gradebook_scores.py; nbgrader's own Gradebook writes its course row on opening).
Writers (the parallel autograde) check it first and work on a private copy taken through that read-only
connection (copy_checked), so a damaged gradebook is never written.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from . import limits
from .errors import CJMError

SQLITE_HEADER = b"SQLite format 3\x00"


class GradebookError(CJMError, RuntimeError):
    """A gradebook that cannot be used: the file and the problem, in one line."""

    def __init__(self, path: str | Path, problem: str):
        self.path, self.problem = str(path), problem
        super().__init__(f"{self.path}: {problem}")


def gradebook_file(db: str | Path) -> Path:
    """The file of a gradebook given as a path or an sqlite:/// URL (another database: a GradebookError)."""
    text = str(db)
    if "://" in text:
        if not text.startswith("sqlite:///"):
            raise GradebookError(text, "only an SQLite gradebook (sqlite:///FILE) can be read here")
        text = text[len("sqlite:///"):]
    return Path(text)


# The tables and columns of nbgrader 0.9's gradebook (nbgrader.api.Base.metadata; a test holds them to it),
# written out so that a gradebook is checked without importing nbgrader (seconds of start-up).
SCHEMA: dict[str, tuple[str, ...]] = {
    "course": ("id",),
    "student": ("id", "first_name", "last_name", "email", "lms_user_id"),
    "assignment": ("id", "name", "duedate", "course_id"),
    "notebook": ("id", "name", "assignment_id", "kernelspec"),
    "submitted_assignment": ("id", "assignment_id", "student_id", "timestamp", "extension"),
    "base_cell": ("id", "name", "notebook_id", "type"),
    "source_cell": ("id", "name", "cell_type", "locked", "source", "checksum", "notebook_id"),
    "submitted_notebook": ("id", "assignment_id", "notebook_id", "flagged", "late_submission_penalty"),
    "comment": ("id", "notebook_id", "cell_id", "auto_comment", "manual_comment"),
    "grade": ("id", "notebook_id", "cell_id", "auto_score", "manual_score", "extra_credit", "needs_manual_grade"),
    "grade_cells": ("id", "max_score", "cell_type"),
    "solution_cells": ("id",),
    "task_cells": ("id", "max_score", "cell_type"),
}


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection (never creates or changes the file) that waits a bounded time for a writer."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=limits.GRADEBOOK_WAIT_SECONDS)


def check_gradebook(db: str | Path) -> Path:
    """The gradebook's file when it is a usable nbgrader gradebook within the limits; else GradebookError."""
    path = gradebook_file(db)
    try:
        fd = limits.open_regular(path, limits.MAX_GRADEBOOK_BYTES, "a gradebook")
    except FileNotFoundError:
        raise GradebookError(path, "no such gradebook (it is build/nbgrader/gradebook.db in the trainer's "
                                   "course; release an assignment first)") from None
    except limits.LimitError as exc:
        raise GradebookError(path, f"refused: {exc}") from None
    except OSError as exc:
        raise GradebookError(path, f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise GradebookError(path, "is not an SQLite database, so not an nbgrader gradebook; restore it from "
                                   "a backup (it was not changed)")
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as exc:
        raise GradebookError(path, f"cannot be opened: {exc}") from None
    try:
        _check_contents(path, connection)
    finally:
        connection.close()
    return path


def _check_contents(path: Path, connection: sqlite3.Connection) -> None:
    with sqlite_errors(path):
        found = {name: {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}
                 for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        if verdict != "ok":
            raise damaged(path, verdict[:120])
        lacks = [f"table {t}" for t in SCHEMA if t not in found]
        lacks += [f"column {t}.{c}" for t, columns in SCHEMA.items() if t in found for c in columns if c not in found[t]]
        if lacks:
            raise GradebookError(path, f"is not an nbgrader gradebook of this version: it lacks "
                                       f"{', '.join(lacks)[:300]} (it was not changed)")
        for table, limit, what in (("student", limits.MAX_GRADEBOOK_STUDENTS, "students"),
                                   ("assignment", limits.MAX_GRADEBOOK_ASSIGNMENTS, "assignments"),
                                   ("submitted_assignment", limits.MAX_GRADEBOOK_SUBMISSIONS, "submissions")):
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if count > limit:
                raise GradebookError(path, f"refused: it has {count:,} {what}; the limit is {limit:,}")


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """sqlite's errors while reading the gradebook as a GradebookError: locked, unreadable or damaged."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise GradebookError(path, f"is locked by another program (an autograde or Formgrader writing it?); "
                                       f"waited {limits.GRADEBOOK_WAIT_SECONDS} s: try again when it has "
                                       "finished") from None
        raise GradebookError(path, f"cannot be read: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from None


def damaged(path: Path, why: object) -> GradebookError:
    return GradebookError(path, f"is damaged ({why}); restore it from a backup (it was not changed)")


def copy_checked(db: str | Path, target: str | Path) -> Path:
    """Check the gradebook (check_gradebook), then copy it to `target` read-only; the gradebook's file.

    The one copy of a trainer's gradebook (the snapshot a reader reads, the one the parallel autograde
    grades from): sqlite's online backup through a read-only connection, inside a read transaction
    taken first, so that the copy is consistent and a writer holding the file makes it wait at most
    limits.GRADEBOOK_WAIT_SECONDS (sqlite's backup alone would wait for ever). The file is never written,
    not even its modification time.
    """
    path = check_gradebook(db)
    source = connect_read_only(path)
    copy = sqlite3.connect(target)
    try:
        with sqlite_errors(path):
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()   # the read lock: a bounded wait
            source.backup(copy)
    finally:
        source.close()
        copy.close()
    return path
