"""The emotion curve: faces on the -2..+2 scale joined by a line.

The curve of a band is recorded in its own coordinates (a CurvePane: a
scene.Pane over the feeling lane) whose y data ARE the feelings (-2..+2) and
whose x data are column centres, so a test (or a reader of the SVG) can read
the feeling of every point back from the line. Faces are recorded as one mark
a band; the matplotlib replay draws them as a few collections (discs, eyes,
mouths), the SVG as circles, ellipses and arcs.
"""

from __future__ import annotations

from ..model import FEELING_MAX, FEELING_MIN
from . import palette
from .scene import Pane

Y_LIMITS = (-3.35, 3.25)
FACE_RADIUS = 0.105     # inches
ABOVE_GRID = 10         # a pane's artists are drawn over the grid's boxes, rules and texts


class Faces:
    """Faces gathered and recorded in one go (the renderers draw discs, eyes and mouths)."""

    def __init__(self):
        self.items: list[tuple] = []

    def add(self, x: float, y: float, feeling: int | None, sx: float, sy: float,
            radius: float = FACE_RADIUS) -> None:
        """A face centred at (x, y); sx, sy: units per inch on each axis (keeps it round;
        sy < 0 where y grows downwards)."""
        self.items.append((x, y, feeling, sx, sy, radius))

    def draw(self, scene, pane=None, zorder: float = 5, clip: bool = False) -> None:
        """Record the gathered faces on the scene (in the pane's coordinates, if given)."""
        if self.items:
            scene.faces(list(self.items), zorder=zorder, pane=pane, clip=clip)


class CurvePane:
    """Coordinates over an inch box of the map: x columns 0..n, y feeling (upwards), with guides
    for each level; what it draws is clipped to the box and drawn over the grid."""

    def __init__(self, grid, rect: tuple[float, float, float, float], n_columns: int):
        self.scene = grid.scene
        self.pane = Pane(tuple(rect), n_columns, Y_LIMITS)
        self.sx, self.sy = self.pane.sx, self.pane.sy      # units per inch
        self.faces = Faces()
        levels = range(FEELING_MIN, FEELING_MAX + 1)
        self.scene.segments([[(0, level), (n_columns, level)] for level in levels], zorder=self.z(1),
                            pane=self.pane, clip=True,
                            colors=["#9E9E9E" if level == 0 else "#E3E3E3" for level in levels],
                            linewidths=[0.9 if level == 0 else 0.6 for level in levels],
                            linestyles=[(0, (4, 3)) if level == 0 else "-" for level in levels])

    def z(self, zorder: float) -> float:
        return ABOVE_GRID + zorder

    def plot(self, xs, ys, zorder: float = 2, **style):
        """A line or marks in the pane's coordinates (Line2D keywords)."""
        return self.scene.plot(xs, ys, pane=self.pane, zorder=self.z(zorder), clip=True, **style)

    def text(self, x: float, y: float, text: str, zorder: float = 3, **style):
        return self.scene.text(x, y, text, pane=self.pane, zorder=self.z(zorder), **style)

    def arrow(self, xy, xytext, zorder: float = 3, **arrowprops):
        return self.scene.annotate(xy, xytext, pane=self.pane, zorder=self.z(zorder), arrowprops=arrowprops)

    def fill(self, xs, ys, positive: bool, color: str, zorder: float = 0.5):
        return self.scene.fill(xs, ys, pane=self.pane, positive=positive, color=color, zorder=self.z(zorder))

    def finish(self) -> None:
        """Record the faces gathered with self.faces."""
        self.faces.draw(self.scene, self.pane, self.z(5), clip=True)


def draw_curve(pane: CurvePane, xs: list[float], feelings: list[int], *,
               color: str = palette.CURVE, gid: str = "emotion-curve", fill: bool = True,
               faces: bool = True, lw: float = 2.0, ls="-", label: str | None = None, zorder: float = 3):
    """The line through the known feelings (gid names it for tests and SVG), faces on top."""
    line = pane.plot(xs, feelings, zorder, color=color, lw=lw, ls=ls, gid=gid, label=label,
                     solid_capstyle="round")
    if fill and len(xs) > 1:
        pane.fill(xs, feelings, True, palette.POSITIVE_FILL)
        pane.fill(xs, feelings, False, palette.NEGATIVE_FILL)
    if faces:
        for x, f in zip(xs, feelings):
            pane.faces.add(x, f, f, pane.sx, pane.sy)
    return line


def paint_feeling_lane(grid, band, rect) -> None:
    """Painter for the feeling lane of a journey-map grid."""
    n = max(1, len(band.columns))
    pane = CurvePane(grid, rect, n)
    sy = pane.sy
    xs, ys, ids = [], [], []
    for j, col in enumerate(band.columns):
        tp = col.tp
        if tp is None:
            continue
        cx = j + 0.5
        if tp.feeling is None:
            pane.faces.add(cx, 0, None, pane.sx, sy)
        else:
            xs.append(cx)
            ys.append(tp.feeling)
            ids.append(tp.id)
        top = (tp.feeling if tp.feeling is not None else 0)
        if tp.moment_of_truth:
            pane.plot([cx], [top + (FACE_RADIUS + 0.1) * sy], 6, marker="*", ms=11, color=palette.ORANGE,
                      markeredgecolor=palette.INK, mew=0.7, gid=f"moment-of-truth:{tp.id}")
        if tp.pain_points:
            worst = max(pp.severity for pp in tp.pain_points)
            pane.plot([cx], [top - (FACE_RADIUS + 0.09) * sy], 6, marker="v", ms=4 + 2 * worst,
                      color=palette.SEVERITY_COLOURS[worst], markeredgecolor="white", mew=0.5,
                      gid=f"pain-mark:{tp.id}")
    line = draw_curve(pane, xs, ys)
    line.extra["touchpoint_ids"] = ids
    pane.finish()
    paint_scale(grid, rect)


def paint_scale(grid, rect: tuple[float, float, float, float]) -> None:
    """The +2 / 0 / −2 labels of a feeling curve, just left of its rect (in the label margin)."""
    x, y, w, h = rect
    for level, text in ((2, "+2"), (0, "0"), (-2, "−2")):
        frac = (Y_LIMITS[1] - level) / (Y_LIMITS[1] - Y_LIMITS[0])
        grid.scene.text(x - 0.06, y + frac * h, text, fontsize=7, color=palette.MUTED, ha="right", va="center")
