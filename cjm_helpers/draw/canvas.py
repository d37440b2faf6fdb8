"""A faster Agg canvas for the drawings: glyphs rasterised once, lines pasted in one go, fonts fall back.

matplotlib 3.11's Agg renderer shapes and rasterises every glyph of every line
on its own (about 0.1 ms a glyph), so a 60-touchpoint map with some 13,000
glyphs took seconds to save as PNG. The drawings only use plain horizontal
text, so this canvas lays a line out itself: each character's glyph is found
in the first font of the fallback chain that has it (the drawing's font, then
CJK and emoji fonts when installed, see fonts.py), rasterised once per size
and kept, and the line is composed with numpy and pasted as one bitmap.
Rotated text and mathtext take matplotlib's own path. A character that no
installed font has is drawn as the font's box and reported once in a warning.
"""

from __future__ import annotations

import math
import re
import warnings
from functools import lru_cache

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager, get_font

from . import fonts


BOX = "\u25a1"          # drawn for a character no font has
LINES_KEPT = 2_000      # lines kept per font and size (layouts, bitmaps); emptied when full: some
                        # 16 faces x 2,000 lines x a few kB, so the caches stay under about 80 MB


class MissingGlyphWarning(UserWarning):
    """A character of a drawing that no installed font can draw."""


