"""Figures that need no closing, and that still show up in a notebook.

Every drawing is a `JourneyFigure`, a plain `matplotlib.figure.Figure` that is
never registered with pyplot: nothing to close, nothing leaks, and it is safe
to draw in a widget callback (the builder's live preview). In a Jupyter kernel
a figure drawn by a cell is shown once at the end of that cell, like pyplot's
inline backend does, so `draw_map(m);` shows the map; a figure drawn outside a
cell (a widget callback) is shown only where the caller displays it.
"""

from __future__ import annotations

import io
import os

from .canvas import JourneyCanvas
from matplotlib.figure import Figure

DPI = 100           # 12.8 in wide -> 1280 px, the width of a notebook at 100 %
WIDTH = 12.8

_pending: list["JourneyFigure"] = []
_hooked: set[int] = set()


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


_format: list[str | None] = [None]


class JourneyFigure(Figure):
    """A matplotlib Figure that displays itself once in a notebook (SVG unless PNG is asked for)."""

    shown = False
    description = ""        # alt text: describe_map() of what it shows
    page, page_count = 1, 1  # a long map is drawn in pages (see grid.BANDS_PER_PAGE)

    def _ipython_display_(self):
        from IPython.display import display

        self.shown = True
        display(self.as_png() if notebook_format() == "png" else self.as_svg())

    def as_svg(self):
        """The drawing as an IPython SVG, its text kept as text (searchable, sharp at every zoom)."""
        from IPython.display import SVG

        from .canvas import svg_with_text

        metadata = {"Date": None}
        if self.description:
            metadata.update(Title=self.description.splitlines()[0][:200], Description=self.description[:2000])
        return SVG(data=svg_with_text(self, metadata))

    def as_png(self):
        """The drawing as an IPython Image (PNG) with its description as alt text."""
        from IPython.display import Image

        return Image(data=self._repr_png_(), format="png",
                     metadata={"alt": self.description[:2000]} if self.description else None)

    def _repr_png_(self):   # for front ends that use the mime bundle directly
        buffer = io.BytesIO()
        from .canvas import PNG_OPTIONS

        self.savefig(buffer, format="png", dpi=DPI, facecolor="white", pil_kwargs=dict(PNG_OPTIONS))
        return buffer.getvalue()


def new_figure(width: float, height: float) -> JourneyFigure:
    """A pyplot-free figure of the given size in inches, white, with an Agg canvas."""
    fig = JourneyFigure(figsize=(width, height), dpi=DPI, facecolor="white")
    JourneyCanvas(fig)
    _watch(fig)
    return fig


def _watch(fig: JourneyFigure) -> None:
    """In a Jupyter kernel: show the figure at the end of the cell unless the cell showed it."""
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
        _pending.append(fig)


def _in_cell(shell) -> bool:
    """True while a cell runs (not in a widget callback between cells)."""
    parent = getattr(shell, "parent_header", None) or {}
    kind = parent.get("msg_type") or (parent.get("header") or {}).get("msg_type")
    return kind in (None, "execute_request")


def _flush() -> None:
    from IPython.display import display

    figures, _pending[:] = list(_pending), []
    for fig in figures:
        if not fig.shown:
            display(fig)
