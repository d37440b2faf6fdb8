"""Drawings of journey maps: SVG in a notebook without matplotlib, matplotlib Figures on demand.

    from cjm_helpers import draw_map, draw_comparison, draw_blueprint, draw_day, describe_map, save_figure
    fig = draw_map("my_current_state.json")       # a map, a dict or a file path
    save_figure(fig, "my_current_state.png")      # .png, .svg or .pdf

Every function lays the map out and records it as a Scene (scene.py) and
returns a `Drawing` (drawing.py): nothing to close and nothing leaks, so it is
safe in widget callbacks. In a notebook a drawing made by a cell shows once at
the end of the cell, so `draw_map(m);` works as with pyplot; it shows as SVG
written from the scene by svg.py, text kept as text, without importing
matplotlib; or as PNG after `show_as("png")` (or CJM_FIGURE_FORMAT=png). Used
as a matplotlib Figure (savefig, findobj, canvas, ...), it builds its
JourneyFigure from the scene (replay.py), the same pixels as before scenes.
A long map is drawn in pages: `draw_map(m, page=2)`.

The package is itself callable: `from cjm_helpers import draw; draw(m)` picks
the drawing for the map type (see dispatch.draw).
"""

from __future__ import annotations

import importlib
import sys
import types

# name -> module defining it, imported on first use: a chart (bars.py, lines.py, boxes.py) imports this
# package too, and needs neither the map drawings nor the map model (pydantic) they import
_EXPORTS = {"draw_blueprint": "blueprint", "draw_comparison": "comparison", "draw_day": "day",
            "describe_map": "describe", "draw_for": "dispatch", "show_as": "notebook", "draw_map": "journey",
            "save_figure": "save"}

__all__ = ["draw", "draw_for", "draw_map", "draw_comparison", "draw_blueprint", "draw_day",
           "describe_map", "save_figure", "show_as"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _CallablePackage(types.ModuleType):
    """`cjm_helpers.draw` is both this package and the `draw(map)` function.

    A plain function named `draw` would be shadowed by the package of the same
    name as soon as any drawing module is imported; a callable package is the
    same object whatever was imported first.
    """

    def __call__(self, journey_map, current=None, **options):
        from .dispatch import draw_for

        return draw_for(journey_map, current=current, **options)


sys.modules[__name__].__class__ = _CallablePackage
draw = sys.modules[__name__]
