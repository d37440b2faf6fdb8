"""Box plots on a log axis recorded on a Scene (no matplotlib): how long users take between stages.

One row a step, top row first: its label right-aligned on the left, a box from
the lower to the upper quartile with the median as a vermillion bar, whiskers
to the furthest values within 1.5 times the box's length (matplotlib's rule),
the values beyond as grey dots, and a note (the median in words) beside the
chart. The x axis is logarithmic with named ticks ("1 h", "1 day").
Sizes are inches (y downwards) and points, as in bars.py.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from . import palette
from .bars import TICK, TICK_FONT, cut, text_width
from .layout import POINTS_PER_INCH
from .scene import Scene

BOX_FILL, FLIER, GRID = "#CFE3F2", "#BBBBBB", "#E6E6E6"
BOX = 0.55                  # a box's share of its row


@dataclass
class BoxRow:
    """One box: its label, the values (all > 0) and the note written beside the chart."""

    label: str
    values: list[float]
    note: str = ""


def box_stats(values) -> dict:
    """Quartiles, whisker ends and the values beyond them (fliers), as matplotlib's boxplot finds them."""
    data = np.asarray(values, dtype=float)
    q1, median, q3 = np.percentile(data, [25, 50, 75])
    reach = 1.5 * (q3 - q1)
    inside = data[(data >= q1 - reach) & (data <= q3 + reach)]
    low, high = (float(inside.min()), float(inside.max())) if len(inside) else (q1, q3)
    return {"q1": float(q1), "median": float(median), "q3": float(q3), "low": min(low, q1), "high": max(high, q3),
            "fliers": data[(data < low) | (data > high)].tolist()}


def box_chart(scene: Scene, box: tuple[float, float, float, float], rows: list[BoxRow], *, title: str,
              x_label: str, ticks: dict[float, str], span: tuple[float, float],
              title_size: float = 12.0) -> None:
    """Record the box plots filling box (x, y, width, height inches); the x axis runs over span (low, high)
    on a log scale, with the ticks inside it labelled."""
    x, y, width, height = box
    label_size, note_size = 10.0, 9.0
    lines = [textwrap.wrap(r.label, 32, max_lines=2, placeholder=" …") or ["?"] for r in rows]
    label_w = max((text_width(s, label_size) for ls in lines for s in ls), default=0.0)
    note_w = max((text_width(r.note, note_size) for r in rows), default=0.0)
    left = x + 0.15 + label_w + 0.12
    right = max(x + width - 0.2 - note_w - 0.15, left + 2.0)
    top = y + 0.15 + title_size * 1.4 / POINTS_PER_INCH + 0.1
    ticks_h = TICK + 0.03 + TICK_FONT * 1.2 / POINTS_PER_INCH
    bottom = y + height - 0.12 - ticks_h - 0.08 - 10 * 1.2 / POINTS_PER_INCH
    scene.text(left, y + 0.15, cut(title, x + width - left - 0.15, title_size), fontsize=title_size,
               color=palette.INK, va="top", gid="chart-title")
    low, high = (math.log10(v) for v in span)

    def at(value: float) -> float:
        return left + (right - left) * (math.log10(value) - low) / (high - low)

    for value, name in ticks.items():
        if span[0] <= value <= span[1]:
            scene.plot([at(value)] * 2, [top - 0.05, bottom], color=GRID, lw=0.8, zorder=1.0)
            scene.plot([at(value)] * 2, [bottom, bottom + TICK], color=palette.INK, lw=0.8)
            scene.text(at(value), bottom + TICK + 0.03, name, fontsize=TICK_FONT, color=palette.INK, ha="center",
                       va="top")
    scene.text((left + right) / 2, bottom + ticks_h + 0.08, x_label, fontsize=10, color=palette.INK,
               ha="center", va="top", gid="x-label")
    pitch = (bottom - top) / max(len(rows), 1)
    boxes, edges, whiskers = [], [], []
    for k, r in enumerate(rows):
        centre = top + pitch * (k + 0.5)
        scene.text(left - 0.1, centre, "\n".join(lines[k]), fontsize=label_size, color=palette.INK, ha="right",
                   va="center", gid=f"box-label:{k}")
        scene.plot([left - TICK, left], [centre, centre], color=palette.INK, lw=0.8)
        scene.text(right + 0.15, centre, r.note, fontsize=note_size, color=palette.INK, va="center",
                   gid=f"box-note:{k}")
        if not r.values:
            continue
        s = box_stats(r.values)
        y0, y1, half = centre - BOX * pitch / 2, centre + BOX * pitch / 2, BOX * pitch / 4
        corners = [(at(s["q1"]), y0), (at(s["q3"]), y0), (at(s["q3"]), y1), (at(s["q1"]), y1)]
        boxes.append(corners)
        edges.append(corners + [corners[0]])
        whiskers += [[(at(s["low"]), centre), (at(s["q1"]), centre)], [(at(s["q3"]), centre), (at(s["high"]), centre)],
                     [(at(s["low"]), centre - half), (at(s["low"]), centre + half)],
                     [(at(s["high"]), centre - half), (at(s["high"]), centre + half)]]
        scene.plot([at(s["median"])] * 2, [y0, y1], color=palette.VERMILLION, lw=2, zorder=2.3, gid=f"median:{k}")
        if s["fliers"]:
            scene.plot([at(v) for v in s["fliers"]], [centre] * len(s["fliers"]), color=FLIER, ls="none",
                       marker="o", ms=2.5, zorder=2.0)
    if boxes:
        scene.polys(boxes, zorder=2.1, facecolors=BOX_FILL)
        scene.segments(edges, zorder=2.2, colors=palette.BLUE, linewidths=1.0)
        scene.segments(whiskers, zorder=2.0, colors=palette.INK, linewidths=1.0)
    scene.plot([left, left, right], [top - 0.05, bottom, bottom], color=palette.INK, lw=0.8)
