"""draw_map: the journey map as stage columns, lanes and the emotion curve."""

from __future__ import annotations

from ..model import JourneyMap
from ..words import channel_label, owner_label
from . import palette
from .feeling import paint_feeling_lane
from .frame import Legend, TitleBlock, feeling_items
from .grid import Column, Grid, Lane, Para

def touchpoint_paras(col: Column) -> list[Para]:
    if col.tp is None:
        return [Para("no touchpoints yet", color=palette.MUTED, style="italic")]
    star = f"{palette.MOMENT_OF_TRUTH} " if col.tp.moment_of_truth else ""
    return [Para(star + col.tp.name, weight="bold", gid=f"touchpoint:{col.tp.id}")]


def channel_lane(journey: JourneyMap | None = None):
    """The channel and owner of each touchpoint, in the map's words."""
    def cell(col: Column) -> list[Para]:
        tp = col.tp
        if tp is None:
            return []
        parts = [channel_label(tp.channel, journey), owner_label(tp.owner, journey)]
        parts = [part for part in parts if part]
        return [Para(" · ".join(parts), color=palette.MUTED)] if parts else []
    return cell


channel_paras = channel_lane()


def text_lane(field: str, style: str = "normal"):
    def cell(col: Column) -> list[Para]:
        value = getattr(col.tp, field, "") if col.tp else ""
        return [Para(value, style=style)] if value else []
    return cell


def pain_paras(col: Column) -> list[Para]:
    if col.tp is None:
        return []
    return [Para(f"{palette.SEVERITY_MARKS[pp.severity]} {pp.text}", color=palette.SEVERITY_COLOURS[pp.severity],
                 gid=f"pain-point:{pp.id}")
            for pp in sorted(col.tp.pain_points, key=lambda p: -p.severity)]


def opportunity_paras(col: Column) -> list[Para]:
    if col.tp is None:
        return []
    return [Para(f"+ {text}", color=palette.OPPORTUNITY_COLOUR) for text in col.tp.opportunities]


def journey_lanes(journey: JourneyMap | None = None) -> list[Lane]:
    return [
        Lane("touchpoint", "Touchpoint", touchpoint_paras, max_lines=8, fontsize=8),
        Lane("channel", "Channel · owner", channel_lane(journey), max_lines=3, fontsize=7),
        Lane("doing", "Doing", text_lane("doing"), max_lines=5),
        Lane("thinking", "Thinking", text_lane("thinking", "italic"), max_lines=5),
        Lane("feeling", "Feeling", height=1.45, paint=paint_feeling_lane),
        Lane("pain_points", "Pain points", pain_paras, max_lines=7, shade=palette.NEGATIVE_FILL),
        Lane("opportunities", "Opportunities", opportunity_paras, max_lines=8, shade="#E2F2EC"),
    ]


def legend_items() -> list:
    return feeling_items() + [
        ("star", None, "moment of truth"),
        ("marker", ("v", palette.SEVERITY_COLOURS[3]), "pain point here"),
        ("text", "!!!", "critical  (!! serious, ! minor)"),
    ]


def draw_map(journey_map, *, width: float | None = None, page: int = 1):
    """The journey map as a Drawing (SVG in a notebook, a matplotlib Figure on demand; nothing to close).

    journey_map: a JourneyMap, a dict or a map file path.
    """
    from ..storage import as_map
    from .describe import describe_map
    from .drawing import Drawing
    from .notebook import WIDTH

    journey: JourneyMap = as_map(journey_map)
    grid = Grid(journey, journey_lanes(journey), width=width or WIDTH, page=page)
    title = TitleBlock(journey, grid.width, note=grid.page_note())
    legend = Legend(legend_items(), grid.width)
    scene = grid.draw(title.draw, title.height, legend.draw, legend.height)
    return Drawing(scene, description=describe_map(journey), page=grid.page, page_count=grid.page_count)
