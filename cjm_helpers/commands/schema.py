"""`schema`: print the JSON Schema of the map format."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "schema"
HELP = "print the JSON Schema of the map format (or write it with -o)"
EXAMPLE = "python -m cjm_helpers schema -o cjm-map.schema.json"


def add_arguments(parser):
    parser.add_argument("-o", "--output", help="write the schema to this file")


def run(args) -> int:
    from ..schema import map_schema, schema_text  # noqa: F401
    from ..atomic import atomic_write_text

    text = Path(__file__).parent.parent.joinpath("schema", "cjm-map.schema.json").read_text("utf-8")
    if args.output:
        atomic_write_text(args.output, text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0
