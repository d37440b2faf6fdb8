"""The drawings' text artist: drawn as written (never mathtext), laid out quickly on their canvas.

A map's text is the learner's: "$$" in a title is two dollar signs, not
mathtext (which failed to save the picture at all). On the drawings' Agg
canvas (canvas.LineRendererAgg) a text is laid out here from the canvas's own
line metrics with one font look-up per text: the arithmetic of matplotlib's
Text._get_layout for unrotated text (the same pixels), without its per-line
FontProperties copies and cache keys, a fifth of saving a map as PNG. Other
cases, and other renderers (PDF, SVG), take matplotlib's way.
"""

from __future__ import annotations

from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .canvas import LineRendererAgg


def _offset(align: str, low: float, high: float, baseline: float = 0.0, descent: float = 0.0) -> float:
    """The anchor's offset in the text's box for one alignment, as Text._get_layout computes it."""
    return {"left": low, "bottom": low, "right": high, "top": high, "center": (low + high) / 2,
            "baseline": low + descent, "center_baseline": high - baseline / 2}[align]


class PlainText(Text):
    """matplotlib Text with parse_math off and a fast layout on the drawings' canvas."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, parse_math=False, **kwargs)

    def _fast_layout(self, renderer) -> bool:
        return (isinstance(renderer, LineRendererAgg) and not self.get_rotation() and not self.get_wrap()
                and not self.get_usetex()
                and self.get_rotation_mode() in (None, "default"))

    def _get_layout(self, renderer):
        if not self._fast_layout(renderer):
            return super()._get_layout(renderer)
        prop = self._fontproperties
        ascent, descent, gap = renderer._get_font_height_metrics(prop)
        if ascent is None or descent is None:
            return super()._get_layout(renderer)
        face = renderer._face(prop)
        lines = self.get_text().split("\n")
        normal = self._linespacing == "normal"
        if len(lines) == 1:
            gap = 0
        line_height = 0 if normal else self._linespacing * (ascent + descent)
        y, wads, ys = 0.0, [], []
        for line in lines:
            w, h, d = face.layout(line)[1:] if line else (0, 0, 0)
            a = h - d
            if normal:      # each line at least the font's ascent and descent, plus half the gap
                a, d = max(a, ascent) + gap / 2, max(d, descent) + gap / 2
            else:           # every line the font's height times the spacing
                leading = line_height - (a + d)
                a, d = a + leading / 2, d + leading / 2
            baseline = a - y
            y -= a
            wads.append((w, a, d))
            ys.append(y)
            y -= d
        width = max(w for w, _, _ in wads)
        bottom = ys[-1] - d
        align = self._get_multialignment()
        xs = [0.0 if align == "left" else width / 2 - w / 2 if align == "center" else width - w
              for w, _, _ in wads]
        dx = _offset(self._horizontalalignment, 0.0, width)
        dy = _offset(self._verticalalignment, bottom, 0.0, baseline, d)
        box = Bbox.from_bounds(-dx, bottom - dy, width, -bottom)
        return (box, [(line, wad, (x - dx, yy - dy)) for line, wad, x, yy in zip(lines, wads, xs, ys)],
                ((-dx, bottom - dy), (width, -bottom)))
