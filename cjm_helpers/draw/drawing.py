"""A drawing: its scene, shown as SVG without matplotlib, and a matplotlib Figure when one is needed.

What draw_map, draw_comparison, draw_blueprint and draw_day return. In a
notebook it shows itself once at the end of the cell as SVG written from its
scene by svg.py (text kept as text; matplotlib is never imported for it), or as
PNG after show_as("png"). Anything else asked of it - savefig, findobj, canvas,
axes, texts, get_size_inches... - goes to its JourneyFigure, built from the
scene by replay.py the first time it is needed, so code written for a Figure
works unchanged (`drawing.figure` is that Figure).
"""

from __future__ import annotations

from .notebook import notebook_format, watch
from .save import MAX_DESCRIPTION
from .scene import Scene

_OWN = frozenset({"scene", "description", "page", "page_count", "shown", "_figure", "_svg"})


class Drawing:
    """A map drawing (see the module's note); nothing to close."""

    def __init__(self, scene: Scene, *, description: str = "", page: int = 1, page_count: int = 1):
        self.scene, self.description, self.page, self.page_count = scene, description, page, page_count
        self.shown = False
        self._figure = self._svg = None
        watch(self)

    def __setattr__(self, name, value):
        if name in _OWN:
            object.__setattr__(self, name, value)
            if name in ("description", "page", "page_count") and self.__dict__.get("_figure") is not None:
                setattr(self._figure, name, value)
        else:                   # a Figure setting (fig.dpi = ...): the Figure's
            setattr(self.figure, name, value)

    @property
    def figure(self):
        """The matplotlib Figure of this drawing (a JourneyFigure), built once, on first use."""
        if self._figure is None:
            from .replay import figure_of

            figure = figure_of(self.scene)
            figure.description, figure.page, figure.page_count = self.description, self.page, self.page_count
            self._figure = figure
        return self._figure

    def __getattr__(self, name):
        if name.startswith("_"):    # display and introspection probes must not build the Figure
            raise AttributeError(name)
        return getattr(self.figure, name)

    def __repr__(self) -> str:
        return f"<Drawing {self.scene.width:g} x {self.scene.height:.2f} in: {self.description[:60]!r}>"

    # --- showing ----------------------------------------------------------
    def svg(self, fit: bool = False) -> str:
        """The drawing as SVG text, its text kept as <text> (written once, from the scene): 1280 px wide
        for a notebook-width map, or (fit, as a notebook shows it) as wide as the output it is shown in."""
        if self._svg is None:
            self._svg = {}
        found = self._svg.get(fit)
        if found is None:
            from .svg import scene_svg

            found = self._svg[fit] = scene_svg(self.scene, self.description, fit=fit)
        return found

    def _repr_svg_(self) -> str:
        return self.svg(fit=True)

    def mime_bundle(self) -> dict:
        """What a notebook shows: {"image/svg+xml" or "image/png": ..., "text/plain": the description}."""
        alt = (self.description or "a drawing")[:MAX_DESCRIPTION]
        if notebook_format() == "png":
            import base64

            return {"image/png": base64.b64encode(self._repr_png_()).decode("ascii"), "text/plain": alt}
        return {"image/svg+xml": self.svg(fit=True), "text/plain": alt}

    def _ipython_display_(self):
        from IPython.display import display

        self.shown = True
        bundle = self.mime_bundle()
        alt = {"image/png": {"alt": bundle["text/plain"]}} if "image/png" in bundle else None
        display(bundle, raw=True, metadata=alt)

    def as_svg(self):
        """The drawing as an IPython SVG (text kept as text: searchable, sharp at every zoom)."""
        from IPython.display import SVG

        return SVG(data=self.svg(fit=True))

    def as_png(self):
        """The drawing as an IPython Image (PNG, drawn by matplotlib) with its description as alt text."""
        return self.figure.as_png()

    def _repr_png_(self):
        return self.figure._repr_png_()
