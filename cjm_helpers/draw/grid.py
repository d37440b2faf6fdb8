"""The map grid shared by the journey map, the blueprint and the day in the life.

Touchpoints are columns, grouped under their stage's header; lanes are rows
(doing, thinking, feeling, ...). A long journey wraps onto several bands, one
under the other, so the picture stays readable at notebook width; a stage is
split over bands only when it alone is wider than a band. A very long journey
is drawn in pages of BANDS_PER_PAGE bands (page=2, ...), so that no picture
grows without bound.

Everything is laid out in inches (y grows downwards) and recorded on a Scene
(scene.py), so that every box is computed, not guessed: text is wrapped to its
box and boxes do not overlap. The boxes and rules of the whole figure are
gathered while laying out and recorded as a few marks (one per kind), which
matplotlib draws as one collection each: far fewer artists, the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..errors import CJMError
from ..model import JourneyMap, Stage, Touchpoint
from . import palette
from .notebook import WIDTH
from .scene import Scene
from .layout import line_height, text_height, wrap, wrap_paragraphs

MARGIN = 1.3            # left column with lane labels, inches
RIGHT = 0.15
PAD = 0.06              # inside a box
MAX_COLUMN = 2.2        # widest touchpoint column
MIN_COLUMN = 1.08       # narrowest: about 18 characters of 7.5 pt text
BAND_GAP = 0.3
MIN_LANE = 0.28
BANDS_PER_PAGE = 8      # a page: at most 8 bands of about 10 touchpoints (80), at most some 7,500 px high


@dataclass
class Para:
    """A paragraph of a box: its text and how it looks."""

    text: str
    color: str = palette.INK
    weight: str = "normal"
    style: str = "normal"
    gid: str | None = None


@dataclass
class Column:
    """One column: a touchpoint of a stage (tp None: a stage without touchpoints)."""

    stage_index: int
    stage: Stage
    tp: Touchpoint | None
    tp_index: int | None          # position among all touchpoints of the map


@dataclass
class Lane:
    """A row of the grid: a label and what goes in each box (or a painter)."""

    key: str
    label: str
    cell: Callable[[Column], list[Para]] | None = None
    max_lines: int = 5
    fontsize: float = 7.5
    height: float | None = None               # fixed height (painted lanes)
    paint: Callable[..., None] | None = None  # paint(grid, band, rect)
    line_above: str | None = None             # a labelled line drawn above this lane
    shade: str | None = None                  # lane background


@dataclass
class Band:
    """A horizontal strip of the map: some columns and the height of each lane."""

    columns: list[Column]
    top: float = 0.0
    header: float = 0.0
    lanes: list[float] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)    # space above each lane (for lines)

    @property
    def height(self) -> float:
        return self.header + sum(self.lanes) + sum(self.gaps)


def _box(x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]


class Boxes:
    """The boxes and rules of a grid, gathered as it is laid out, drawn as one collection per kind."""

    def __init__(self):
        self.tints, self.tint_colours, self.shades, self.shade_colours, self.headers = [], [], [], [], []
        self.columns: list = []        # dashed lines between the columns of a stage
        self.rules: list = []          # lines under the lanes

    def tint(self, x, y, w, h, colour):
        self.tints.append(_box(x, y, w, h))
        self.tint_colours.append(colour)

    def shade(self, x, y, w, h, colour):
        self.shades.append(_box(x, y, w, h))
        self.shade_colours.append(colour)

    def header(self, x, y, w, h):
        self.headers.append(_box(x, y, w, h))

    def draw(self, scene: Scene) -> None:
        """Record them, lowest first: stage tints, lane shades, stage headers, column and lane rules."""
        if self.tints:
            scene.polys(self.tints, zorder=0, facecolors=self.tint_colours)
        if self.shades:
            scene.polys(self.shades, zorder=0.5, facecolors=self.shade_colours, alpha=0.55)
        if self.headers:
            scene.polys(self.headers, zorder=1, facecolors=palette.HEADER)
        if self.columns:
            scene.segments(self.columns, zorder=1, colors=palette.RULE, linewidths=0.5, linestyles=[(0, (2, 2))])
        if self.rules:
            scene.segments(self.rules, zorder=1, colors=palette.RULE, linewidths=0.6, capstyle="projecting")


def columns_of(journey: JourneyMap) -> list[Column]:
    """Every column in journey order; a stage without touchpoints keeps one empty column."""
    out, n = [], 0
    for s_index, stage in enumerate(journey.stages):
        if not stage.touchpoints:
            out.append(Column(s_index, stage, None, None))
        for tp in stage.touchpoints:
            out.append(Column(s_index, stage, tp, n))
            n += 1
    return out


def split_bands(columns: list[Column], capacity: int) -> list[list[Column]]:
    """Columns into bands of at most `capacity`, keeping a stage's columns together when it fits."""
    groups: list[list[Column]] = []
    for col in columns:
        if groups and groups[-1][0].stage_index == col.stage_index:
            groups[-1].append(col)
        else:
            groups.append([col])
    bands: list[list[Column]] = []
    for group in groups:
        while len(group) > capacity:            # a stage wider than a band
            if bands and len(bands[-1]) < capacity // 2:
                room = capacity - len(bands[-1])
                bands[-1].extend(group[:room])
                group = group[room:]
                continue
            bands.append(group[:capacity])
            group = group[capacity:]
        if not group:
            continue
        if bands and len(bands[-1]) + len(group) <= capacity:
            bands[-1].extend(group)
        else:
            bands.append(list(group))
    return bands or [[]]


