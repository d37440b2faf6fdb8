"""`python -m cjm_helpers ...`: the command line. Ctrl-C at any moment, even while it starts, ends it
quietly with 130.

While the command starts, Ctrl-C is only noted: an interrupt inside a compiled module's start-up makes
pydantic's core panic with a Rust message. Later, any error that follows a Ctrl-C counts as the interrupt
(an interrupted import can surface as an ImportError)."""

import signal
import sys

_interrupted = False


def _note(signum, frame):
    global _interrupted
    _interrupted = True


def _interrupt(signum, frame):
    _note(signum, frame)
    raise KeyboardInterrupt


def _quit() -> None:
    print("interrupted", file=sys.stderr)
    raise SystemExit(130)


signal.signal(signal.SIGINT, _note)
from .cli import main  # noqa: E402
import pydantic_core  # noqa: E402,F401  (compiled; see above)

signal.signal(signal.SIGINT, _interrupt)
if _interrupted:
    _quit()
try:
    code = main()
except BaseException as exc:
    if isinstance(exc, SystemExit) or not _interrupted:
        raise
    _quit()
raise SystemExit(code)
