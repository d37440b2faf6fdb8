"""The emotion curve: faces on the -2..+2 scale joined by a line.

The curve of a band is drawn in its own coordinates (a CurvePane over the
feeling lane) whose y data ARE the feelings (-2..+2) and whose x data are
column centres, so a test (or a reader of the SVG) can read the feeling of
every point back from the line. The pane is a transform on the map's one axes,
not an axes of its own, and its faces are drawn as a few collections (discs,
eyes, mouths) rather than four patches a face: the same picture from some
twenty artists a band instead of some sixty and a set of axes.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Bbox, TransformedBbox

from ..model import FEELING_MAX, FEELING_MIN
from . import palette

Y_LIMITS = (-3.35, 3.25)
FACE_RADIUS = 0.105     # inches
ABOVE_GRID = 10         # a pane's artists are drawn over the grid's boxes, rules and texts


def _theta_stretch(theta: float, scale: float) -> float:
    """An arc's angle on a stretched ellipse, as matplotlib's Arc computes it."""
    rad = np.deg2rad(theta)
    return float((np.rad2deg(np.arctan2(scale * np.sin(rad), np.cos(rad))) + 360) % 360)


def _ellipse(x: float, y: float, width: float, height: float, unit: Path) -> Path:
    return unit.transformed(Affine2D().scale(width * 0.5, height * 0.5).translate(x, y))


class Faces:
    """Faces gathered and drawn in one go: discs, eyes and mouths, one collection each."""

    def __init__(self):
        self.discs, self.colours, self.unset, self.eyes, self.arcs, self.flat = [], [], [], [], [], []

    def add(self, x: float, y: float, feeling: int | None, sx: float, sy: float,
            radius: float = FACE_RADIUS) -> None:
        """A face centred at data (x, y); sx, sy: data units per inch on each axis (keeps it round;
        sy < 0 where y grows downwards)."""
        circle = Path.unit_circle()
        rx, ry = radius * sx, radius * sy
        h = abs(ry)
        if feeling is None:
            self.unset.append(_ellipse(x, y, 2 * rx, 2 * h, circle))
            return
        self.discs.append(_ellipse(x, y, 2 * rx, 2 * h, circle))
        self.colours.append(palette.feeling_colour(feeling))
        for dx in (-0.38, 0.38):
            self.eyes.append(_ellipse(x + dx * rx, y + 0.3 * ry, 0.2 * rx, 0.24 * h, circle))
        if feeling == 0:
            self.flat.append([(x - 0.42 * rx, y - 0.38 * ry), (x + 0.42 * rx, y - 0.38 * ry)])
            return
        depth = 0.28 if abs(feeling) == 1 else 0.5
        lower, upper = ((200, 340), (20, 160)) if ry > 0 else ((20, 160), (200, 340))
        width, height = 1.1 * rx, 2 * depth * h
        if feeling > 0:     # smile: the lower half of an ellipse
            centre, (t1, t2) = (x, y - 0.12 * ry), lower
        else:               # frown: the upper half, lower down
            centre, (t1, t2) = (x, y - 0.62 * ry + depth * ry), upper
        if width != height:
            t1, t2 = _theta_stretch(t1, width / height), _theta_stretch(t2, width / height)
        self.arcs.append(Path.arc(t1, t2).transformed(
            Affine2D().scale(width * 0.5, height * 0.5).translate(*centre)))

    def draw(self, ax, transform, zorder: float = 5, clip=None) -> None:
        """Add the gathered faces to ax in the coordinates of transform."""
        layers = []
        if self.unset:
            layers.append((PathCollection(self.unset, facecolors="white", edgecolors="#9E9E9E", linewidths=1,
                                          linestyles=[(0, (2, 1.5))]), zorder))
        if self.discs:
            layers.append((PathCollection(self.discs, facecolors=self.colours, edgecolors=palette.INK,
                                          linewidths=0.9), zorder))
            layers.append((PathCollection(self.eyes, facecolors=palette.INK, edgecolors="none"), zorder + 0.1))
        if self.arcs:
            layers.append((PathCollection(self.arcs, facecolors="none", edgecolors=palette.INK, linewidths=1.1),
                           zorder + 0.1))
        if self.flat:
            layers.append((LineCollection(self.flat, colors=palette.INK, linewidths=1.1, capstyle="round"),
                           zorder + 0.1))
        for collection, z in layers:
            collection.set_transform(transform)
            collection.set_zorder(z)
            ax.add_collection(collection, autolim=False)
            if clip is not None:
                collection.set_clip_box(clip)


def face(ax, x: float, y: float, feeling: int | None, sx: float, sy: float,
         radius: float = FACE_RADIUS, zorder: float = 5) -> None:
    """One face on ax's data coordinates (see Faces.add)."""
    faces = Faces()
    faces.add(x, y, feeling, sx, sy, radius)
    faces.draw(ax, ax.transData, zorder)


