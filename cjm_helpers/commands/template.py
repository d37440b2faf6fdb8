"""`template`: print a blank journey map (A4 or A3, landscape) for mapping on paper."""

from __future__ import annotations

NAME = "template"
HELP = "write a printable blank journey map: stages, lanes, a -2..+2 feeling scale and a persona box"
EXAMPLE = "python -m cjm_helpers template -o blank.pdf --size A3 --preset six_stages"


def add_arguments(parser):
    parser.add_argument("-o", "--output", default="blank_journey_map.pdf",
                        help="the file to write (.pdf, .png or .svg; default blank_journey_map.pdf)")
    parser.add_argument("--size", default="A4", type=str.upper, choices=["A4", "A3"], help="paper size, landscape")
    parser.add_argument("--stages", type=int, default=None, help="number of empty stage columns (3-9, default 6)")
    parser.add_argument("--preset", default=None, help="print a stage vocabulary's names, e.g. six_stages")


def run(args) -> int:
    import sys

    from ..template import TemplateError, write_template

    try:
        path = write_template(args.output, size=args.size, stages=args.stages, preset=args.preset)
    except TemplateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({args.size} landscape)")
    return 0
