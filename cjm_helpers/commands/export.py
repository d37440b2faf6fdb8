"""`export`: a map file as Mermaid journey text, a Markdown table or CSV."""

from __future__ import annotations

import sys

NAME = "export"
HELP = "export a journey map file as Mermaid journey text, a Markdown table or CSV"
EXAMPLE = "python -m cjm_helpers export my_current_state.json --to mermaid -o journey.mmd"


def add_arguments(parser):
    parser.add_argument("map", metavar="MAP.json", help="the map file to export")
    parser.add_argument("--to", choices=("mermaid", "markdown", "csv"), required=True, help="the text format")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: print)")


def run(args) -> int:
    from .. import export
    from ..atomic import atomic_write_text
    from ..storage import load_map

    journey = load_map(args.map)
    text = {"mermaid": export.to_mermaid, "markdown": export.to_markdown, "csv": export.to_csv}[args.to](journey)
    if args.output:
        try:
            atomic_write_text(args.output, text)
        except OSError as exc:
            from ..errors import CJMError

            raise CJMError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0