class Face:
    """One font chain at one size: glyph choice, advances and bitmaps, each computed once."""

    def __init__(self, paths: tuple, size: float, dpi: float):
        self.fonts = [get_font([path]) for path in paths]
        self.size, self.dpi = size, dpi
        self.flags = get_hinting_flag()
        self._glyphs: dict[str, tuple] = {}
        self.missing: set[str] = set()
        self._kerning: dict[tuple[int, int, int], float] = {}
        self._lines: dict[str, tuple] = {}
        self._bitmaps: dict[tuple[str, float], tuple[np.ndarray, int, int]] = {}

    def _use(self, k: int):
        font = self.fonts[k]
        font.set_size(self.size, self.dpi)
        return font

    def glyph(self, char: str) -> tuple:
        """(font number, glyph index, advance px, bitmap, left px, bottom px below the baseline,
        ink above the baseline, ink below it), computed once."""
        found = self._glyphs.get(char)
        if found is not None:
            return found
        code = ord(char)
        k = next((k for k, font in enumerate(self.fonts) if font.get_char_index(code)), None)
        if k is None:
            k = 0
            if char.isprintable() and not char.isspace():
                self.missing.add(char)
                code = ord(BOX)
        font = self._use(k)
        try:
            found = self._rasterise(k, font, code)
        except RuntimeError:    # a control character: nothing to draw, no width
            found = (k, 0, 0.0, np.zeros((0, 0), dtype=np.uint8), 0.0, 0.0, 0.0, 0.0)
        self._glyphs[char] = found
        return found

    def _rasterise(self, k: int, font, code: int) -> tuple:
        """One glyph drawn into its own small bitmap (FreeType's load_char, no text shaping)."""
        glyph = font.load_char(code, flags=self.flags)
        bear_x, bear_y = math.floor(glyph.horiBearingX / 64), glyph.horiBearingY / 64
        height = glyph.height / 64
        x = 1 - bear_x                  # the ink starts in column 1, row 1
        bitmap = np.zeros((math.ceil(height) + 3, math.ceil(glyph.width / 64) + 4), dtype=np.uint8)
        font.draw_glyph_to_bitmap(bitmap, x, 1, glyph, antialiased=True)
        top = math.ceil(bear_y)
        if not bitmap.any():            # a space: only its advance
            bitmap = np.zeros((0, 0), dtype=np.uint8)
        # (font, glyph index, advance, bitmap, left of the bitmap from the pen, bottom of the
        #  bitmap below the baseline, ink above the baseline, ink below it)
        return (k, font.get_char_index(code), glyph.horiAdvance / 64, bitmap, -x,
                bitmap.shape[0] - top - 1, top, max(0.0, height - bear_y))

    def kerning(self, k: int, left: int, right: int) -> float:
        key = (k, left, right)
        found = self._kerning.get(key)
        if found is None:
            font = self._use(k)
            found = self._kerning[key] = font.get_kerning(left, right, _KERNING) / 64
        return found

    def layout(self, text: str) -> tuple[list[tuple[float, tuple]], float, float, float]:
        """Pen positions of the glyphs of one line and its (width, height, descent) in pixels; kept."""
        found = self._lines.get(text)
        if found is not None:
            return found
        placed, pen, top, bottom = [], 0.0, 0.0, 0.0
        previous = None
        glyphs, kerning = self._glyphs, self._kerning       # (a loop run for every character drawn)
        for char in text:
            glyph = glyphs.get(char) or self.glyph(char)
            if previous is not None and previous[0] == glyph[0]:
                key = (glyph[0], previous[1], glyph[1])
                kern = kerning.get(key)
                pen += kern if kern is not None else self.kerning(*key)
            if glyph[3].size:
                placed.append((pen, glyph))
                if glyph[7] > bottom:                   # ink below the baseline
                    bottom = glyph[7]
                if glyph[6] > top:
                    top = glyph[6]
            pen += glyph[2]
            previous = glyph
        found = (placed, pen, top + bottom, bottom)
        if len(self._lines) >= LINES_KEPT:
            self._lines.clear()
        self._lines[text] = found
        return found

    def bitmap(self, text: str, x: float, y: float) -> tuple[np.ndarray, int, int] | None:
        """The line rasterised at (x, y) (baseline, pixels downwards): (bitmap, left, bottom); kept
        per quarter pixel, so a map drawn again (the builder's preview after an edit) costs little."""
        xi, yi = int(x // 1), round(y)
        shift = round((x - xi) * 4) / 4
        key = (text, shift)
        found = self._bitmaps.get(key)
        if found is None:
            placed = self.layout(text)[0]
            if not placed:
                return None
            pieces = [(round(shift + pen + g[4]), round(g[5]), g[3]) + g[3].shape for pen, g in placed]
            left = min(p[0] for p in pieces)
            right = max(p[0] + p[4] for p in pieces)
            bottom = max(p[1] for p in pieces)
            top = min(p[1] - p[3] for p in pieces)
            line = np.zeros((bottom - top, right - left), dtype=np.uint8)
            maximum = np.maximum
            for px, pb, glyph_bitmap, rows, cols in pieces:
                region = line[pb - top - rows:pb - top, px - left:px - left + cols]
                maximum(region, glyph_bitmap, out=region)
            found = (line, left, bottom)
            if len(self._bitmaps) >= LINES_KEPT:
                self._bitmaps.clear()
            self._bitmaps[key] = found
        line, left, bottom = found
        return line, xi + left, yi + bottom


try:
    from matplotlib.ft2font import Kerning
    _KERNING = Kerning.UNFITTED
except ImportError:     # older matplotlib: the plain enum value
    _KERNING = 1


@lru_cache(maxsize=16)
def face_for(paths: tuple, size: float, dpi: float) -> Face:
    return Face(paths, size, dpi)


@lru_cache(maxsize=256)
def chain_for(prop) -> tuple:
    """The font files for a FontProperties: matplotlib's choice, then the installed fallbacks."""
    chosen = tuple(fontManager._find_fonts_by_props(prop))
    return chosen + tuple(p for p in fonts.fallback_paths(prop) if p not in chosen)


PNG_OPTIONS = {"compress_level": 1}    # Pillow: fast zlib; files about an eighth bigger, saved in half the time

_heights: dict[tuple, tuple] = {}


def font_height_metrics(prop, dpi: float) -> tuple:
    """(ascent, descent, line gap) in pixels of prop's first font, as matplotlib's Text layout
    computes them for every text it draws (font lookup and two font tables each time); kept."""
    key = (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
           prop.get_stretch(), prop.get_size_in_points(), prop.get_file(), dpi)
    found = _heights.get(key)
    if found is None:
        found = (None, None, None)
        font = get_font(fontManager._find_fonts_by_props(prop))
        for table_name, gap_key, ascent_key, descent_key in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent")):
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
            found = (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
            break
        if len(_heights) >= LINES_KEPT:
            _heights.clear()
        _heights[key] = found
    return found


class LineRendererAgg(RendererAgg):
    """RendererAgg that lays out plain horizontal text itself (see the module's note)."""

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self.missing: set[str] = set()

    def _face(self, prop) -> Face:
        return face_for(chain_for(prop), prop.get_size_in_points(), self.dpi)

    def _get_font_height_metrics(self, prop):      # matplotlib's hook for Text layout (see above)
        return font_height_metrics(prop, self.dpi)

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        _, width, height, descent = self._face(prop).layout(s)
        return width, height, descent

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or angle % 360:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        face = self._face(prop)
        found = face.bitmap(s, x, y)
        if face.missing:
            self.missing |= face.missing.intersection(s)
        if found is not None:
            self._renderer.draw_text_image(found[0], found[1], found[2], 0, gc)
        return None


class JourneyCanvas(FigureCanvasAgg):
    """FigureCanvasAgg drawing with LineRendererAgg; warns once about characters no font has."""

    def get_renderer(self):
        w, h = self.figure.bbox.size
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = LineRendererAgg(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer

    def draw(self):
        super().draw()
        warn_missing(self.renderer.missing, "PNG")

    def print_png(self, filename_or_obj, *, metadata=None, pil_kwargs=None, **_applied_by_savefig):
        """As FigureCanvasAgg.print_png, but an opaque picture is written by png.py (RGB, rows
        unfiltered, zlib): about a third of Pillow's time and a smaller file. A transparent picture
        or Pillow options other than compress_level go to matplotlib's own way.
        (savefig passes facecolor, dpi, ... to a third-party canvas too; it has applied them.)"""
        from . import png

        FigureCanvasAgg.draw(self)
        pixels = np.asarray(self.buffer_rgba())
        options = dict(pil_kwargs or {})
        level = options.pop("compress_level", 6)
        if options or not (pixels[..., 3] == 255).all():
            return super().print_png(filename_or_obj, metadata=metadata, pil_kwargs=pil_kwargs)
        import matplotlib

        text = {"Software": f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/", **(metadata or {})}
        data = png.png_bytes(pixels[..., :3], dpi=self.figure.dpi, text=text, level=level)
        if hasattr(filename_or_obj, "write"):
            filename_or_obj.write(data)
        else:
            with open(filename_or_obj, "wb") as out:
                out.write(data)


_warned: set[str] = set()
_MATPLOTLIB_MISSING = re.compile(r"Glyph (\d+) .*missing from font")


def warn_missing(characters, where: str) -> None:
    """One MissingGlyphWarning naming the characters not yet reported in this session."""
    missing = sorted(set(characters) - _warned)
    if not missing:
        return
    _warned.update(missing)
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    warnings.warn(f"no installed font can draw {shown}{more}: they show as boxes in the {where}. "
                  f"{fonts.INSTALL_HINT}", MissingGlyphWarning, stacklevel=3)


class one_missing_glyph_warning:
    """Context: matplotlib's warning per missing glyph becomes one MissingGlyphWarning (or none,
    when the viewer draws the text with its own fonts: report=False)."""

    def __init__(self, where: str = "picture", report: bool = True):
        self.where, self.report = where, report

    def __enter__(self):
        self._catch = warnings.catch_warnings(record=True)
        self._caught = self._catch.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)
        missing = []
        for caught in self._caught:
            found = _MATPLOTLIB_MISSING.search(str(caught.message))
            if found:
                missing.append(chr(int(found.group(1))))
            else:
                warnings.warn_explicit(caught.message, caught.category, caught.filename, caught.lineno)
        if self.report and missing:
            warn_missing(missing, self.where)
        return False


def svg_with_text(figure, metadata: dict | None = None) -> bytes:
    """The figure as SVG with its text kept as <text> (the browser draws it, with its own fonts),
    measured with the same glyph metrics as the PNG, without matplotlib's slow per-line shaping."""
    import io

    import matplotlib
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

    class TextRendererSVG(RendererSVG):
        def _get_font_height_metrics(self, prop):
            return font_height_metrics(prop, 72.0)

        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath:
                return super().get_text_width_height_descent(s, prop, ismath)
            _, width, height, descent = face_for(chain_for(prop), prop.get_size_in_points(), 72.0).layout(s)
            return width, height, descent

    old_canvas = figure.canvas
    FigureCanvasSVG(figure)
    dpi = figure.dpi
    buffer = io.StringIO()
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "cjm-workbook"}), \
                one_missing_glyph_warning(report=False):     # the browser draws the text, with its fonts
            figure.dpi = 72
            width, height = figure.get_size_inches()
            renderer = MixedModeRenderer(figure, width, height, dpi,
                                         TextRendererSVG(width * 72, height * 72, buffer, image_dpi=dpi,
                                                         metadata=metadata))
            figure.draw(renderer)
            renderer.finalize()
    finally:
        figure.dpi = dpi
        figure.set_canvas(old_canvas)
    return xml_safe(buffer.getvalue()).encode("utf-8")


from .svg import xml_safe  # noqa: E402 - one rule for what XML forbids, shared with the scene's SVG