class Grid:
    """Lays out and draws a map as bands of columns and lanes."""

    def __init__(self, journey: JourneyMap, lanes: list[Lane], *, width: float = WIDTH,
                 capacity: int | None = None, top_extra: float = 0.0, page: int = 1):
        self.journey = journey
        self.lanes = lanes
        self.columns = columns_of(journey)
        usable = width - MARGIN - RIGHT
        cap = capacity or max(1, int(usable // MIN_COLUMN))
        bands = split_bands(self.columns, cap)
        self.page_count = max(1, -(-len(bands) // BANDS_PER_PAGE))
        if not isinstance(page, int) or not 1 <= page <= self.page_count:
            raise CJMError(f"page {page!r}: this map has {self.page_count} page"
                           f"{'s' if self.page_count > 1 else ''} (pages 1 to {self.page_count})")
        self.page = page
        self.bands = [Band(cols) for cols in bands[(page - 1) * BANDS_PER_PAGE:page * BANDS_PER_PAGE]]
        widest = max((len(b.columns) for b in self.bands), default=1) or 1
        self.col_w = min(MAX_COLUMN, usable / widest)
        self.width = max(8.0, MARGIN + widest * self.col_w + RIGHT) if widest else width
        self.top_extra = top_extra

    def page_note(self) -> str:
        """'Page 1 of 3: stages 1-20 of 57. ...' for a map drawn in pages; '' for one page."""
        if self.page_count == 1:
            return ""
        shown = [col.stage_index + 1 for band in self.bands for col in band.columns]
        following = (f" Next: page={self.page + 1} (command line: --page {self.page + 1})."
                     if self.page < self.page_count else "")
        return (f"Page {self.page} of {self.page_count}: stages {min(shown)}\u2013{max(shown)} of "
                f"{len(self.journey.stages)}.{following}")

    # --- geometry ---------------------------------------------------------
    def x_of(self, j: int) -> float:
        return MARGIN + j * self.col_w

    def measure(self) -> None:
        inner = self.col_w - 2 * PAD
        for band in self.bands:
            band.header = self._header_height(band, inner)
            band.lanes, band.gaps = [], []
            if not band.columns:            # a map without stages: one line saying so
                band.header = 0.5
                continue
            for lane in self.lanes:
                band.gaps.append(0.22 if lane.line_above else 0.0)
                if lane.height is not None:
                    band.lanes.append(lane.height)
                    continue
                lines = 0
                for col in band.columns:
                    paras = lane.cell(col) if lane.cell else []
                    wrapped = wrap_paragraphs([p.text for p in paras], inner, lane.fontsize, lane.max_lines,
                                              [p.weight for p in paras])
                    used = sum(len(w) for w in wrapped) + 0.35 * max(0, len(wrapped) - 1)
                    lines = max(lines, used)
                label_lines = len(wrap(lane.label, MARGIN - 2 * PAD, 8, 3, "bold"))
                need = max(text_height(lines, lane.fontsize) if lines else 0.0,
                           text_height(label_lines, 8)) + 2 * PAD + 0.04
                band.lanes.append(max(MIN_LANE, need))

    def _header_height(self, band: Band, inner: float) -> float:
        best = 0.3
        for start, stage_cols in self.stage_runs(band):
            w = len(stage_cols) * self.col_w - 2 * PAD
            name, goal = self.header_lines(stage_cols[0], w)
            h = text_height(len(name), 9.5) + (text_height(len(goal), 7.2) + 0.04 if goal else 0) + 2 * PAD + 0.04
            best = max(best, h)
        return best

    def header_lines(self, col: Column, width: float) -> tuple[list[str], list[str]]:
        stage = col.stage
        label = stage.name
        if stage.time:
            label = f"{stage.time}  {label}"
        name = wrap(f"{col.stage_index + 1}. {label}", width, 9.5, 4, "bold")
        goal = wrap(stage.goal, width, 7.2, 3) if stage.goal else []
        return name, goal

    @staticmethod
    def stage_runs(band: Band) -> list[tuple[int, list[Column]]]:
        """(first column index, columns) for each stage present in the band."""
        runs: list[tuple[int, list[Column]]] = []
        for j, col in enumerate(band.columns):
            if runs and runs[-1][1][0].stage_index == col.stage_index:
                runs[-1][1].append(col)
            else:
                runs.append((j, [col]))
        return runs

    # --- drawing ----------------------------------------------------------
    def draw(self, title_block: Callable[[object, float], float], title_height: float,
             footer: Callable[[object, object, float], None] | None = None, footer_height: float = 0.0):
        self.measure()
        y = title_height + self.top_extra
        for band in self.bands:
            band.top = y
            y += band.height + BAND_GAP
        height = y + footer_height
        scene = Scene(self.width, height)
        self.scene, self.ax, self.height = scene, scene, height
        self.boxes = Boxes()
        title_block(scene, self.width)
        for band in self.bands:
            self._draw_band(band)
        self.boxes.draw(scene)
        if footer:
            footer(scene, height - footer_height)
        return scene

    def to_figure_rect(self, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        """An inch box (top-left origin) as a figure-fraction rectangle for add_axes."""
        return (x / self.width, 1 - (y + h) / self.height, w / self.width, h / self.height)

    def _draw_band(self, band: Band) -> None:
        ax = self.ax
        n = len(band.columns)
        right = self.x_of(n)
        if not n:
            ax.text(MARGIN, band.top + PAD, "No stages yet: add a stage and a touchpoint to start the map.",
                    fontsize=10, style="italic", color=palette.MUTED, va="top", ha="left")
            return
        body_top = band.top + band.header
        body_bottom = band.top + band.height
        # stage backgrounds and headers
        for k, (start, cols) in enumerate(self.stage_runs(band)):
            x0, w = self.x_of(start), len(cols) * self.col_w
            tint = palette.STAGE_TINTS[cols[0].stage_index % 2]
            self.boxes.tint(x0, body_top, w, body_bottom - body_top, tint)
            self.boxes.header(x0 + 0.015, band.top, w - 0.03, band.header - 0.03)
            name, goal = self.header_lines(cols[0], w - 2 * PAD)
            ax.text(x0 + PAD, band.top + PAD, "\n".join(name), fontsize=9.5, weight="bold",
                    color=palette.HEADER_TEXT, va="top", ha="left", zorder=3,
                    gid=f"stage:{cols[0].stage_index}")
            if goal:
                ax.text(x0 + PAD, band.top + PAD + text_height(len(name), 9.5) + 0.04, "\n".join(goal),
                        fontsize=7.2, style="italic", color="#DDE6F0", va="top", ha="left", zorder=3)
            for j in range(start + 1, start + len(cols)):      # columns inside a stage
                self.boxes.columns.append([(self.x_of(j), body_top), (self.x_of(j), body_bottom)])
        # lanes
        y = body_top
        for lane, gap, h in zip(self.lanes, band.gaps, band.lanes):
            if gap:
                self._line(lane.line_above, y + gap / 2, right)
            y += gap
            if lane.shade:
                self.boxes.shade(MARGIN, y, right - MARGIN, h, lane.shade)
            label = wrap(lane.label, MARGIN - 2 * PAD, 8, 3, "bold")
            ax.text(PAD, y + PAD, "\n".join(label), fontsize=8, weight="bold", color=palette.MUTED,
                    va="top", ha="left", zorder=3)
            if lane.paint:
                lane.paint(self, band, (MARGIN, y, right - MARGIN, h))
            else:
                for j, col in enumerate(band.columns):
                    self._draw_cell(lane, col, self.x_of(j), y)
            y += h
            if not gap:
                self.boxes.rules.append([(0.02, y), (right, y)])

    def _line(self, label: str, y: float, right: float) -> None:
        ax = self.ax
        ax.plot([0.02, right], [y, y], color=palette.INK, lw=1.1, ls=(0, (6, 3)), zorder=2)
        ax.text(MARGIN + 0.1, y, f" {label} ", fontsize=7, style="italic", weight="bold",
                color=palette.INK, va="center", ha="left", zorder=4,
                bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none"))

    def _draw_cell(self, lane: Lane, col: Column, x: float, y: float) -> None:
        paras = lane.cell(col) if lane.cell else []
        inner = self.col_w - 2 * PAD
        wrapped = wrap_paragraphs([p.text for p in paras], inner, lane.fontsize, lane.max_lines,
                                  [p.weight for p in paras])
        ty = y + PAD
        for para, lines in zip(paras, wrapped):
            self.scene.text(x + PAD, ty, "\n".join(lines), font=(lane.fontsize, para.weight, para.style),
                            color=para.color, va="top", ha="left", zorder=3, gid=para.gid)
            ty += text_height(len(lines), lane.fontsize) + 0.35 * line_height(lane.fontsize)
