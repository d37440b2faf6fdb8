"""A drawing as a list of marks, recorded once, drawn by any renderer (no matplotlib here).

The drawing code (grid, frame, feeling, day, comparison) lays a map out in
inches, y downwards, and records what it draws on a Scene: texts, lines and
marks, filled boxes, rules, faces, the fills under a curve and arrows. Each
mark keeps the matplotlib keywords it is drawn with, so two renderers can read
the same scene: svg.py writes the notebook's SVG without importing matplotlib,
and replay.py builds the matplotlib Figure (PNG, PDF) exactly as the drawing
code used to build it directly.

A Pane is the feeling lane's own coordinates: x in columns (0..n), y the
feeling (upwards); its marks are clipped to the lane.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_Z, LINE_Z = 3.0, 2.0   # matplotlib's default zorders of a text and a line


@dataclass(frozen=True)
class Pane:
    """An inch box (x, y, w, h; y downwards) seen as columns 0..n across and limits[0]..limits[1] upwards."""

    rect: tuple[float, float, float, float]
    n_columns: int
    limits: tuple[float, float]

    @property
    def sx(self) -> float:
        """Pane x units per inch."""
        return self.n_columns / self.rect[2]

    @property
    def sy(self) -> float:
        """Pane y units per inch (y grows upwards in a pane)."""
        return (self.limits[1] - self.limits[0]) / self.rect[3]

    def to_inches(self, u: float, v: float) -> tuple[float, float]:
        x, y, _, _ = self.rect
        return x + u / self.sx, y + (self.limits[1] - v) / self.sy


@dataclass
class Mark:
    """One recorded mark: its kind, where (pane or None for the page), its zorder and what it needs."""

    kind: str               # text, plot, polys, segments, faces, fill, annotate
    args: tuple
    style: dict
    zorder: float
    pane: Pane | None = None
    clip: bool = False      # clipped to its pane
    extra: dict = field(default_factory=dict)   # attributes set on the matplotlib artist (tests read them)


class Scene:
    """Everything a drawing shows, in drawing order, on a page width x height inches."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.marks: list[Mark] = []

    def _add(self, mark: Mark) -> Mark:
        self.marks.append(mark)
        return mark

    def text(self, x: float, y: float, s: str, *, pane: Pane | None = None, zorder: float = TEXT_Z,
             **style) -> Mark:
        """A text block ("\\n" between lines); style: fontsize, weight, style, color, ha, va, gid, bbox, or
        font=(size, weight, style) for a lane cell's text (clipped to the page)."""
        return self._add(Mark("text", (x, y, str(s)), style, zorder, pane))

    def plot(self, xs, ys, *, pane: Pane | None = None, zorder: float = LINE_Z, clip: bool = False,
             **style) -> Mark:
        """A line or marks (matplotlib Line2D keywords: color, lw, ls, marker, ms, mew, ...)."""
        return self._add(Mark("plot", (list(xs), list(ys)), style, zorder, pane, clip))

    def polys(self, polygons: list, *, zorder: float, **style) -> Mark:
        """Filled polygons of the page (facecolors, one or one each; alpha)."""
        return self._add(Mark("polys", (polygons,), style, zorder))

    def segments(self, segments: list, *, zorder: float, pane: Pane | None = None, clip: bool = False,
                 **style) -> Mark:
        """Lines of two or more points (colors, linewidths, linestyles: one or one each; capstyle)."""
        return self._add(Mark("segments", (segments,), style, zorder, pane, clip))

    def faces(self, faces: list[tuple], *, zorder: float, pane: Pane | None = None, clip: bool = False) -> Mark:
        """Feeling faces: (x, y, feeling or None, sx, sy, radius) each, see feeling.Faces."""
        return self._add(Mark("faces", (faces,), {}, zorder, pane, clip))

    def fill(self, xs, ys, *, pane: Pane, positive: bool, color: str, zorder: float) -> Mark:
        """The area between a curve and 0 where it is above (positive) or below 0."""
        return self._add(Mark("fill", (list(xs), list(ys), positive), {"color": color}, zorder, pane, True))

    def annotate(self, xy, xytext, *, pane: Pane, zorder: float, arrowprops: dict) -> Mark:
        """An arrow from xytext to xy (matplotlib's annotate arrowprops)."""
        return self._add(Mark("annotate", (tuple(xy), tuple(xytext)), {"arrowprops": arrowprops}, zorder, pane))

    def texts(self) -> list[str]:
        """Every text of the scene (for descriptions and tests)."""
        return [m.args[2] for m in self.marks if m.kind == "text"]
