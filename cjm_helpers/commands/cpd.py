"""`cpd`: print the learner's CPD record, or export it as CSV, HTML or a one-page PDF."""

from __future__ import annotations

import sys

NAME = "cpd"
HELP = "print your CPD record, or export it (.csv, .html, or a one-page .pdf to hand in)"
EXAMPLE = 'python -m cjm_helpers cpd --export cpd-record.pdf --name "Ada Lovelace"'


def add_arguments(parser):
    parser.add_argument("--export", metavar="FILE",
                        help="write the record to FILE: record.csv, record.html or record.pdf")
    parser.add_argument("--name", help="the learner's name on the record (default: $CJM_LEARNER_NAME "
                                       "or the name saved with --set-name)")
    parser.add_argument("--set-name", metavar="NAME", help="remember NAME for future records")
    parser.add_argument("--log", metavar="FILE", help="read this CPD log (default: $CJM_CPD_LOG or "
                                                     "~/.cjm-workbook/cpd-log.jsonl)")


def run(args) -> int:
    from ..cpd import cpd_record, set_learner_name

    if args.set_name:
        saved = set_learner_name(args.set_name)
        print(f"saved the name {args.set_name.strip()!r} in {saved}")
    record = cpd_record(name=args.name, log=args.log)
    for problem in record.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.export:
        path = record.export(args.export)
        print(f"wrote {path}: {record.summary}")
    else:
        print(record)
    return 1 if record.problems else 0
