"""Live preview: the map drawn with cjm_helpers.draw, as an SVG (or PNG) picture in an Image widget.

The canvas above the editors is the map a learner works on, so the picture is on demand: it is drawn
once "Show drawing" is pressed and then follows every edit until it is hidden again. Drawing it after
every edit while nobody looks at it kept the kernel busy for a second on a big map and slowed the canvas.

Rendering to bytes (rather than displaying a figure into an Output widget)
works from any thread and event-loop callback, and tests can see it changed.
SVG with text left as text is the default, written from the drawing's scene
without matplotlib (draw/svg.py): the browser draws the letters, which makes a
redraw several times faster than rasterising a PNG of a 10-stage map
(benchmarks/bench_builder.py).
A drawing that fails shows a clear message; the builder carries on.
"""

from __future__ import annotations

import html
import io
import time

import ipywidgets as w

from ..checks.report import COLOURS
from ..model import JourneyMap, MapType
from .debounce import Debouncer

DPI = 72


def figure_for(journey: JourneyMap, current: JourneyMap | None = None):
    """The drawing that suits the map type (draw functions are imported only when needed)."""
    from .. import draw

    if journey.map_type == MapType.future_state and current is not None:
        return draw.draw_comparison(current, journey)
    if journey.map_type == MapType.service_blueprint:
        return draw.draw_blueprint(journey)
    if journey.map_type == MapType.day_in_the_life:
        return draw.draw_day(journey)
    return draw.draw_map(journey)


def picture_of(figure, fmt: str = "svg", dpi: int = DPI) -> bytes:
    """The figure as SVG or PNG bytes, marked shown so that Jupyter does not show it again below the cell.

    cjm_helpers.draw figures are never registered with pyplot, so there is nothing to close.
    """
    if hasattr(figure, "shown"):
        figure.shown = True  # cjm_helpers.draw figures show themselves at the end of a cell otherwise
    if fmt == "svg" and getattr(figure, "scene", None) is not None:
        return figure.svg().encode("utf-8")     # a map drawing: its scene's SVG, no matplotlib
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "cjm"}):
        figure.savefig(buffer, format=fmt, dpi=dpi, facecolor="white")
    return buffer.getvalue()


def png_of(figure, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes (see picture_of)."""
    return picture_of(figure, "png", dpi)


class Preview:
    """Draws the host's map into an Image widget, debounced; `render()` draws now."""

    MIME = {"svg": "svg+xml", "png": "png"}

    def __init__(self, host, delay: float = 0.25, fmt: str = "svg", shown: bool = False):
        if fmt not in self.MIME:
            raise ValueError(f"preview format must be svg or png, got {fmt!r}")
        self.host = host
        self.fmt = fmt
        self.image = w.Image(format=self.MIME[fmt], layout=w.Layout(width="100%", height="auto"))
        self.message = w.HTML()
        self.redraw = w.Button(description="Redraw", icon="refresh", tooltip="Draw the preview again now",
                               layout=w.Layout(width="auto"))
        self.redraw.on_click(lambda _: self.render())
        self.toggle = w.ToggleButton(value=False, description="Show drawing", icon="image",
                                     tooltip="Draw the map as a picture beside the editors, as the exports save "
                                     "it; it follows your edits until you press again to hide it",
                                     layout=w.Layout(width="auto"))
        self.seconds: float | None = None  # how long the last drawing took
        self.problem: str | None = None
        self._debounce = Debouncer(self.render, delay)
        self.widget = w.VBox([self.message, self.image], layout=w.Layout(width="100%"))
        self.toggle.observe(lambda change: self._set_shown(change["new"]), "value")
        self._set_shown(False)
        self.toggle.value = shown

    @property
    def shown(self) -> bool:
        return self.toggle.value

    def _set_shown(self, shown: bool) -> None:
        self.widget.layout.display = self.redraw.layout.display = "" if shown else "none"
        self.toggle.description = "Hide drawing" if shown else "Show drawing"
        if shown:
            self.render()
        else:
            self._debounce.cancel()

    def refresh(self) -> None:
        """Draw now if the picture is shown (the builder calls this when a map is opened)."""
        if self.shown:
            self.render()

    def trigger(self) -> None:
        """An edit: redraw after the delay, if the picture is shown."""
        if self.shown:
            self._debounce.trigger()

    def flush(self) -> None:
        self._debounce.flush()

    def render(self) -> bool:
        """Draw the map now; True when the picture was updated."""
        self._debounce.cancel()
        journey = self.host.map
        start = time.perf_counter()
        if journey is None:
            return self._show_message("No map to draw.", "info")
        if not journey.stages:
            return self._show_message("The drawing appears here once the map has a stage.", "info")
        try:
            picture = picture_of(figure_for(journey, self.host.current_map), self.fmt)
        except Exception as exc:  # noqa: BLE001 - a drawing problem must never stop the learner
            return self._show_message(
                f"The preview could not be drawn ({type(exc).__name__}: {exc}). Your map itself is not affected; "
                "press Check to see if something in it needs fixing.", "warning")
        self.image.value = picture
        self.image.layout.display = ""
        self.message.value = ""
        self.problem = None
        self.seconds = time.perf_counter() - start
        return True

    def _show_message(self, text: str, kind: str) -> bool:
        colour = COLOURS["warning"][0] if kind == "warning" else "#555"
        self.message.value = f'<div style="color:{colour};padding:4px">{html.escape(text)}</div>'
        self.image.layout.display = "none"
        self.problem = text if kind == "warning" else None
        return False
