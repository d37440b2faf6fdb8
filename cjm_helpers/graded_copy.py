"""What the kernel shows while nbgrader grades: drawings and the builder, deferred.

Under `nbgrader autograde` (NBGRADER_EXECUTION is set in the kernel) a worked
example's drawing and the map builder only decorate the graded copy, yet
drawing them costs most of a submission's grading time (matplotlib, PNG
rendering, the widget state). `from cjm_helpers import draw_map, MapBuilder`
then gives stand-ins that show one line of text instead, and build the real
object the moment anything else is asked of it (`fig.savefig(...)`,
`builder.map`, `builder.save()`), so learner code behaves as it always does.

This is for speed only: nothing here touches a map file or a mark, and a
kernel without the variable (a learner's own run) gets the real objects.
"""

from __future__ import annotations

import importlib
import os
from typing import Any, Callable

GRADING_ENV = "NBGRADER_EXECUTION"  # set by nbgrader in the kernel it grades in

DRAWINGS = ("draw_map", "draw_comparison", "draw_blueprint", "draw_day")
BUILDERS = ("MapBuilder", "FutureStateBuilder")
DEFERRABLE = DRAWINGS + BUILDERS  # looked up on every use, never cached on the package
NOTE_DRAWING = "*(The drawing is left out of the graded copy; it carries no marks.)*"
NOTE_BUILDER = ("*(The map builder is left out of the graded copy: grading reads the saved "
                "map file{where}.)*")


class Deferred:
    """Shows a short note; becomes the real drawing or builder on first use."""

    def __init__(self, make: Callable[[], Any], note: str):
        self._make, self._note, self._real = make, note, None

    def _materialise(self) -> Any:
        if self._real is None:
            self._real = self._make()
        return self._real

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # display and introspection probes must not build it
            raise AttributeError(name)
        return getattr(self._materialise(), name)

    def _repr_markdown_(self) -> str:
        return self._note

    def __repr__(self) -> str:
        return self._note.strip("*()")


def stand_in(name: str, module: str) -> Callable[..., Deferred]:
    """A callable named `name` that defers `cjm_helpers.<module>.<name>`."""

    def deferred_call(*args: Any, **kwargs: Any) -> Deferred:
        def make() -> Any:
            return getattr(importlib.import_module(f"cjm_helpers.{module}"), name)(*args, **kwargs)

        if name in BUILDERS:
            where = f" `{args[0]}`" if args and isinstance(args[0], str) else ""
            return Deferred(make, NOTE_BUILDER.format(where=where))
        return Deferred(make, NOTE_DRAWING)

    deferred_call.__name__ = deferred_call.__qualname__ = name
    deferred_call.__doc__ = f"{name}, deferred while nbgrader grades (see cjm_helpers.graded_copy)."
    return deferred_call


def lookup(name: str, module: str) -> Callable[..., Deferred] | None:
    """The stand-in for a public name under grading, or None to use the real one."""
    if name in DEFERRABLE and os.environ.get(GRADING_ENV):
        return stand_in(name, module)
    return None