class CurvePane:
    """Coordinates over an inch box of the map: x columns 0..n, y feeling (upwards), with guides
    for each level; what it draws is clipped to the box and drawn over the grid."""

    def __init__(self, grid, rect: tuple[float, float, float, float], n_columns: int):
        x, y, w, h = rect
        span = Y_LIMITS[1] - Y_LIMITS[0]
        self.ax = grid.ax
        self.transform = (Affine2D().scale(w / n_columns, -h / span).translate(x, y + Y_LIMITS[1] * h / span)
                          + self.ax.transData)
        self.clip = TransformedBbox(Bbox.from_extents(0, Y_LIMITS[0], n_columns, Y_LIMITS[1]), self.transform)
        self.sx, self.sy = n_columns / w, span / h      # data units per inch
        self.faces = Faces()
        levels = range(FEELING_MIN, FEELING_MAX + 1)
        guides = LineCollection([[(0, level), (n_columns, level)] for level in levels],
                                colors=["#9E9E9E" if level == 0 else "#E3E3E3" for level in levels],
                                linewidths=[0.9 if level == 0 else 0.6 for level in levels],
                                linestyles=[(0, (4, 3)) if level == 0 else "-" for level in levels])
        self.add(guides, 1)

    def z(self, zorder: float) -> float:
        return ABOVE_GRID + zorder

    def add(self, artist, zorder: float):
        artist.set_transform(self.transform)
        artist.set_zorder(self.z(zorder))
        self.ax.add_artist(artist)
        artist.set_clip_box(self.clip)
        return artist

    def plot(self, xs, ys, zorder: float = 2, **style) -> Line2D:
        """A line or marks in the pane's coordinates (Line2D keywords)."""
        return self.add(Line2D(xs, ys, **style), zorder)

    def text(self, x: float, y: float, text: str, zorder: float = 3, **style):
        return self.ax.text(x, y, text, transform=self.transform, zorder=self.z(zorder), **style)

    def annotate(self, text: str, xy, xytext, zorder: float = 3, **style):
        return self.ax.annotate(text, xy, xytext, xycoords=self.transform, zorder=self.z(zorder), **style)

    def fill_between(self, xs, ys, **style):
        fill = self.ax.fill_between(xs, ys, 0, transform=self.transform, **style)
        fill.set_zorder(self.z(fill.get_zorder()))
        fill.set_clip_box(self.clip)
        return fill

    def finish(self) -> None:
        """Draw the faces gathered with self.faces."""
        self.faces.draw(self.ax, self.transform, self.z(5), self.clip)


def draw_curve(pane: CurvePane, xs: list[float], feelings: list[int], *,
               color: str = palette.CURVE, gid: str = "emotion-curve", fill: bool = True,
               faces: bool = True, lw: float = 2.0, ls="-", label: str | None = None, zorder: float = 3):
    """The line through the known feelings (gid names it for tests and SVG), faces on top."""
    line = pane.plot(xs, feelings, zorder, color=color, lw=lw, ls=ls, gid=gid, label=label,
                     solid_capstyle="round")
    if fill and len(xs) > 1:
        xa, ya = np.asarray(xs, float), np.asarray(feelings, float)
        pane.fill_between(xa, ya, where=ya >= 0, interpolate=True, color=palette.POSITIVE_FILL, zorder=0.5)
        pane.fill_between(xa, ya, where=ya <= 0, interpolate=True, color=palette.NEGATIVE_FILL, zorder=0.5)
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
    line.touchpoint_ids = ids
    pane.finish()
    paint_scale(grid, rect)


def paint_scale(grid, rect: tuple[float, float, float, float]) -> None:
    """The +2 / 0 / −2 labels of a feeling curve, just left of its rect (in the label margin)."""
    x, y, w, h = rect
    for level, text in ((2, "+2"), (0, "0"), (-2, "−2")):
        frac = (Y_LIMITS[1] - level) / (Y_LIMITS[1] - Y_LIMITS[0])
        grid.ax.text(x - 0.06, y + frac * h, text, fontsize=7, color=palette.MUTED, ha="right", va="center")
