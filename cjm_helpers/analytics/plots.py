"""Pictures of a funnel: the funnel with its drop-off, time between stages, flows between stages.

Each function returns a picture that a notebook shows at the end of the cell,
like the journey drawings (save it with fig.savefig). plot_funnel returns a
Drawing (bars recorded on a scene, shown as SVG without importing matplotlib,
see draw/bars.py), and so do plot_segments (draw/lines.py) and plot_stage_times
(draw/boxes.py); plot_flows a matplotlib Figure. Colours are the Okabe-Ito
colour-blind-safe palette.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..draw.save import short_text
from ..palette import BLACK, BLUE, GREEN, ORANGE, PURPLE, SKY_BLUE, VERMILLION, YELLOW
from .funnel import FUNNEL_COLUMNS, time_between_stages
from .stages import define_stages
from .worst import worst_stage

GREY = "#BBBBBB"
PALETTE = [BLUE, ORANGE, GREEN, PURPLE, SKY_BLUE, VERMILLION, YELLOW, BLACK]   # one colour a segment


def _figure(width: float, height: float) -> tuple[Any, Any]:
    """A figure and its axes, shown in a notebook like the journey drawings (no pyplot state)."""
    from ..draw.figure import new_figure

    fig = new_figure(width, height)
    return fig, fig.subplots()


def _segment_column(table: pd.DataFrame) -> str | None:
    extra = [c for c in table.columns if c not in FUNNEL_COLUMNS]
    return extra[0] if extra else None


def plot_funnel(table: pd.DataFrame, *, title: str | None = None, measure: str = "rate") -> Any:
    """The funnel as bars, one per stage, with the users lost at each step annotated
    and the worst step (see worst_stage) marked: a Drawing, shown as SVG with its text
    as text (no matplotlib; savefig makes a PNG or PDF). A table with a segment column
    is drawn with plot_segments."""
    if _segment_column(table):
        return plot_segments(table, title=title)
    _require(table)
    from ..draw.bars import bar_chart
    from ..draw.drawing import Drawing
    from ..draw.scene import Scene

    rows = funnel_rows(table, measure)
    top = max(int(table["users"].max()), 1)
    scene = Scene(10, 0.75 * len(rows) + 1.6)
    bar_chart(scene, (0, 0, scene.width, scene.height), rows, x_max=top * 1.65,
              title=title or "Funnel: users reaching each stage, and who is lost at each step",
              x_label="users (share of the first stage in brackets)")
    worst = next((r for r in rows if r.colour == VERMILLION), None)
    description = ("Funnel chart: " + "; ".join(f"{r.label} {r.value:,.0f}" for r in rows)
                   + (f". Largest drop-off before {worst.label}." if worst else "."))
    return Drawing(scene, description=description)


def funnel_rows(table: pd.DataFrame, measure: str = "rate") -> list:
    """The funnel's bars (draw.bars.Row): users at each stage, the users lost since the stage before
    hatched behind, the worst step (worst_stage) in vermillion with its note."""
    from ..draw.bars import Row

    users = table["users"].to_numpy()
    n = len(table)
    worst = worst_stage(table, measure=measure) if n > 1 and users[0] > 0 else None
    previous = np.r_[users[0], users[:-1]]
    rows = []
    for i, row in table.reset_index(drop=True).iterrows():
        is_worst = worst is not None and row["stage"] == worst["stage"]
        share = row["conversion_rate"]
        label = f"{int(row['users']):,}" + (f"  ({share:.0%})" if pd.notna(share) else "")
        note, end, colour, weight = "", "", "#222222", "normal"
        if i and row["drop_off"] > 0:
            lost = row["drop_off"] / previous[i] if previous[i] else np.nan
            before = str(table["stage"].iloc[i - 1])
            before = short_text(before, 24)
            note = f"−{int(row['drop_off']):,} lost ({lost:.0%} of {before})"
            if is_worst:
                end = "  ← largest drop-off"
                colour, weight = VERMILLION, "bold"
        rows.append(Row(str(row["stage"]), float(row["users"]), VERMILLION if is_worst else BLUE,
                        lost_to=float(previous[i]) if i else None, inside=label,
                        note=note, note_end=end, note_colour=colour, note_weight=weight))
    return rows


def plot_segments(table: pd.DataFrame, *, title: str | None = None) -> Any:
    """Conversion against the first stage, one line per segment (a funnel computed with `by`): a Drawing,
    shown as SVG with its text as text (no matplotlib; savefig makes a PNG or PDF)."""
    segment = _segment_column(table)
    if segment is None:
        raise ValueError("plot_segments needs a funnel computed with by=...; use plot_funnel for one funnel")
    from ..draw.drawing import Drawing
    from ..draw.lines import DASHES, MARKERS, Series, line_chart
    from ..draw.scene import Scene

    stages = [str(s) for s in dict.fromkeys(table["stage"])]
    series, said = [], []
    for i, (value, part) in enumerate(table.groupby(segment, sort=False)):
        start = int(part["users"].iloc[0])
        rates = [float(r) for r in part["conversion_rate"]]
        series.append(Series(f"{value}: {start:,} users, {_pct(rates[-1])} reach {stages[-1]}", rates,
                             PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)], DASHES[i % len(DASHES)]))
        said.append(f"{value} ({start:,} users): " + ", ".join(f"{s} {_pct(r)}" for s, r in zip(stages, rates)))
    scene = Scene(10, 4.8)
    title = title or f"Conversion by {segment}"
    line_chart(scene, (0, 0, scene.width, scene.height), stages, series, title=title,
               y_label="share of the segment's first-stage users", legend_title=str(segment))
    return Drawing(scene, description=f"Line chart: {title}, the share of each {segment}'s first-stage "
                                      "users reaching each stage. " + "; ".join(said) + ".")


def plot_stage_times(events: Any, stages: Any, *, title: str | None = None, **options: Any) -> Any:
    """How long users take between consecutive stages: one box per step (log scale),
    the median written beside it. Only users who made the step are counted. A Drawing,
    shown as SVG with its text as text (no matplotlib; savefig makes a PNG or PDF)."""
    from ..draw.boxes import BoxRow, box_chart
    from ..draw.drawing import Drawing
    from ..draw.scene import Scene

    steps = time_between_stages(events, stages, **options)
    names = define_stages(stages).names
    rows = []
    for a, b in zip(names[:-1], names[1:]):
        hours = steps.loc[(steps["from_stage"] == a) & (steps["to_stage"] == b), "time"] / pd.Timedelta(hours=1)
        data = np.maximum(hours.to_numpy(dtype=float), 1 / 60).tolist()  # same time: shown as one minute
        note = f"median {_human(float(np.median(data)))}, {len(data):,} users" if data else "nobody made this step"
        rows.append(BoxRow(f"{a} → {b}", data, note))
    filled = [v for r in rows for v in r.values]
    span = (min(filled) / 1.6, max(filled) * 1.6) if filled else (1 / 60, 24 * 30)
    ticks = {1 / 60: "1 min", 10 / 60: "10 min", 1: "1 h", 6: "6 h", 24: "1 day", 24 * 7: "1 week",
             24 * 30: "30 days", 24 * 365: "1 year"}
    scene = Scene(10, 0.7 * max(len(rows), 1) + 1.6)
    title = title or "Time between stages"
    box_chart(scene, (0, 0, scene.width, scene.height), rows, title=title, ticks=ticks, span=span,
              x_label="time from reaching one stage to reaching the next (log scale)")
    return Drawing(scene, description=f"Box plot: {title} (log scale), one box per step from the lower to the "
                                      "upper quartile. " + "; ".join(f"{r.label}: {r.note}" for r in rows) + ".")


def plot_flows(table: pd.DataFrame, *, title: str | None = None, measure: str = "rate") -> Any:
    """A Sankey-style picture of the funnel: a block per stage (height = users),
    a band to the next stage for those who go on, and a band down for those lost."""
    if _segment_column(table):
        raise ValueError("plot_flows draws one funnel; select one segment first, e.g. "
                         "table[table['channel'] == 'search']")
    _require(table)
    users = table["users"].to_numpy(dtype=float)
    n = len(users)
    scale = max(users.max(), 1.0)
    h = users / scale
    from matplotlib.patches import Rectangle

    fig, ax = _figure(max(8.0, 1.8 * n + 1), 5.2)
    worst = worst_stage(table, measure=measure) if n > 1 and users[0] > 0 else None
    width, gap = 0.12, 1.0
    xs = np.arange(n) * gap
    centre = 0.0
    for k in range(n):
        ax.add_patch(Rectangle((xs[k] - width / 2, centre - h[k] / 2), width, max(h[k], 0.002),
                                   color=BLUE, zorder=3))
        ax.text(xs[k], centre + h[0] / 2 + 0.06, f"{table['stage'].iloc[k]}\n{int(users[k]):,}",
                ha="center", va="bottom", fontsize=10, parse_math=False)   # stage names are data
        if k == n - 1:
            continue
        nxt = h[k + 1]
        top = centre + h[k] / 2
        _band(ax, xs[k] + width / 2, xs[k + 1] - width / 2, (top - nxt, top),
              (centre - nxt / 2, centre + nxt / 2), color="#9CC5E3")
        lost = h[k] - nxt
        if lost > 0:
            is_worst = worst is not None and table["stage"].iloc[k + 1] == worst["stage"]
            bottom = centre - h[k] / 2
            sink_y = centre - h[0] / 2 - 0.18
            x_end = xs[k] + 0.55 * gap
            _band(ax, xs[k] + width / 2, x_end, (bottom, bottom + lost), (sink_y - lost, sink_y),
                  color=VERMILLION if is_worst else GREY, alpha=0.85 if is_worst else 0.7)
            share = users[k + 1] / users[k] if users[k] else np.nan
            note = f"−{int(users[k] - users[k + 1]):,}\n({1 - share:.0%} lost)"
            ax.text(x_end + 0.03, sink_y - lost / 2, note, va="center", ha="left", fontsize=9,
                    color=VERMILLION if is_worst else "#444444", fontweight="bold" if is_worst else None)
    ax.set_xlim(-0.4, xs[-1] + 0.6)
    lowest = max((h[k] - h[k + 1] for k in range(n - 1)), default=0.0)
    ax.set_ylim(centre - h[0] / 2 - 0.18 - lowest - 0.08, centre + h[0] / 2 + 0.3)
    ax.axis("off")
    ax.set_title(title or "Flows between stages: who goes on (blue) and who is lost (down)", loc="left",
                 parse_math=False)
    fig.tight_layout()
    return fig


def _band(ax: Any, x0: float, x1: float, start: tuple[float, float], end: tuple[float, float],
          color: str, alpha: float = 0.8) -> None:
    """A smooth band from the span `start` at x0 to the span `end` at x1."""
    x = np.linspace(x0, x1, 60)
    s = (1 - np.cos(np.linspace(0, np.pi, 60))) / 2      # an S-curve from 0 to 1
    lower = start[0] + (end[0] - start[0]) * s
    upper = start[1] + (end[1] - start[1]) * s
    ax.fill_between(x, lower, upper, color=color, alpha=alpha, linewidth=0, zorder=2)


def _pct(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.0%}"


def _human(hours: float) -> str:
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


def _require(table: pd.DataFrame) -> None:
    missing = [c for c in ("stage", "users", "conversion_rate", "drop_off") if c not in table.columns]
    if missing:
        raise ValueError(f"not a funnel table (missing {', '.join(missing)}); compute one with funnel()")
    if table.empty:
        raise ValueError("the funnel table has no stages")
