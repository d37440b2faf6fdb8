"""Title block and legend shared by every drawing."""

from __future__ import annotations

from ..describe import MAP_TYPE_WORDS  # the words live with describe_map
from ..model import JourneyMap
from . import palette
from .feeling import Faces
from .layout import CHAR_EM, POINTS_PER_INCH, text_height, wrap

LEFT = 0.15


def subtitle(journey: JourneyMap, kind: str | None = None) -> str:
    kind = kind or MAP_TYPE_WORDS.get(journey.map_type, "Journey map")
    persona = journey.persona.name.strip() if journey.persona else ""
    return f"{kind}  ·  Persona: {persona}" if persona else f"{kind}  ·  no persona named yet"


class TitleBlock:
    """Title, map type and persona, scenario: measured first, drawn later."""

    def __init__(self, journey: JourneyMap, width: float, kind: str | None = None, note: str = ""):
        usable = width - 2 * LEFT
        self.title = wrap(journey.title or "Untitled journey map", usable, 15, 2, "bold")
        self.sub = wrap(subtitle(journey, kind), usable, 9.5, 2)
        self.scenario = wrap(journey.scenario, usable, 8.5, 2) if journey.scenario else []
        self.note = wrap(note, usable, 8.5, 2) if note else []
        self.height = (0.15 + text_height(len(self.title), 15) + 0.06 + text_height(len(self.sub), 9.5)
                       + (0.05 + text_height(len(self.scenario), 8.5) if self.scenario else 0)
                       + (0.05 + text_height(len(self.note), 8.5) if self.note else 0) + 0.18)

    def draw(self, ax, width: float) -> None:
        """Record the block on ax (a Scene)."""
        y = 0.15
        ax.text(LEFT, y, "\n".join(self.title), fontsize=15, weight="bold", color=palette.INK,
                va="top", ha="left", gid="title")
        y += text_height(len(self.title), 15) + 0.06
        ax.text(LEFT, y, "\n".join(self.sub), fontsize=9.5, color=palette.HEADER, va="top", ha="left",
                weight="bold", gid="subtitle")
        y += text_height(len(self.sub), 9.5)
        if self.scenario:
            y += 0.05
            ax.text(LEFT, y, "\n".join(self.scenario), fontsize=8.5, style="italic", color=palette.MUTED,
                    va="top", ha="left", gid="scenario")
            y += text_height(len(self.scenario), 8.5)
        if self.note:
            y += 0.05
            ax.text(LEFT, y, "\n".join(self.note), fontsize=8.5, color=palette.INK, va="top", ha="left")


def _text_width(text: str, fontsize: float) -> float:
    return len(text) * fontsize * CHAR_EM["normal"] / POINTS_PER_INCH


class Legend:
    """A key of marks laid out left to right, wrapping onto new rows; items are (mark, words)."""

    ROW = 0.3
    FONT = 7.5

    def __init__(self, items: list[tuple[str, object, str]], width: float):
        # item: (kind, value, words) with kind "face", "star", "text", "swatch"
        self.items, self.width = items, width
        self.places: list[tuple[float, int]] = []
        x, row = LEFT, 0
        for kind, value, words in items:
            w = 0.3 + _text_width(words, self.FONT) + 0.25
            if x + w > width - LEFT and x > LEFT:
                x, row = LEFT, row + 1
            self.places.append((x, row))
            x += w
        self.height = (row + 1) * self.ROW + 0.15

    def draw(self, ax, top: float) -> None:
        """Record the legend on ax (a Scene, in inches) from top down."""
        sx = sy = 1.0       # the page is in inches with equal scales
        faces = Faces()
        for (kind, value, words), (x, row) in zip(self.items, self.places):
            cy = top + 0.05 + row * self.ROW + self.ROW / 2
            if kind == "face":
                faces.add(x + 0.11, cy, value, sx, -sy, radius=0.09)
            elif kind == "star":
                ax.plot([x + 0.11], [cy], marker="*", ms=10, color=palette.ORANGE,
                        markeredgecolor=palette.INK, mew=0.7)
            elif kind == "marker":
                marker, colour = value
                ax.plot([x + 0.11], [cy], marker=marker, ms=8, color=colour, markeredgecolor=palette.INK, mew=0.5)
            elif kind == "line":
                colour, style = value
                ax.plot([x - 0.02, x + 0.24], [cy, cy], color=colour, lw=2, ls=style)
            elif kind == "text":
                colour = {"W": palette.WAIT_COLOUR, "F": palette.FAIL_POINT_COLOUR, "#1": palette.BLUE}.get(
                    value, palette.SEVERITY_COLOURS[3])
                ax.text(x + 0.11, cy, value, fontsize=self.FONT, weight="bold", ha="center", va="center",
                        color=colour)
            ax.text(x + 0.28, cy, words, fontsize=self.FONT, color=palette.MUTED, ha="left", va="center")
        faces.draw(ax)


def feeling_items() -> list[tuple[str, object, str]]:
    return [("face", f, f"{f:+d} {palette.FEELING_WORDS[f]}" if f else f"0 {palette.FEELING_WORDS[f]}")
            for f in (-2, -1, 0, 1, 2)] + [("face", None, "feeling not set")]
