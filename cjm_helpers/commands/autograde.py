"""`autograde`: grade every submitted student of an assignment across worker processes (exit 1 if any failed)."""

from __future__ import annotations

import sys

NAME = "autograde"
HELP = "autograde a cohort's submissions in parallel into the one nbgrader gradebook"
EXAMPLE = "python -m cjm_helpers autograde 02_current_state --jobs 2"


def add_arguments(parser):
    parser.add_argument("assignment", help="the assignment to grade, e.g. 02_current_state")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="worker processes (default 2; one per core is the most that helps)")
    parser.add_argument("--force", action="store_true", help="grade again students already autograded")
    parser.add_argument("--student", metavar="ID", help="only this student (a glob pattern, as in nbgrader)")
    parser.add_argument("--retries", type=int, default=1, metavar="N",
                        help="how often a student is retried when its grading process dies (default 1)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="give up on a student's grading after this long (default: no limit; "
                             "each cell is already limited by CJM_CELL_TIMEOUT)")


def run(args) -> int:
    from ..assess.parallel import FAILED, GRADED, SKIPPED, autograde_cohort
    from ..errors import refused

    if args.jobs < 1:
        return refused(ValueError("--jobs: must be 1 or more"))
    nbgrader_args = ["--force"] if args.force else []
    if args.student:
        nbgrader_args += ["--student", args.student]
    try:
        results = autograde_cohort(args.assignment, jobs=args.jobs, nbgrader_args=nbgrader_args,
                                   retries=args.retries, timeout=args.timeout,
                                   report=lambda r: print(r.summary(), flush=True))
    except (RuntimeError, ValueError) as exc:
        return refused(exc)
    if not results:
        print(f"error: no submissions of {args.assignment} to grade (run `nbgrader collect` first?)",
              file=sys.stderr)
        return 1
    failed = [r.student for r in results if r.status == FAILED]
    counts = [f"{sum(r.status == GRADED for r in results)} graded"]
    if any(r.status == SKIPPED for r in results):
        counts.append(f"{sum(r.status == SKIPPED for r in results)} already autograded")
    if failed:
        counts.append(f"{len(failed)} failed ({', '.join(failed)})")
    print(f"{args.assignment}: {len(results)} students: {', '.join(counts)}")
    return 1 if failed else 0
