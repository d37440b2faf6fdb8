"""The cohort's grades out of the nbgrader gradebook: CSV for an LMS gradebook import.

    grades = read_gradebook("build/nbgrader/gradebook.db", course)
    grades.to_csv("canvas")   # or "moodle"

One row per learner, one column per assignment (the exercise's title from
the course manifest), the learner's nbgrader score (automatic plus hand
marks) or an empty cell when nothing was submitted.

- Canvas: `Student, ID, SIS User ID, SIS Login ID, Section`, then the
  assignments, with a `Points Possible` row first (Canvas reads it for new
  assignment columns). Learners are matched on SIS Login ID (the username).
- Moodle (Grades > Import > CSV file): `First name, Last name, Username,
  Email address`, then the assignments; map Username to "username" and each
  assignment column to its grade item when importing.

Every cell is spreadsheet-safe (a leading = + - @ is quoted).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path

from ..course import Course
from .roster import RosterError

FORMATS = ("canvas", "moodle")


def spreadsheet_text(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass(frozen=True)
class LearnerRow:
    username: str
    first_name: str
    last_name: str
    email: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.username


@dataclass
class CohortGrades:
    """Scores per learner and assignment, and each assignment's title and maximum."""

    assignments: list[tuple[str, str, float]]  # (assignment id, title, max score)
    learners: list[LearnerRow]
    scores: dict[tuple[str, str], float] = field(default_factory=dict)  # (username, assignment) -> score
    needs_marking: set[tuple[str, str]] = field(default_factory=set)
    # (username, assignment) -> (automatic score, its maximum, submission time as ISO 8601 UTC)
    autograded: dict[tuple[str, str], tuple[float, float, str]] = field(default_factory=dict)

    def score(self, username: str, assignment: str) -> float | None:
        return self.scores.get((username, assignment))

    def to_csv(self, lms: str) -> str:
        if lms not in FORMATS:
            raise RosterError(f"--lms: {lms!r} is not a known format; use one of {', '.join(FORMATS)}")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        titles = [title for _, title, _ in self.assignments]
        if lms == "canvas":
            writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *titles])
            writer.writerow(["Points Possible", "", "", "", "", *(points(m) for _, _, m in self.assignments)])
            for row in self.learners:
                writer.writerow([spreadsheet_text(row.full_name), "", "", spreadsheet_text(row.username), "",
                                 *(points(self.score(row.username, a)) for a, _, _ in self.assignments)])
        else:
            writer.writerow(["First name", "Last name", "Username", "Email address", *titles])
            for row in self.learners:
                writer.writerow([spreadsheet_text(row.first_name), spreadsheet_text(row.last_name),
                                 spreadsheet_text(row.username), spreadsheet_text(row.email),
                                 *(points(self.score(row.username, a)) for a, _, _ in self.assignments)])
        return out.getvalue()


def titles_from(course: Course | None) -> dict[str, str]:
    if course is None:
        return {}
    return {a.assignment: a.heading for a in course.activities if a.kind == "exercise" and a.assignment}


def read_gradebook(db: str | Path, course: Course | None = None) -> CohortGrades:
    """The scores in an nbgrader gradebook (a file path or an sqlite:/// URL), after gradebook_file's checks
    (a GradebookError names the file and the problem), read read-only with nbgrader's definitions
    (assess.gradebook_scores; nbgrader itself takes seconds to import). A submission never autograded
    has no score, as in nbgrader's own listing."""
    from ..assess.gradebook_scores import read_contents
    from ..gradebook_file import check_gradebook

    contents = read_contents(check_gradebook(db))
    titles = titles_from(course)
    assignments = [(a.name, titles.get(a.name, a.name), a.max_score) for a in contents.assignments]
    learners = [LearnerRow(s.id, s.first_name, s.last_name, s.email) for s in contents.students]
    grades = CohortGrades(assignments=assignments, learners=learners)
    known = {row.username for row in learners}
    code_maxima = {a.name: a.max_code_score for a in contents.assignments}
    for submission in contents.submissions:
        key = (submission.student, submission.assignment)
        if not submission.graded or key[0] not in known:
            continue
        grades.scores[key] = submission.score
        stamp = submission.timestamp
        when = stamp.replace(tzinfo=timezone.utc).isoformat(timespec="seconds") if stamp else ""
        grades.autograded[key] = (submission.code_score, code_maxima[submission.assignment], when)
        if submission.needs_manual_grade:
            grades.needs_marking.add(key)
    return grades
