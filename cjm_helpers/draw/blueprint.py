"""draw_blueprint: the service blueprint (Shostack 1984; Bitner, Ostrom and Morgan 2008).

Rows, top to bottom: physical evidence, customer actions, frontstage, backstage,
support processes, separated by the line of interaction, the line of
visibility and the line of internal interaction. Fail points (F) and waits (W)
are marked on the customer action where they happen.
"""

from __future__ import annotations

from . import palette
from .frame import Legend, TitleBlock
from .grid import Column, Grid, Lane, Para


def _list_lane(field: str, bullet: str = "• "):
    def cell(col: Column) -> list[Para]:
        items = getattr(col.tp, field, []) if col.tp else []
        return [Para(bullet + item) for item in items]
    return cell


def customer_paras(col: Column) -> list[Para]:
    tp = col.tp
    if tp is None:
        return [Para("no touchpoints yet", color=palette.MUTED, style="italic")]
    star = f"{palette.MOMENT_OF_TRUTH} " if tp.moment_of_truth else ""
    paras = [Para(star + tp.name, weight="bold", gid=f"touchpoint:{tp.id}")]
    if tp.fail_point:
        paras.append(Para("(F) fail point", color=palette.FAIL_POINT_COLOUR, weight="bold",
                          gid=f"fail-point:{tp.id}"))
    if tp.wait_minutes:
        paras.append(Para(f"(W) wait {tp.wait_minutes:g} min", color=palette.WAIT_COLOUR, weight="bold",
                          gid=f"wait:{tp.id}"))
    if tp.doing:
        paras.append(Para(tp.doing, color=palette.MUTED))
    return paras


def blueprint_lanes() -> list[Lane]:
    return [
        Lane("evidence", "Physical evidence", _list_lane("evidence"), max_lines=6, shade="#EEF3F8"),
        Lane("customer", "Customer actions", customer_paras, max_lines=9, fontsize=7.5),
        Lane("frontstage", "Frontstage (visible contact)", _list_lane("frontstage"), max_lines=7,
             line_above="Line of interaction"),
        Lane("backstage", "Backstage (invisible contact)", _list_lane("backstage"), max_lines=7,
             line_above="Line of visibility", shade="#F3F3F3"),
        Lane("support", "Support processes", _list_lane("support"), max_lines=7,
             line_above="Line of internal interaction", shade="#ECECEC"),
    ]


def draw_blueprint(journey_map, *, width: float | None = None, page: int = 1):
    """The service blueprint of a map (JourneyMap, dict or path) as a Drawing."""
    from ..storage import as_map
    from .describe import describe_map
    from .drawing import Drawing
    from .notebook import WIDTH

    journey = as_map(journey_map)
    grid = Grid(journey, blueprint_lanes(), width=width or WIDTH, page=page)
    title = TitleBlock(journey, grid.width, kind="Service blueprint", note=grid.page_note())
    legend = Legend([
        ("text", "F", "fail point: where the service often goes wrong"),
        ("text", "W", "wait: the customer waits here"),
        ("star", None, "moment of truth"),
        ("line", (palette.INK, (0, (6, 3))), "interaction / visibility / internal interaction lines"),
    ], grid.width)
    scene = grid.draw(title.draw, title.height, legend.draw, legend.height)
    return Drawing(scene, description=describe_map(journey), page=grid.page, page_count=grid.page_count)
