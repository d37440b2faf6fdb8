"""The emotion curve: faces on the -2..+2 scale joined by a line.

The curve of a band is drawn on its own axes whose y data ARE the feelings
(-2..+2) and whose x data are column centres, so a test (or a reader of the
SVG) can read the feeling of every point back from the line.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Arc, Ellipse

from ..model import FEELING_MAX, FEELING_MIN
from . import palette

Y_LIMITS = (-3.35, 3.25)
FACE_RADIUS = 0.105     # inches


def face(ax, x: float, y: float, feeling: int | None, sx: float, sy: float,
         radius: float = FACE_RADIUS, zorder: float = 5) -> None:
    """A face centred at data (x, y); sx, sy: data units per inch on each axis (keeps it round)."""
    rx, ry = radius * sx, radius * sy          # sy < 0 on an axes whose y grows downwards
    h = abs(ry)
    if feeling is None:
        ax.add_artist(Ellipse((x, y), 2 * rx, 2 * h, facecolor="white", edgecolor="#9E9E9E",
                             lw=1, ls=(0, (2, 1.5)), zorder=zorder))
        return
    ax.add_artist(Ellipse((x, y), 2 * rx, 2 * h, facecolor=palette.feeling_colour(feeling),
                         edgecolor=palette.INK, lw=0.9, zorder=zorder))
    for dx in (-0.38, 0.38):
        ax.add_artist(Ellipse((x + dx * rx, y + 0.3 * ry), 0.2 * rx, 0.24 * h,
                             facecolor=palette.INK, edgecolor="none", zorder=zorder + 0.1))
    if feeling == 0:
        ax.plot([x - 0.42 * rx, x + 0.42 * rx], [y - 0.38 * ry] * 2, color=palette.INK,
                lw=1.1, solid_capstyle="round", zorder=zorder + 0.1)
        return
    depth = 0.28 if abs(feeling) == 1 else 0.5
    lower, upper = ((200, 340), (20, 160)) if ry > 0 else ((20, 160), (200, 340))
    if feeling > 0:     # smile: the lower half of an ellipse
        ax.add_artist(Arc((x, y - 0.12 * ry), 1.1 * rx, 2 * depth * h, theta1=lower[0], theta2=lower[1],
                         color=palette.INK, lw=1.1, zorder=zorder + 0.1))
    else:               # frown: the upper half, lower down
        ax.add_artist(Arc((x, y - 0.62 * ry + depth * ry), 1.1 * rx, 2 * depth * h, theta1=upper[0],
                         theta2=upper[1], color=palette.INK, lw=1.1, zorder=zorder + 0.1))


def curve_axes(grid, rect: tuple[float, float, float, float], n_columns: int):
    """Axes over an inch box, x: columns 0..n, y: feeling; with guides for each level."""
    x, y, w, h = rect
    ax = grid.fig.add_axes(grid.to_figure_rect(x, y, w, h))
    ax.set_xlim(0, n_columns)
    ax.set_ylim(*Y_LIMITS)
    ax.set_axis_off()
    ax.patch.set_alpha(0)
    for level in range(FEELING_MIN, FEELING_MAX + 1):
        ax.axhline(level, color="#9E9E9E" if level == 0 else "#E3E3E3",
                   lw=0.9 if level == 0 else 0.6, ls=(0, (4, 3)) if level == 0 else "-", zorder=1)
    return ax, n_columns / w, (Y_LIMITS[1] - Y_LIMITS[0]) / h


def draw_curve(ax, xs: list[float], feelings: list[int], sx: float, sy: float, *,
               color: str = palette.CURVE, gid: str = "emotion-curve", fill: bool = True,
               faces: bool = True, lw: float = 2.0, ls="-", label: str | None = None, zorder: float = 3):
    """The line through the known feelings (gid names it for tests and SVG), faces on top."""
    line, = ax.plot(xs, feelings, color=color, lw=lw, ls=ls, zorder=zorder, gid=gid, label=label,
                    solid_capstyle="round")
    if fill and len(xs) > 1:
        xa, ya = np.asarray(xs, float), np.asarray(feelings, float)
        ax.fill_between(xa, ya, 0, where=ya >= 0, interpolate=True, color=palette.POSITIVE_FILL, zorder=0.5)
        ax.fill_between(xa, ya, 0, where=ya <= 0, interpolate=True, color=palette.NEGATIVE_FILL, zorder=0.5)
    if faces:
        for x, f in zip(xs, feelings):
            face(ax, x, f, f, sx, sy)
    return line


def paint_feeling_lane(grid, band, rect) -> None:
    """Painter for the feeling lane of a journey-map grid."""
    n = max(1, len(band.columns))
    ax, sx, sy = curve_axes(grid, rect, n)
    xs, ys, ids = [], [], []
    for j, col in enumerate(band.columns):
        tp = col.tp
        if tp is None:
            continue
        cx = j + 0.5
        if tp.feeling is None:
            face(ax, cx, 0, None, sx, sy)
        else:
            xs.append(cx)
            ys.append(tp.feeling)
            ids.append(tp.id)
        top = (tp.feeling if tp.feeling is not None else 0)
        if tp.moment_of_truth:
            ax.plot([cx], [top + (FACE_RADIUS + 0.1) * sy], marker="*", ms=11, color=palette.ORANGE,
                    markeredgecolor=palette.INK, mew=0.7, zorder=6, gid=f"moment-of-truth:{tp.id}")
        if tp.pain_points:
            worst = max(pp.severity for pp in tp.pain_points)
            ax.plot([cx], [top - (FACE_RADIUS + 0.09) * sy], marker="v", ms=4 + 2 * worst,
                    color=palette.SEVERITY_COLOURS[worst], markeredgecolor="white", mew=0.5, zorder=6,
                    gid=f"pain-mark:{tp.id}")
    line = draw_curve(ax, xs, ys, sx, sy)
    line.touchpoint_ids = ids
    paint_scale(grid, rect)


def paint_scale(grid, rect: tuple[float, float, float, float]) -> None:
    """The +2 / 0 / −2 labels of a feeling curve, just left of its rect (in the label margin)."""
    x, y, w, h = rect
    for level, text in ((2, "+2"), (0, "0"), (-2, "−2")):
        frac = (Y_LIMITS[1] - level) / (Y_LIMITS[1] - Y_LIMITS[0])
        grid.ax.text(x - 0.06, y + frac * h, text, fontsize=7, color=palette.MUTED, ha="right", va="center")
