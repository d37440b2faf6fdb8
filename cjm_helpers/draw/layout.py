"""Text wrapping and sizes: how much text fits in a box of a given width.

Sizes are in inches (the drawings use an inch coordinate system) and font
sizes in points. Wrapping is deliberately conservative so that wrapped text
never spills into the next box; tests measure the real text boxes.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

POINTS_PER_INCH = 72.0
# average advance of a character of DejaVu Sans, as a share of the font size,
# rounded up so wide letters still fit
CHAR_EM = {"normal": 0.60, "bold": 0.68}
LINE_SPACING = 1.2      # matplotlib's default linespacing
ELLIPSIS = "…"


def chars_per_line(width_in: float, fontsize: float, weight: str = "normal") -> int:
    """How many characters fit on one line of a box width_in inches wide."""
    em = CHAR_EM.get(weight, CHAR_EM["normal"])
    return max(4, int(width_in * POINTS_PER_INCH / (fontsize * em)))


def line_height(fontsize: float) -> float:
    """Height of one text line in inches."""
    return fontsize * LINE_SPACING / POINTS_PER_INCH


def text_height(lines: int, fontsize: float) -> float:
    """Height of a block of `lines` lines in inches (0 for none)."""
    if lines <= 0:
        return 0.0
    return (fontsize + (lines - 1) * fontsize * LINE_SPACING) / POINTS_PER_INCH * 1.12


def wrap(text: str, width_in: float, fontsize: float, max_lines: int | None = None,
         weight: str = "normal") -> list[str]:
    """Lines of `text` wrapped to a box; cut with an ellipsis after max_lines."""
    return list(_wrapped(str(text or ""), width_in, fontsize, max_lines, weight))


@lru_cache(maxsize=4096)
def _wrapped(text: str, width_in: float, fontsize: float, max_lines: int | None, weight: str) -> tuple[str, ...]:
    """wrap's lines, kept: a grid measures each box before drawing it, and the builder redraws
    a map after every edit with most of its text unchanged."""
    text = " ".join(text.split())
    if not text:
        return ()
    width = chars_per_line(width_in, fontsize, weight)
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) >= width:
            last = last[: width - 1].rstrip()
        lines[-1] = last.rstrip(" ,.;:") + ELLIPSIS
    return tuple(lines)


def wrap_paragraphs(paragraphs: list[str], width_in: float, fontsize: float,
                    max_lines: int, weight: str | list[str] = "normal") -> list[list[str]]:
    """Several paragraphs sharing max_lines; later ones are cut first, an ellipsis marks the cut."""
    out: list[list[str]] = []
    left = max_lines
    for i, text in enumerate(paragraphs):
        if left <= 0:
            if out and out[-1]:
                last = out[-1][-1]
                if not last.endswith(ELLIPSIS):
                    out[-1][-1] = last[: max(1, len(last) - 1)].rstrip() + ELLIPSIS
            break
        lines = wrap(text, width_in, fontsize, left, weight if isinstance(weight, str) else weight[i])
        if lines:
            out.append(lines)
            left -= len(lines)
    return out


def short(text: str, limit: int) -> str:
    """One line of at most `limit` characters."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS
