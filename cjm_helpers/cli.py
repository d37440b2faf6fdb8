"""The command line: a thin layer over the Python API.

Each subcommand lives in its own module under cjm_helpers/commands/ and
provides NAME, HELP, EXAMPLE, add_arguments(parser) and run(args) -> int.
Modules are discovered, so adding a command touches no other file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from . import commands
from .errors import CJMError, refused


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{commands.__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    modules = list(_command_modules())
    epilog = "examples:\n" + "\n".join(f"  {m.EXAMPLE}" for m in modules)
    parser = argparse.ArgumentParser(
        prog="python -m cjm_helpers",
        description="Customer Journey Mapping workbook: check, draw and export journey maps.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in modules:
        cmd = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=module.HELP,
            epilog=f"example:\n  {module.EXAMPLE}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command: 0 done, 1 findings or warnings, 2 refused input, 130 Ctrl-C; never a traceback
    for a closed pipe (`check big.json | head -1`) or an interrupt."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return 2
        code = int(args.run(args) or 0)
        sys.stdout.flush()
        return code
    except CJMError as exc:     # a map or course.toml with problems: every one a line, naming file and field
        return refused(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_closed_stdout()
        return 141      # 128 + SIGPIPE, what a shell reports for a reader that stopped early


def _quiet_closed_stdout() -> None:
    """The reader of stdout has gone: send what is left to /dev/null so that exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
