"""`roster`: add a cohort's learners (a CSV of username, full name) to this machine's hub, or remove them."""

from __future__ import annotations

import csv
import os
from pathlib import Path

NAME = "roster"
HELP = "(as root) add the learners of a roster CSV (username, full name) as hub accounts and nbgrader students, or remove them"
EXAMPLE = "python -m cjm_helpers roster add roster.csv --trainer trainer"


def add_arguments(parser):
    parser.add_argument("action", choices=("add", "remove", "students"),
                        help="add: create accounts (as root); remove: delete them and their homes; students: only "
                             "add the learners to the gradebook of the course in the current folder (Kubernetes)")
    parser.add_argument("roster", metavar="ROSTER.csv", help="a CSV with the columns username and full name")
    parser.add_argument("--trainer", metavar="USER", help="the trainer's account (created if missing; its gradebook "
                                                          "gets the learners as nbgrader students)")
    parser.add_argument("--passwords", metavar="FILE", default="roster-passwords.csv",
                        help="where to write the first passwords of new accounts (readable by root only; "
                             "default: %(default)s)")


def run(args) -> int:
    from ..teach.hub import Cohort, add_roster, import_students, remove_roster
    from ..teach.roster import read_roster

    if args.action == "students":
        learners = read_roster(args.roster)
        import_students(learners, Path.cwd())
        print(f"{len(learners)} learners in the gradebook of {Path.cwd()}")
        return 0
    cohort = Cohort()
    if args.action == "remove":
        removed = remove_roster(args.roster, cohort, trainer=args.trainer)
        print(f"removed {len(removed)} accounts and their homes: {', '.join(removed) or 'none'}")
        return 0
    result = add_roster(args.roster, cohort, trainer=args.trainer)
    print(f"course {cohort.course_id}: {result.summary()}")
    if result.created:
        path = Path(args.passwords)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["username", "password"])
            writer.writerows(sorted(result.created.items()))
        print(f"first passwords of the new accounts: {path} (hand them out, then delete the file)")
    return 0
