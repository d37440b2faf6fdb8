"""The cohort's CPD records, one printable PDF per learner, from the trainer's gradebook.

An exercise counts when its autograded checks all passed (nbgrader ran them
in the trainer's process, on the submitted map files: the learner cannot
change that verdict); it is dated by the submission. Lessons are recorded
only in the learner's own CPD log (the knowledge checks run in their
notebooks); with `logs`, their lesson entries are added and marked as
recorded by the learner. The PDF is the learner's own printable record
(cjm_helpers.cpd), so trainer and learner hand in the same page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..course import Course
from ..cpd import ActivityRecord, CPDRecord, read_log
from .lms import CohortGrades

SELF_RECORDED = "recorded by the learner's workbook"


def exercise_records(grades: CohortGrades, course: Course, username: str) -> list[ActivityRecord]:
    """The exercises whose autograded checks all passed, as CPD activities."""
    records = []
    for activity in course.activities:
        found = grades.autograded.get((username, activity.assignment)) if activity.kind == "exercise" else None
        if not found:
            continue
        score, maximum, when = found
        if maximum > 0 and score >= maximum and when:
            records.append(ActivityRecord(
                activity=activity.id, title=activity.title, kind="exercise", completed=when,
                minutes=activity.minutes, points=activity.points,
                evidence={"graded": f"autograded checks passed: {score:g} of {maximum:g} marks"}))
    return records


def lesson_records(log: str | Path) -> list[ActivityRecord]:
    """The lessons in a learner's CPD log (a missing or unreadable log gives none)."""
    try:
        contents = read_log(log)
    except Exception:  # noqa: BLE001 - a damaged log must not stop the cohort's records
        return []
    return [replace(r, evidence={"source": SELF_RECORDED}) for r in contents.records if r.kind == "lesson"]


def write_cohort_records(grades: CohortGrades, course: Course, folder: str | Path,
                         logs: dict[str, Path] | None = None) -> list[Path]:
    """Write <username>.pdf for every learner in the gradebook; returns the files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for learner in grades.learners:
        records = exercise_records(grades, course, learner.username)
        if logs and learner.username in logs:
            records += lesson_records(logs[learner.username])
        records.sort(key=lambda r: r.completed_at)
        record = CPDRecord(course=course, records=records, learner=learner.full_name)
        written.append(record.export(folder / f"{learner.username}.pdf"))
    return written
