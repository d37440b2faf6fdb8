"""Line charts recorded on a Scene (no matplotlib): a funnel's conversion, one line per segment.

A chart is a panel of a scene: a title, what the y axis measures written under
it (no rotated text), a line with marks per series over evenly spaced steps
(a missing value leaves a gap), y ticks as percentages with light grid lines,
the step names under the axis, and a legend with a white background in the
upper right. Sizes are inches (y downwards) and points, as in bars.py.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from . import palette
from .bars import TICK, TICK_FONT, cut, text_width
from .layout import POINTS_PER_INCH
from .scene import Scene

GRID = "#E6E6E6"
MARKERS = "os^v*"           # marks both renderers draw alike (svg.py and matplotlib)
DASHES = ("-", "--", "-.", ":")


@dataclass
class Series:
    """One line: its legend label, a value per step (nan: no value), colour, mark and dash."""

    label: str
    values: list[float]
    colour: str = palette.BLUE
    marker: str = "o"
    dash: str = "-"


def _runs(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The points split where a value is missing (nan)."""
    runs, run = [], []
    for x, v in points:
        if math.isnan(v):
            if run:
                runs.append(run)
            run = []
        else:
            run.append((x, v))
    return runs + ([run] if run else [])


def line_chart(scene: Scene, box: tuple[float, float, float, float], steps: list[str], series: list[Series], *,
               title: str, y_label: str, legend_title: str = "", title_size: float = 12.0) -> None:
    """Record a line chart filling box (x, y, width, height inches): the series' values (shares, 0..1)
    over the steps, left to right."""
    x, y, width, height = box
    label_size, caption_size, legend_size = 10.0, 9.5, 10.0
    line_h = label_size * 1.2 / POINTS_PER_INCH
    left = x + 0.15 + text_width("100%", TICK_FONT) + 0.12
    right = x + width - 0.3
    scene.text(x + 0.15, y + 0.15, cut(title, right - x - 0.15, title_size), fontsize=title_size,
               color=palette.INK, va="top", gid="chart-title")
    caption_y = y + 0.15 + title_size * 1.4 / POINTS_PER_INCH
    scene.text(x + 0.15, caption_y, y_label, fontsize=caption_size, color=palette.MUTED, va="top", gid="y-label")
    top = caption_y + caption_size * 1.3 / POINTS_PER_INCH + 0.1
    bottom = y + height - 0.12 - TICK - 0.03 - 2 * line_h
    n = max(len(steps), 1)
    pitch = (right - left) * 0.9 / max(n - 1, 1)
    y_max = max([1.05] + [v * 1.05 for s in series for v in s.values if not math.isnan(v)])

    def at(k: float, value: float) -> tuple[float, float]:
        share = 0.5 if n == 1 else 0.05 + 0.9 * k / (n - 1)
        return left + (right - left) * share, bottom - (bottom - top) * value / y_max

    for tick in range(0, int(y_max * 100 + 1e-9) + 1, 20):
        _, ty = at(0, tick / 100)
        scene.plot([left, right], [ty, ty], color=GRID, lw=0.8, zorder=1.0)
        scene.plot([left - TICK, left], [ty, ty], color=palette.INK, lw=0.8)
        scene.text(left - TICK - 0.03, ty, f"{tick}%", fontsize=TICK_FONT, color=palette.INK, ha="right",
                   va="center")
    chars = max(int(pitch * POINTS_PER_INCH / (label_size * 0.6)), 6)
    for k, step in enumerate(steps):
        sx, _ = at(k, 0)
        scene.plot([sx, sx], [bottom, bottom + TICK], color=palette.INK, lw=0.8)
        wrapped = textwrap.wrap(str(step), chars, max_lines=2, placeholder=" …") or ["?"]
        scene.text(sx, bottom + TICK + 0.03, "\n".join(wrapped), fontsize=label_size, color=palette.INK,
                   ha="center", va="top", gid=f"step:{k}")
    scene.plot([left, left, right], [top - 0.05, bottom, bottom], color=palette.INK, lw=0.8)
    for k, s in enumerate(series):
        for run in _runs([(i, v) for i, v in enumerate(s.values)]):
            xs, ys = zip(*(at(i, v) for i, v in run))
            scene.plot(xs, ys, color=s.colour, lw=1.5, ls=s.dash, marker=s.marker, ms=6, zorder=2.2 + k / 100,
                       gid=f"series:{k}")
    if series:
        _legend(scene, (left, top, right), series, legend_title, legend_size)


def _legend(scene: Scene, area: tuple[float, float, float], series: list[Series], title: str, size: float) -> None:
    """The legend in the upper right of the plot: a short line with its mark, then the label."""
    left, top, right = area
    row = size * 1.5 / POINTS_PER_INCH
    sample = 0.35
    room = right - left - sample - 0.35
    labels = [cut(s.label, room, size) for s in series]
    width = sample + 0.15 + max(text_width(t, size) for t in labels + [title]) + 0.1
    x0, y0 = right - width, top + 0.05
    rows = len(series) + (1 if title else 0)
    scene.polys([[(x0 - 0.08, y0), (right, y0), (right, y0 + rows * row + 0.05), (x0 - 0.08, y0 + rows * row + 0.05)]],
                zorder=2.8, facecolors="white", alpha=0.9)
    y_at = y0 + row / 2
    if title:
        scene.text(x0 + width / 2, y_at, title, fontsize=size, color=palette.INK, ha="center", va="center",
                   gid="legend-title", zorder=3.1)
        y_at += row
    for k, (s, label) in enumerate(zip(series, labels)):
        scene.plot([x0, x0 + sample], [y_at, y_at], color=s.colour, lw=1.5, ls=s.dash, zorder=3.0)
        scene.plot([x0 + sample / 2], [y_at], color=s.colour, marker=s.marker, ms=6, ls="none", zorder=3.0)
        scene.text(x0 + sample + 0.15, y_at, label, fontsize=size, color=palette.INK, va="center",
                   gid=f"legend:{k}", zorder=3.1)
        y_at += row
