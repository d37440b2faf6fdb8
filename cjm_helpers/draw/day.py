"""draw_day: a day in the life, on a clock, with where the brand is and where it could fit."""

from __future__ import annotations

from ..model import JourneyMap, Owner
from ..words import channel_label, owner_label
from . import palette
from .feeling import paint_feeling_lane
from .frame import Legend, TitleBlock, feeling_items
from .grid import MARGIN, PAD, Column, Grid, Lane, Para
from .journey import text_lane, touchpoint_paras

BRAND_OWNERS = (Owner.brand, Owner.partner)
TIMELINE = 0.75         # height of the clock strip, inches


def brand_lane(journey: JourneyMap | None = None):
    """Where the organisation or a partner is present, in the map's words."""
    def cell(col: Column) -> list[Para]:
        tp = col.tp
        if tp is None:
            return []
        if tp.owner in BRAND_OWNERS:
            channel = f" ({channel_label(tp.channel, journey)})" if tp.channel else ""
            return [Para(f"● here: {owner_label(tp.owner, journey)}{channel}", color=palette.BLUE, weight="bold")]
        return [Para("not the brand", color=palette.MUTED, style="italic")]
    return cell


brand_paras = brand_lane()


def fit_paras(col: Column) -> list[Para]:
    """Where the brand could fit: the opportunities, and the needs behind pain points."""
    tp = col.tp
    if tp is None:
        return []
    paras = [Para(f"+ {text}", color=palette.OPPORTUNITY_COLOUR, weight="bold") for text in tp.opportunities]
    paras += [Para(f"{palette.SEVERITY_MARKS[pp.severity]} {pp.text}", color=palette.SEVERITY_COLOURS[pp.severity])
              for pp in tp.pain_points]
    return paras


def day_lanes(journey: JourneyMap | None = None) -> list[Lane]:
    return [
        Lane("touchpoint", "What happens", touchpoint_paras, max_lines=8, fontsize=8),
        Lane("doing", "Doing", text_lane("doing"), max_lines=5),
        Lane("thinking", "Thinking", text_lane("thinking", "italic"), max_lines=4),
        Lane("feeling", "Feeling", height=1.45, paint=paint_feeling_lane),
        Lane("brand", "The brand today", brand_lane(journey), max_lines=3, fontsize=7.2),
        Lane("fit", "Where the brand could fit", fit_paras, max_lines=8, shade="#E2F2EC"),
    ]


def _minutes(clock: str | None) -> int | None:
    if not clock:
        return None
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _paint_clock(grid: Grid, ax, top: float) -> None:
    """A 24-hour strip: each stage's time marked and numbered like its column header."""
    timed = [(i, _minutes(s.time)) for i, s in enumerate(grid.journey.stages) if s.time]
    right = grid.width - 0.2
    first = min((m for _, m in timed), default=6 * 60)
    last = max((m for _, m in timed), default=22 * 60)
    start = max(0, (first // 60 - 1) * 60)
    end = min(24 * 60, (last // 60 + 2) * 60)
    span = max(60, end - start)

    def x_of(minute: int) -> float:
        return MARGIN + (right - MARGIN) * (minute - start) / span

    y = top + TIMELINE - 0.25
    ax.text(PAD, y, "Time of day", fontsize=8, weight="bold", color=palette.MUTED, va="center", ha="left")
    ax.plot([MARGIN, right], [y, y], color=palette.INK, lw=1.2)
    step = 60 if span <= 8 * 60 else 120 if span <= 14 * 60 else 180
    for minute in range(start, end + 1, step):
        ax.plot([x_of(minute)] * 2, [y - 0.04, y + 0.04], color=palette.INK, lw=1)
        ax.text(x_of(minute), y + 0.08, f"{minute // 60:02d}:00", fontsize=7, color=palette.MUTED,
                ha="center", va="top")
    levels: list[float] = []
    for i, minute in timed:
        x = x_of(minute)
        row = 0
        while row < len(levels) and x - levels[row] < 0.3:
            row += 1
        if row == len(levels):
            levels.append(x)
        levels[row] = x
        marker_y = y - 0.14 - row * 0.2
        ax.plot([x, x], [marker_y, y], color=palette.HEADER, lw=1)
        ax.plot([x], [marker_y], marker="o", ms=12, color=palette.HEADER, zorder=4)
        ax.text(x, marker_y, str(i + 1), fontsize=7, weight="bold", color="white", ha="center",
                va="center", zorder=5, gid=f"clock:{i}")


def draw_day(journey_map, *, width: float | None = None, page: int = 1):
    """A day-in-the-life map (JourneyMap, dict or path) as a Drawing."""
    from ..storage import as_map
    from .describe import describe_map
    from .drawing import Drawing
    from .notebook import WIDTH

    journey = as_map(journey_map)
    has_times = any(stage.time for stage in journey.stages)
    grid = Grid(journey, day_lanes(journey), width=width or WIDTH, top_extra=TIMELINE + 0.3 if has_times else 0, page=page)
    title = TitleBlock(journey, grid.width, kind="Day in the life", note=grid.page_note())
    legend = Legend(feeling_items() + [("star", None, "moment of truth")], grid.width)

    def title_and_clock(ax, width):
        title.draw(ax, width)
        if has_times:
            _paint_clock(grid, ax, title.height)

    scene = grid.draw(title_and_clock, title.height, legend.draw, legend.height)
    return Drawing(scene, description=describe_map(journey), page=grid.page, page_count=grid.page_count)
