"""`check`: check a map file and print the findings (exit 0 no errors, 1 errors, 2 unreadable)."""

from __future__ import annotations

import json
import sys

NAME = "check"
HELP = "check a journey map file and print what to improve"
EXAMPLE = "python -m cjm_helpers check my_future_state.json --current my_current_state.json"


def add_arguments(parser):
    parser.add_argument("map", metavar="MAP.json", help="the map file to check")
    parser.add_argument("--current", metavar="CURRENT.json",
                        help="for a future-state map: the current-state map (default: its based_on)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args) -> int:
    from ..checks import check_map

    report = check_map(args.map, current=args.current)
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif report.loaded:
        print(report)
    if not report.loaded:
        first = report.findings[0]
        from ..errors import MapValidationError, refused

        if report.problems:     # every problem of the file, one a line, each naming the file and the field
            return refused(MapValidationError(report.problems, report.source))
        return refused(ValueError(f"{first.where}: {first.message}"))
    return 0 if report.ok else 1
