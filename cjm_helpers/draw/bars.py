"""Horizontal bar charts recorded on a Scene (no matplotlib): the funnel and the cohort overview's charts.

A chart is a panel of a scene: a title, one row a label (right-aligned beside
the bars, top row first), a bar per row with an optional hatched "lost" bar
behind it, a value written inside the bar or after it, a note after the bar,
and an x axis with round ticks and its label. Sizes are inches (y downwards)
and points, as in the map drawings, so svg.py shows the chart with its text
as text and replay.py makes its PNG or PDF.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from . import palette
from .layout import CHAR_EM, POINTS_PER_INCH
from .scene import Scene

GREY, LOST_FILL = "#BBBBBB", "#EEEEEE"
HATCH = 0.09                # inches between the lines of a "lost" bar's hatching
BAR = 0.7                   # a bar's share of its row
TICK, TICK_FONT = 0.05, 9.0


@dataclass
class Row:
    """One bar: its label, value and colour; `lost_to` draws a hatched bar from value to it;
    `inside` is written in the bar (white, bold), or before the note if the bar is too short for it;
    `note` after the bars (cut with an ellipsis where it would run off the chart)."""

    label: str
    value: float
    colour: str = palette.BLUE
    lost_to: float | None = None
    inside: str = ""
    note: str = ""
    note_colour: str = palette.INK
    note_weight: str = "normal"
    note_end: str = ""          # written after the note and never cut ("  ← largest drop-off")


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """About how wide a line of text is, inches (DejaVu Sans' average advance, rounded up)."""
    return len(text) * size * CHAR_EM.get(weight, CHAR_EM["normal"]) / POINTS_PER_INCH


def round_ticks(top: float, integer: bool = False, count: int = 7) -> list[float]:
    """Round tick values from 0 to at most top (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if top <= 0:
        return [0.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer and power < 10 else (1, 2, 2.5, 5, 10)
    step = next(s * power for s in steps if s * power >= raw)
    if integer:
        step = max(1.0, round(step))
    return [k * step for k in range(int(top / step + 1e-9) + 1)]


def cut(text: str, width: float, size: float, weight: str = "normal") -> str:
    """text, cut with an ellipsis to about width inches."""
    fits = int(width * POINTS_PER_INCH / (size * CHAR_EM.get(weight, CHAR_EM["normal"])))
    return text if len(text) <= fits else text[: max(fits - 1, 0)].rstrip() + "…"


def _tick_label(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _hatch(x0: float, y0: float, x1: float, y1: float) -> list[list[tuple[float, float]]]:
    """The "///" lines of the box (x0, y0)-(x1, y1), cut to the box (y downwards, so up-right is x + y)."""
    lines = []
    c = x0 + y0 + HATCH - (x0 + y0) % HATCH
    while c < x1 + y1:
        a, b = max(x0, c - y1), min(x1, c - y0)
        if b > a:
            lines.append([(a, c - a), (b, c - b)])
        c += HATCH
    return lines


def bar_chart(scene: Scene, box: tuple[float, float, float, float], rows: list[Row], *, title: str,
              x_label: str = "", x_max: float | None = None, integer: bool = False,
              label_size: float = 11.0, value_size: float = 10.0, note_size: float = 9.5,
              title_size: float = 12.0, title_align: str = "left", empty: str = "none",
              label_chars: int = 24) -> None:
    """Record a horizontal bar chart filling box (x, y, width, height inches) on the scene; labels are
    wrapped at label_chars, two lines at most."""
    x, y, width, height = box
    lines = [textwrap.wrap(str(r.label), label_chars, max_lines=2, placeholder=" …") or ["?"] for r in rows]
    label_w = max((text_width(s, label_size) for ls in lines for s in ls), default=0.0)
    left = x + 0.15 + label_w + 0.12
    right = x + width - 0.3
    top = y + 0.15 + title_size * 1.4 / POINTS_PER_INCH
    ticks_h = TICK + 0.03 + TICK_FONT * 1.2 / POINTS_PER_INCH
    bottom = y + height - 0.12 - ticks_h - (0.08 + 10 * 1.2 / POINTS_PER_INCH if x_label else 0)
    title_x = {"left": left, "center": (left + right) / 2}[title_align]
    if title_align == "left" and left + text_width(title, title_size) > right:
        title_x = x + 0.15
    title = cut(title, right - (x + 0.15), title_size)
    scene.text(title_x, y + 0.15, title, fontsize=title_size, color=palette.INK, va="top",
               ha=title_align, gid="chart-title")
    if not rows:
        scene.text((x + x + width) / 2, (top + bottom) / 2, empty, fontsize=10, color=palette.MUTED,
                   ha="center", va="center")
        return
    plot_w = right - left
    reach = max([r.value for r in rows] + [r.lost_to or 0 for r in rows] + [1e-9])
    x_max = base = x_max or reach * 1.05
    for r in rows:      # room for every note after its bars, up to 2.5 times the longest bar
        note = r.note + r.note_end
        if r.inside and text_width(r.inside, value_size, "bold") + 0.1 >= plot_w * r.value / base:
            note = r.inside + "   " + note      # too long for its bar even at its widest
        if note:
            start = max(r.value, r.lost_to or 0) + reach * 0.01
            share = text_width(note, note_size, r.note_weight) / plot_w
            x_max = max(x_max, start / max(1 - share, 0.05))
    x_max = min(x_max, max(base, reach * 2.5))

    def at(value: float) -> float:
        return left + plot_w * value / x_max

    pitch = (bottom - top) / len(rows)
    bars, colours, lost, hatch = [], [], [], []
    for k, r in enumerate(rows):
        centre = top + pitch * (k + 0.5)
        y0, y1 = centre - BAR * pitch / 2, centre + BAR * pitch / 2
        if r.lost_to is not None and r.lost_to > r.value:
            lost.append([(at(r.value), y0), (at(r.lost_to), y0), (at(r.lost_to), y1), (at(r.value), y1)])
            hatch += _hatch(at(r.value), y0, at(r.lost_to), y1)
        if r.value > 0:
            bars.append([(left, y0), (at(r.value), y0), (at(r.value), y1), (left, y1)])
            colours.append(r.colour)
        scene.text(left - 0.1, centre, "\n".join(lines[k]), fontsize=label_size, color=palette.INK, ha="right",
                   va="center", gid=f"bar-label:{k}")
        scene.plot([left - TICK, left], [centre, centre], color=palette.INK, lw=0.8)
        note = r.note
        if r.inside and text_width(r.inside, value_size, "bold") + 0.1 < at(r.value) - left:
            scene.text(left + plot_w * 0.01, centre, r.inside, fontsize=value_size, weight="bold",
                       color="white", ha="left", va="center")
        elif r.inside:
            note = r.inside + ("   " + note if note else "")
        if note or r.note_end:
            start = at(max(r.value, r.lost_to or 0) + reach * 0.01)
            room = right + 0.15 - start - text_width(r.note_end, note_size, r.note_weight)
            note = cut(note, room, note_size, r.note_weight) + r.note_end
            scene.text(start, centre, note, fontsize=note_size, weight=r.note_weight, color=r.note_colour, ha="left", va="center")
    if lost:
        scene.polys(lost, zorder=1.0, facecolors=LOST_FILL)
        scene.segments(hatch, zorder=1.1, colors=GREY, linewidths=0.5)
        scene.segments([p + [p[0]] for p in lost], zorder=1.2, colors=GREY, linewidths=0.5)
    if bars:
        scene.polys(bars, zorder=1.5, facecolors=colours)
    scene.plot([left, left, right], [top - 0.05, bottom, bottom], color=palette.INK, lw=0.8)
    for value in round_ticks(x_max, integer):
        scene.plot([at(value)] * 2, [bottom, bottom + TICK], color=palette.INK, lw=0.8)
        scene.text(at(value), bottom + TICK + 0.03, _tick_label(value), fontsize=TICK_FONT, color=palette.INK,
                   ha="center", va="top")
    if x_label:
        scene.text((left + right) / 2, bottom + ticks_h + 0.08, x_label, fontsize=10, color=palette.INK,
                   ha="center", va="top")
