"""`funnel`: the ordered stage funnel of an event log, as a table (and optionally pictures)."""

from __future__ import annotations

import re
import sys

NAME = "funnel"
HELP = "compute the stage funnel (users, conversion, drop-off, time) of an event log (.csv or .parquet)"
EXAMPLE = "python -m cjm_helpers funnel events.csv --stages stages.json --by channel"


def limits_text() -> str:
    """The limits of an event log, as the help shows them (stated once, in cjm_helpers.limits)."""
    from .. import limits

    rows = "\n".join(f"  {what}: at most {value}" for what, value in limits.LOG_LIMITS.items())
    return ("limits of an event log (beyond them the command stops at once with exit code 2,\n"
            "naming the file, the limit and the value):\n" + rows)


def add_arguments(parser):
    parser.epilog = f"{parser.epilog or ''}\n\n{limits_text()}".strip()
    parser.add_argument("log", metavar="LOG", help="event log: .csv, .csv.gz or .parquet with user_id, event, timestamp")
    parser.add_argument("--stages", required=True, metavar="STAGES",
                        help='JSON file {"stage": ["event", ...], ...} in funnel order, or '
                             '"language_course" for the course\'s example stages')
    parser.add_argument("--by", metavar="COLUMN", help="break the funnel down by this segment column")
    parser.add_argument("--within", metavar="DURATION", help='longest time from the first stage, e.g. "30D"')
    parser.add_argument("--user", default="user_id", help="name of the user column (default user_id)")
    parser.add_argument("--event", default="event", help="name of the event column (default event)")
    parser.add_argument("--time", default="timestamp", help="name of the time column (default timestamp)")
    parser.add_argument("--utc", action="store_true",
                        help="read every time as UTC (needed when times carry different time zones)")
    parser.add_argument("--time-unit", choices=("s", "ms", "us", "ns"),
                        help="the time column holds numbers: seconds (or ms, us, ns) since 1970")
    parser.add_argument("--time-format", metavar="FORMAT", help='strftime format of the times, e.g. "%%d/%%m/%%Y %%H:%%M"')
    parser.add_argument("--drop-bad-rows", action="store_true",
                        help="leave out rows with a missing or unreadable user, event or time (default: refuse)")
    parser.add_argument("--allow-empty-stages", action="store_true",
                        help="accept a stage whose events never occur in the log (default: refuse)")
    parser.add_argument("--unknown-events", choices=("ignore", "warn", "raise"), default="warn",
                        help="events in no stage: ignore, warn (default) or treat as an error")
    parser.add_argument("--paths", type=int, default=0, metavar="N", help="also print the N most common paths")
    parser.add_argument("--csv", metavar="FILE", help="write the funnel table to FILE as CSV")
    parser.add_argument("--plot", metavar="FILE", help="save the funnel picture (.png, .svg or .pdf)")


def run(args) -> int:
    import warnings

    from ..analytics import LANGUAGE_COURSE_STAGES, funnel, load_events, plot_funnel, top_paths, worst_stage

    from ..errors import CJMError

    if args.plot:           # a picture it cannot write is said before the log is read
        from ..draw.save import picture_format

        picture_format(args.plot)
    stages = LANGUAGE_COURSE_STAGES if args.stages == "language_course" else args.stages
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            events = load_events(args.log, user=args.user, event=args.event, time=args.time,
                                 time_format=args.time_format, time_unit=args.time_unit, utc=args.utc,
                                 bad_rows="drop" if args.drop_bad_rows else "raise",
                                 columns=[args.by] if args.by else [])
            table = funnel(events, stages, by=args.by, within=args.within, unknown_events=args.unknown_events,
                           allow_empty_stages=args.allow_empty_stages)
        except CJMError as exc:
            raise CJMError(command_line_advice(str(exc))) from None
    for warning in caught:
        print(f"warning: {command_line_advice(str(warning.message))}", file=sys.stderr)
    print(format_table(table))
    if args.by is None and len(table) > 1:
        worst = worst_stage(table)
        print(f"\nLargest drop-off: {worst['stage']} ({1 - worst['step_conversion_rate']:.0%} of the "
              f"previous stage lost, {int(worst['drop_off']):,} users)")
    if args.paths:
        paths = top_paths(events, stages, top=args.paths)
        print("\nMost common paths:")
        for row in paths.itertuples():
            print(f"  {row.users:>8,}  {row.share:>5.1%}  {row.path}")
    if args.csv:
        from ..atomic import atomic_write_text

        atomic_write_text(args.csv, table.to_csv(index=False))
        print(f"wrote {args.csv}")
    if args.plot:           # an .svg keeps its text as text; written atomically, like a map's picture
        from ..draw import save_figure

        save_figure(plot_funnel(table), args.plot, dpi=120)
        print(f"wrote {args.plot}")
    return 0


# The Python API's advice in its messages, and the flag of this command that does the same.
ADVICE = [
    (re.compile(r"pass utc=True"), "add --utc"),
    (re.compile(r"pass bad_rows='drop'"), "add --drop-bad-rows"),
    (re.compile(r'pass bad_rows="drop"'), "add --drop-bad-rows"),
    (re.compile(r"pass time_unit='s' \(or 'ms', 'us', 'ns'\)"), "add --time-unit s (or ms, us, ns)"),
    (re.compile(r"pass time_unit='(\w+)'"), r"add --time-unit \1"),
    (re.compile(r"pass time_format='([^']*)'"), r"add --time-format '\1'"),
    (re.compile(r"pass (user|event|time)='that name', or --\w+ on the command line"), r"add --\1 'that name'"),
    (re.compile(r"pass allow_empty_stages=True"), "add --allow-empty-stages"),
    (re.compile(r"unknown_events='raise'"), "--unknown-events raise"),
    (re.compile(r"unknown_events='ignore'"), "--unknown-events ignore"),
]


def command_line_advice(message: str) -> str:
    """A message of the Python API with its advice in this command's own flags."""
    for pattern, flag in ADVICE:
        message = pattern.sub(flag, message)
    return message


def format_table(table) -> str:
    """The funnel table with percentages and readable times."""
    import pandas as pd

    shown = table.copy()
    for column in ("conversion_rate", "step_conversion_rate"):
        shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.1%}")
    shown["median_time_from_previous"] = shown["median_time_from_previous"].map(
        lambda v: "" if pd.isna(v) else str(pd.Timedelta(v).round("s")))
    return shown.to_string(index=False)
