"""`grades`: the cohort's grades as an LMS gradebook CSV (Canvas or Moodle), and CPD records as PDFs."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "grades"
HELP = "export the cohort's nbgrader grades for Canvas or Moodle, and one CPD record PDF per learner"
EXAMPLE = "python -m cjm_helpers grades --lms canvas -o canvas-grades.csv --cpd-records cpd-records/"
DEFAULT_DB = Path("build") / "nbgrader" / "gradebook.db"


def add_arguments(parser):
    parser.add_argument("--lms", choices=("canvas", "moodle"), default="canvas",
                        help="the gradebook import format (default: %(default)s)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the CSV here (default: print it)")
    from ..limits import GRADEBOOK_LIMITS

    limits = "; ".join(f"{what}: at most {value}" for what, value in GRADEBOOK_LIMITS.items())
    parser.add_argument("--gradebook", metavar="DB", help=f"the nbgrader gradebook (default: {DEFAULT_DB} "
                                                          f"in the course folder), read-only; limits: {limits}")
    parser.add_argument("--cpd-records", metavar="FOLDER", help="also write FOLDER/<username>.pdf for every learner")
    parser.add_argument("--learner-logs", action="store_true",
                        help="add the lessons from each learner's own CPD log (~USER/.cjm-workbook/cpd-log.jsonl)")


def run(args) -> int:
    from ..course import load_course

    course = load_course()
    from ..atomic import atomic_write_text
    from ..teach.cpd_records import write_cohort_records
    from ..teach.lms import read_gradebook

    grades = read_gradebook(args.gradebook or course.root / DEFAULT_DB, course)
    text = grades.to_csv(args.lms)
    if args.output:
        atomic_write_text(args.output, text)
        print(f"wrote {args.output}: {len(grades.learners)} learners, {len(grades.assignments)} assignments "
              f"({args.lms})")
    else:
        sys.stdout.write(text)
    if grades.needs_marking:
        print(f"note: {len(grades.needs_marking)} submissions still need hand marking in Formgrader; "
              "their scores count the automatic points only", file=sys.stderr)
    if args.cpd_records:
        logs = None
        if args.learner_logs:
            logs = {row.username: Path(f"~{row.username}").expanduser() / ".cjm-workbook" / "cpd-log.jsonl"
                    for row in grades.learners}
        files = write_cohort_records(grades, course, args.cpd_records, logs)
        print(f"wrote {len(files)} CPD records into {args.cpd_records}", file=sys.stderr if not args.output else sys.stdout)
    return 0
