"""draw_comparison: the current and the future emotion curve on one axis, improvements marked."""

from __future__ import annotations

from ..model import JourneyMap
from . import palette
from .feeling import FACE_RADIUS, CurvePane, draw_curve, paint_scale
from .frame import Legend, TitleBlock
from .grid import Column, Grid, Lane, Para
from .journey import touchpoint_paras


def _current_feelings(current: JourneyMap, future: JourneyMap) -> dict[str, int | None]:
    """Future touchpoint id -> the current feeling there (matched by id, else by position)."""
    now = {tp.id: tp.feeling for _, tp in current.touchpoints()}
    ids = [tp.id for _, tp in future.touchpoints()]
    if any(i in now for i in ids):
        return {i: now[i] for i in ids if i in now}
    current_list = [tp.feeling for _, tp in current.touchpoints()]
    return {i: f for i, f in zip(ids, current_list)}


class Comparison:
    def __init__(self, current: JourneyMap, future: JourneyMap):
        self.current, self.future = current, future
        self.before = _current_feelings(current, future)
        self.numbers = {}       # touchpoint id -> [(number, improvement)]
        for n, imp in enumerate(future.improvements, 1):
            self.numbers.setdefault(imp.touchpoint, []).append((n, imp))

    def improvement_paras(self, col: Column) -> list[Para]:
        if col.tp is None:
            return []
        paras = []
        for n, imp in self.numbers.get(col.tp.id, []):
            found = self.current.find_pain_point(imp.pain_point)
            pain = found[2].text if found else f"pain point {imp.pain_point} (not in the current map)"
            paras.append(Para(f"#{n} {imp.change}", color=palette.BLUE, weight="bold", gid=f"improvement:{n}"))
            paras.append(Para(f"answers: {pain}", color=palette.SEVERITY_COLOURS[found[2].severity if found else 2],
                              style="italic"))
        return paras

    def paint(self, grid: Grid, band, rect) -> None:
        n = max(1, len(band.columns))
        pane = CurvePane(grid, rect, n)
        sx, sy = pane.sx, pane.sy
        cx, cy, fx, fy = [], [], [], []
        for j, col in enumerate(band.columns):
            if col.tp is None:
                continue
            x = j + 0.5
            before = self.before.get(col.tp.id)
            if before is not None:
                cx.append(x)
                cy.append(before)
            if col.tp.feeling is not None:
                fx.append(x)
                fy.append(col.tp.feeling)
        draw_curve(pane, cx, cy, color=palette.CURRENT_COLOUR, gid="current-curve", fill=False,
                   faces=False, lw=2, ls=(0, (5, 3)))
        pane.plot(cx, cy, 4, ls="none", marker="o", ms=6, color="white", markeredgecolor=palette.CURRENT_COLOUR,
                  mew=1.6)
        draw_curve(pane, fx, fy, color=palette.FUTURE_COLOUR, gid="future-curve", fill=False, lw=2.2)
        for j, col in enumerate(band.columns):
            if col.tp is None or col.tp.id not in self.numbers:
                continue
            x = j + 0.5
            before = self.before.get(col.tp.id)
            after = col.tp.feeling
            if before is not None and after is not None and before != after:
                start = before + (0.1 if after > before else -0.1)
                end = after - (FACE_RADIUS + 0.03) * sy * (1 if after > before else -1)
                pane.arrow((x, end), (x, start), 3, arrowstyle="-|>", color=palette.GREEN, lw=1.6)
            numbers = ", ".join(f"#{k}" for k, _ in self.numbers[col.tp.id])
            top = max(v for v in (before, after, 0) if v is not None)
            pane.text(x + (FACE_RADIUS + 0.04) * sx, top + (FACE_RADIUS + 0.12) * sy,
                      numbers, 7, fontsize=7.5, weight="bold", color=palette.BLUE, ha="left", va="center",
                      gid=f"improvement-mark:{col.tp.id}")
        pane.finish()
        paint_scale(grid, rect)

    def summary(self) -> str:
        cur = [f for f in self.before.values() if f is not None]
        fut = [tp.feeling for _, tp in self.future.touchpoints() if tp.feeling is not None]
        parts = []
        n = len(self.future.improvements)
        critical = sum(1 for imp in self.future.improvements
                       if (found := self.current.find_pain_point(imp.pain_point)) and found[2].severity == 3)
        parts.append(f"{n} improvement{'s' if n != 1 else ''} ({critical} for critical pain points)")
        if self.future.deferred:
            parts.append(f"{len(self.future.deferred)} pain point{'s' if len(self.future.deferred) != 1 else ''} deferred")
        if cur and fut:
            parts.append(f"average feeling {sum(cur) / len(cur):+.1f} → {sum(fut) / len(fut):+.1f}")
            parts.append(f"lowest point {min(cur):+d} → {min(fut):+d}")
        future_ids = {tp.id for _, tp in self.future.touchpoints()}
        dropped = [tp.name for _, tp in self.current.touchpoints() if tp.id not in future_ids]
        if dropped and len(dropped) < len(future_ids):
            parts.append(f"no longer needed: {', '.join(dropped)}")
        return "What changed: " + "; ".join(parts) + "."


def draw_comparison(current, future, *, width: float | None = None, page: int = 1):
    """Current vs future state (maps, dicts or paths) as a Drawing."""
    from ..storage import as_map
    from .describe import describe_map
    from .drawing import Drawing
    from .notebook import WIDTH

    current_map, future_map = as_map(current), as_map(future)
    comp = Comparison(current_map, future_map)
    lanes = [
        Lane("touchpoint", "Touchpoint", touchpoint_paras, max_lines=8, fontsize=8),
        Lane("feeling", "Feeling: current vs future", height=1.9, paint=comp.paint),
        Lane("improvements", "Improvements", comp.improvement_paras, max_lines=14, shade="#E6F0F8"),
    ]
    grid = Grid(future_map, lanes, width=width or WIDTH, page=page)
    title = TitleBlock(future_map, grid.width, kind="Current vs future state",
                       note=" ".join(filter(None, [grid.page_note(), comp.summary()])))
    legend = Legend([
        ("line", (palette.CURRENT_COLOUR, (0, (5, 3))), "current state (dashed, open dots)"),
        ("line", (palette.FUTURE_COLOUR, "-"), "future state (solid, faces)"),
        ("marker", ("^", palette.GREEN), "arrow: expected change in feeling"),
        ("text", "#1", "improvement number"),
    ], grid.width)
    scene = grid.draw(title.draw, title.height, legend.draw, legend.height)
    return Drawing(scene, description=comp.summary() + "\n" + describe_map(future_map), page=grid.page, page_count=grid.page_count)
