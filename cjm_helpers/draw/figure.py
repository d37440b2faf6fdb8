"""Figures that need no closing, and that still show up in a notebook.

A `JourneyFigure` is a plain `matplotlib.figure.Figure` that is never
registered with pyplot: nothing to close, nothing leaks, and it is safe to
draw in a widget callback. A map drawing's figure is built from its scene
(replay.py) when a PNG or PDF is asked for; the analytics plots are drawn on
one directly. Shown once at the end of the cell that made it (notebook.py).
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from .canvas import JourneyCanvas
from .save import MAX_DESCRIPTION, MAX_TITLE
from .notebook import DPI, WIDTH, notebook_format, show_as, watch  # noqa: F401 - named here for old imports


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
            metadata.update(Title=self.description.splitlines()[0][:MAX_TITLE],
                            Description=self.description[:MAX_DESCRIPTION])
        return SVG(data=svg_with_text(self, metadata))

    def as_png(self):
        """The drawing as an IPython Image (PNG) with its description as alt text."""
        from IPython.display import Image

        return Image(data=self._repr_png_(), format="png",
                     metadata={"alt": self.description[:MAX_DESCRIPTION]} if self.description else None)

    def _repr_png_(self):   # for front ends that use the mime bundle directly
        buffer = io.BytesIO()
        from .canvas import PNG_OPTIONS

        self.savefig(buffer, format="png", dpi=DPI, facecolor="white", pil_kwargs=dict(PNG_OPTIONS))
        return buffer.getvalue()


def blank_figure(width: float, height: float) -> JourneyFigure:
    """A pyplot-free figure of the given size in inches, white, with an Agg canvas; shown by no one."""
    fig = JourneyFigure(figsize=(width, height), dpi=DPI, facecolor="white")
    JourneyCanvas(fig)
    return fig


def new_figure(width: float, height: float) -> JourneyFigure:
    """A blank_figure that shows itself at the end of the notebook cell that drew it."""
    fig = blank_figure(width, height)
    _watch(fig)
    return fig


def _watch(fig: JourneyFigure) -> None:
    watch(fig)
