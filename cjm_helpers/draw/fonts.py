"""Fonts for any script a learner writes in: the fallback chain behind the drawings' own font.

DejaVu Sans (shipped with matplotlib) draws Latin, Greek and Cyrillic text and
the marks the drawings use. Behind it, the fonts the set-up installs (Debian:
fonts-noto-cjk for Chinese, Japanese and Korean, fonts-symbola for emoji and
symbols in outline; matplotlib cannot draw the colour bitmaps of
fonts-noto-color-emoji, which the browser uses for SVG) are tried in turn,
character by character. Folders in $CJM_FONT_DIRS (separated by ':') are
searched as well, for a set-up without administrator rights.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

# family name, and the file names to look for when matplotlib's font cache predates the install
FALLBACKS = (
    ("Noto Sans CJK JP", ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "NotoSansCJKjp-Regular.otf")),
    ("Symbola", ("Symbola_hint.ttf", "Symbola.ttf")),
    ("Noto Sans Symbols2", ("NotoSansSymbols2-Regular.ttf",)),
)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
INSTALL_HINT = ("Install the fonts the set-up installs (Debian: sudo apt-get install fonts-noto-cjk "
                "fonts-symbola); see Troubleshooting in the README.")
FAMILIES = ["DejaVu Sans"] + [name for name, _ in FALLBACKS]    # for the SVG text's font-family
# what a browser may have instead, for the SVG: Japanese, then colour emoji (matplotlib cannot draw these)
BROWSER_FALLBACKS = ["Noto Sans JP", "Noto Color Emoji", "Segoe UI Emoji", "Apple Color Emoji", "sans-serif"]
# (matplotlib is imported inside the functions: the SVG of a drawing reads FAMILIES without it)


def _font_dirs() -> list[Path]:
    extra = [d for d in os.environ.get("CJM_FONT_DIRS", "").split(os.pathsep) if d]
    return [Path(d).expanduser() for d in (*extra, *FONT_DIRS)]


class _QuietFallbackWeights(logging.Filter):
    """Drops matplotlib's 'Failed to find font weight bold for Symbola' for a fallback family: a fallback
    font with only a regular face draws bold text regular, as meant; the line would only puzzle a learner."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("findfont: Failed to find font weight") or len(record.args or ()) < 2:
            return True
        return not any(name in str(record.args[1]) for name, _ in FALLBACKS)


@lru_cache(maxsize=1)
def register_installed() -> tuple[str, ...]:
    """Add fallback font files matplotlib's font cache does not know yet; the families present."""
    from matplotlib.font_manager import fontManager

    logging.getLogger("matplotlib.font_manager").addFilter(_QuietFallbackWeights())

    known = {Path(f.fname).name for f in fontManager.ttflist}
    for _, files in FALLBACKS:
        for folder in _font_dirs():
            if not folder.is_dir():
                continue
            for name in files:
                if name in known:
                    continue
                for path in folder.rglob(name):
                    try:
                        fontManager.addfont(str(path))
                        known.add(name)
                    except (OSError, RuntimeError, ValueError, NotImplementedError):
                        pass
                    break
    present = {f.name for f in fontManager.ttflist}
    return tuple(name for name, _ in FALLBACKS if name in present)


@lru_cache(maxsize=64)
def _paths(weight, style) -> tuple:
    from matplotlib.font_manager import FontProperties, fontManager, weight_dict

    out = []
    for family in register_installed():
        faces = [f for f in fontManager.ttflist if f.name == family]
        wanted = weight_dict.get(weight, weight)
        weight_here = weight if any(weight_dict.get(f.weight, f.weight) == wanted for f in faces) else "normal"
        if not any(f.style == style for f in faces):
            style = "normal"
        prop = FontProperties(family=family, weight=weight_here, style=style)
        try:
            out.extend(fontManager._find_fonts_by_props(prop, fallback_to_default=False))
        except (ValueError, TypeError):
            continue
    return tuple(out)


def fallback_paths(prop) -> tuple:
    """The installed fallback font files for a weight and style, in the order of FALLBACKS."""
    return _paths(prop.get_weight(), prop.get_style())
