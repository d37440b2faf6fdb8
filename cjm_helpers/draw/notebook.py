"""How drawings show in a notebook: the format chosen, and once at the end of the cell that drew them.

In a Jupyter kernel a drawing made by a cell is shown once at the end of that cell,
like pyplot's inline backend does, so `draw_map(m);` shows the map; a drawing made
outside a cell (a widget callback) is shown only where the caller displays it.
No matplotlib here: showing a drawing as SVG never loads it.
"""

from __future__ import annotations

import os

DPI = 100           # 12.8 in wide -> 1280 px, the width of a notebook at 100 %
WIDTH = 12.8

_pending: list = []
_hooked: set[int] = set()
_format: list[str | None] = [None]


def notebook_format() -> str:
    """How drawings show in a notebook: "svg" (default: text stays text, sharp at every zoom and
    faster than PNG) or "png" (show_as("png"), or CJM_FIGURE_FORMAT=png in the environment)."""
    chosen = (_format[0] or os.environ.get("CJM_FIGURE_FORMAT", "") or "svg").lower()
    return chosen if chosen in ("svg", "png") else "svg"


def show_as(kind: str) -> None:
    """Show drawings in this notebook as "svg" (the default) or "png"."""
    kind = str(kind).lower().lstrip(".")
    if kind not in ("svg", "png"):
        raise ValueError(f"show_as: {kind!r} is not a way to show drawings; use 'svg' or 'png'")
    _format[0] = kind


def watch(shown) -> None:
    """In a Jupyter kernel: show `shown` (a drawing or figure) at the end of the cell unless the cell showed it."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    if id(shell) not in _hooked:
        shell.events.register("pre_execute", _pending.clear)
        shell.events.register("post_execute", _flush)
        _hooked.add(id(shell))
    if _in_cell(shell):
        _pending.append(shown)


def _in_cell(shell) -> bool:
    """True while a cell runs (not in a widget callback between cells)."""
    parent = getattr(shell, "parent_header", None) or {}
    kind = parent.get("msg_type") or (parent.get("header") or {}).get("msg_type")
    return kind in (None, "execute_request")


def _flush() -> None:
    from IPython.display import display

    shown, _pending[:] = list(_pending), []
    for item in shown:
        if not item.shown:
            display(item)
