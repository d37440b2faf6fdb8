"""One autograde worker process: nbgrader's own Autograde, one student at a time, a private gradebook each.

    python -m cjm_helpers.assess.autograde_worker RESULT_FD -- NBGRADER_ARGS...

Started by cjm_helpers.assess.parallel (never by hand). It loads the course's
nbgrader configuration exactly as `nbgrader autograde NBGRADER_ARGS` does
(nbgrader_config.py, so every configured preprocessor runs) and first writes
to RESULT_FD what the parent needs: the gradebook, the course id, the
students with a submission, the log folder. Then, for each line
`student<TAB>force<TAB>private.db<TAB>student.log` on stdin, it runs nbgrader's
Autograde converter for that student alone against the private copy of the
gradebook, merges the result into the real gradebook under the writer lock
(gradebook_merge), and writes one JSON line: {"student", "status": "graded" |
"skipped" | "failed", "error", "score", "max_score", "needs_manual_grade", "seconds"}.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path

from .gradebook_merge import merge_submission, sqlite_path, writer_lock


def _converter_class():
    from nbgrader.converters import Autograde

    class RecordingAutograde(Autograde):
        """nbgrader's Autograde (same config section), remembering whether it graded or skipped."""

        processed = False

        def init_destination(self, assignment_id: str, student_id: str) -> bool:
            self.processed = super().init_destination(assignment_id, student_id)
            return self.processed

    return RecordingAutograde


def submitted_students(coursedir) -> list[str]:
    """Students with a submitted folder for the assignment (nbgrader's --student pattern applies)."""
    pattern = coursedir.format_path(coursedir.submitted_directory, coursedir.student_id, coursedir.assignment_id)
    students = sorted(Path(p).parent.name for p in glob.glob(pattern) if os.path.isdir(p))
    excluded = set(filter(None, coursedir.student_id_exclude.split(",")))
    return [s for s in students if s not in excluded]


def course_facts(app) -> dict:
    coursedir = app.coursedir
    autograded = Path(coursedir.format_path(coursedir.autograded_directory, ".", ".")).resolve()
    return {"pid": os.getpid(), "db": str(sqlite_path(coursedir.db_url)), "course_id": coursedir.course_id,
            "students": submitted_students(coursedir), "log_dir": str(autograded.parent / "autograde-logs")}


def grade_one(app, converter_class, student: str, force: bool, private_db: str, log: str) -> dict:
    """Autograde one student into the private gradebook, then merge it into the real one."""
    from nbgrader.converters.base import NbGraderException

    handler = logging.FileHandler(log, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("[%(name)s | %(levelname)s] %(message)s"))
    app.log.addHandler(handler)
    coursedir, real_url = app.coursedir, app.coursedir.db_url
    outcome = {"student": student, "status": "failed", "error": None}
    start = time.perf_counter()
    try:
        coursedir.student_id, coursedir.db_url = student, "sqlite:///" + private_db
        converter = converter_class(coursedir=coursedir, parent=app)
        converter.force = converter.force or force
        try:
            converter.start()
            outcome["status"] = "graded" if converter.processed else "skipped"
        except NbGraderException as exc:  # what `nbgrader autograde` reports for this student
            outcome["error"] = str(exc).strip().splitlines()[0] if str(exc).strip() else "nbgrader reported an error"
        except Exception as exc:  # any other failure is this student's, not the cohort's
            app.log.error(traceback.format_exc())
            outcome["error"] = f"{type(exc).__name__}: {exc}"
        coursedir.db_url = real_url
        if outcome["status"] != "skipped":  # nbgrader keeps what a failed run wrote: so do we
            with writer_lock(sqlite_path(real_url)):
                merged = merge_submission("sqlite:///" + private_db, real_url, coursedir.course_id,
                                          coursedir.assignment_id, student)
            outcome.update(merged or {})
    finally:
        coursedir.db_url = real_url
        app.log.removeHandler(handler)
        handler.close()
    outcome["seconds"] = round(time.perf_counter() - start, 3)
    return outcome


def main(argv: list[str]) -> int:
    result_fd, sep, *nbgrader_args = argv
    assert sep == "--", "usage: autograde_worker RESULT_FD -- NBGRADER_ARGS..."
    results = os.fdopen(int(result_fd), "w", encoding="utf-8", buffering=1)
    from nbgrader.apps import AutogradeApp

    app = AutogradeApp()
    app.initialize(nbgrader_args)
    app.coursedir.assignment_id = app.extra_args[0]
    converter_class = _converter_class()
    results.write(json.dumps(course_facts(app)) + "\n")
    for line in sys.stdin:
        student, force, private_db, log = line.rstrip("\n").split("\t")
        results.write(json.dumps(grade_one(app, converter_class, student, force == "1", private_db, log)) + "\n")
    results.close()
    sys.stderr.flush()
    os._exit(0)  # all work is written; skip the interpreter's slow teardown


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
