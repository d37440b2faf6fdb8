"""A printable blank journey map for mapping on paper or a whiteboard (workshops, and Exercise 2 done on paper first).

    blank_template(size="A4", stages=6)            # a matplotlib Figure, landscape
    python -m cjm_helpers template -o blank.pdf --size A3 --preset six_stages

One landscape page: a header to fill in (map of, date, who mapped it), a persona
box (name and situation, goals, needs, frustrations, scenario), stage columns
and the standard lanes (touchpoint and channel, doing, thinking, feeling on the
course's -2..+2 scale, pain points, opportunities), with a reminder of the
channel and severity codes along the bottom.
"""

from __future__ import annotations

import textwrap

PAPER = {"A4": (11.69, 8.27), "A3": (16.54, 11.69)}   # landscape, inches
MIN_STAGES, MAX_STAGES = 3, 9
LANES = [
    ("Touchpoint\nand channel", 1.0),
    ("Doing", 1.0),
    ("Thinking", 1.0),
    ("Feeling", 1.5),
    ("Pain points\n(severity 1-3)", 1.0),
    ("Opportunities", 0.9),
]
FEELINGS = [(2, "+2"), (1, "+1"), (0, "0"), (-1, "-1"), (-2, "-2")]
PERSONA_FIELDS = ["Name and situation", "Goals", "Needs", "Frustrations", "Scenario (start and end)"]
FOOTER = ("Feeling: +2 very positive, 0 neutral, -2 very negative; join the dots into the emotion curve.\n"
          "Channels: website, app, email, phone, chat, video, letter, in person, shop, social, word of mouth, advert.   "
          "Mark a moment of truth with a star.   Pain-point severity: 1 minor, 2 serious, 3 can make them give up.")


class TemplateError(ValueError):
    """A template option out of range (names the option and the allowed values)."""


def blank_template(size: str = "A4", stages: int | None = None, stage_names: list[str] | None = None):
    """The blank map as a pyplot-free matplotlib Figure sized to the paper (landscape)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from .palette import BLUE, MUTED as GREY

    size = size.upper()
    if size not in PAPER:
        raise TemplateError(f"template --size: {size!r} is not a paper size; use one of {', '.join(PAPER)}")
    names = list(stage_names or [])
    count = len(names) if names else (stages or 6)
    if not MIN_STAGES <= count <= MAX_STAGES:
        raise TemplateError(f"template --stages: {count} stages; a map has {MIN_STAGES} to {MAX_STAGES}")
    names += [""] * (count - len(names))

    width, height = PAPER[size]
    fig = Figure(figsize=(width, height), facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    scale = width / PAPER["A4"][0]
    small, label = 7 * scale, 8.5 * scale
    margin = 0.35 * scale

    def box(x, y, w, h, **style):
        ax.add_patch(Rectangle((x, y), w, h, fill=False, linewidth=0.8, edgecolor=style.get("color", GREY)))

    # header
    top = height - margin
    ax.text(margin, top - 0.1 * scale, "Customer journey map", fontsize=14 * scale, weight="bold", va="top")
    fields_left = margin + 3.3 * scale
    field_w = (width - margin - fields_left) / 3
    for n, field in enumerate(["Map of (current or future state)", "Date", "Mapped by"]):
        x = fields_left + n * field_w
        ax.text(x, top - 0.05 * scale, field, fontsize=small, va="top", color=GREY)
        ax.plot([x, x + field_w - 0.2 * scale], [top - 0.4 * scale, top - 0.4 * scale], color=GREY, linewidth=0.6)

    # persona box on the left
    persona_w = 2.3 * scale
    grid_top = top - 0.6 * scale
    bottom = margin + 0.3 * scale
    box(margin, bottom, persona_w, grid_top - bottom, color=BLUE)
    ax.text(margin + 0.08 * scale, grid_top - 0.08 * scale, "Persona", fontsize=label, weight="bold", va="top",
            color=BLUE)
    slot = (grid_top - bottom - 0.35 * scale) / len(PERSONA_FIELDS)
    for n, field in enumerate(PERSONA_FIELDS):
        y = grid_top - 0.35 * scale - n * slot
        ax.text(margin + 0.08 * scale, y - 0.05 * scale, field, fontsize=small, va="top", color=GREY)
        if n:
            ax.plot([margin, margin + persona_w], [y, y], color=BLUE, linewidth=0.4)

    # stage columns and lanes
    left = margin + persona_w + 0.15 * scale
    lane_label_w = 1.0 * scale
    grid_left = left + lane_label_w
    column_w = (width - margin - grid_left) / count
    stage_h = 0.85 * scale
    lanes_h = grid_top - bottom - stage_h
    unit = lanes_h / sum(weight for _, weight in LANES)
    for n, name in enumerate(names):
        x = grid_left + n * column_w
        box(x, grid_top - stage_h, column_w, stage_h)
        ax.text(x + 0.06 * scale, grid_top - 0.06 * scale, f"Stage {n + 1}", fontsize=label, weight="bold", va="top")
        if name:
            chars = max(8, int(column_w / scale * 13))
            ax.text(x + 0.06 * scale, grid_top - 0.25 * scale, "\n".join(textwrap.wrap(name, chars)[:2]),
                    fontsize=label, va="top")
        ax.text(x + 0.06 * scale, grid_top - 0.62 * scale, "goal:", fontsize=small, va="top", color=GREY)
    ax.text(left, grid_top - 0.06 * scale, "Stages", fontsize=label, weight="bold", va="top")
    y = grid_top - stage_h
    for lane, weight in LANES:
        h = weight * unit
        box(left, y - h, lane_label_w, h)
        ax.text(left + 0.06 * scale, y - 0.06 * scale, lane, fontsize=label, weight="bold", va="top")
        for n in range(count):
            box(grid_left + n * column_w, y - h, column_w, h)
        if lane == "Feeling":
            for level, text in FEELINGS:
                ly = y - h * (2.5 - level) / 5
                ax.plot([grid_left, width - margin], [ly, ly], color=GREY, linewidth=0.4,
                        linestyle="-" if level == 0 else ":")
                ax.text(grid_left - 0.05 * scale, ly, text, fontsize=small, ha="right", va="center")
        y -= h
    ax.text(margin, margin * 0.55, FOOTER, fontsize=small, va="center", color=GREY)
    fig.description = (f"A blank {size} landscape journey map: persona box, {count} stage columns, "
                       "lanes for touchpoint, doing, thinking, feeling (-2 to +2), pain points and opportunities.")
    return fig


def write_template(path, size: str = "A4", stages: int | None = None, preset: str | None = None):
    """Write the blank map to path (.pdf, .png or .svg); a preset key fills in its stage names."""
    from .draw import save_figure

    names = None
    if preset:
        from .presets import STAGE_PRESETS

        if preset not in STAGE_PRESETS:
            raise TemplateError(f"template --preset: no preset {preset!r}; known: {', '.join(STAGE_PRESETS)}")
        names = list(STAGE_PRESETS[preset].names)
    return save_figure(blank_template(size, stages, names), path)
