"""save_figure: a drawing to PNG, SVG or PDF, with its description embedded as alt text.

A map drawing's .svg is the SVG a notebook shows (svg.py: text kept as text, so it can be
searched and read by a screen reader, no matplotlib, faster); PNG and PDF are drawn by matplotlib.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import CJMError
from ..atomic import atomic_write_bytes
from .notebook import DPI

FORMATS = ("png", "svg", "pdf")
MAX_DESCRIPTION = 2000      # characters of alt text kept in a picture's metadata
MAX_TITLE = 200


def short_text(text: str, limit: int) -> str:
    """text cut to at most limit characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def picture_format(path) -> str:
    """The format a drawing is saved in at path ("png", "svg" or "pdf"), from its suffix;
    CJMError naming the file for any other suffix (checked before drawing, by the draw command too)."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise CJMError(f"{path}: cannot save a drawing as '{path.suffix or 'no suffix'}'; "
                       f"use one of {', '.join('.' + f for f in FORMATS)}")
    return kind


def save_figure(fig, path, *, dpi: int = DPI) -> Path:
    """Write fig to path; the format comes from the suffix (.png, .svg, .pdf). Returns the path."""
    path = Path(path)
    kind = picture_format(path)
    if kind == "svg" and getattr(fig, "scene", None) is not None:
        # a map drawing: the notebook's own SVG (text as text, searchable; no matplotlib; its title
        # and description bounded by svg.py as below), written once per drawing
        return _write(path, fig.svg().encode("utf-8"))
    title = ""
    description = short_text(getattr(fig, "description", "") or "", MAX_DESCRIPTION)
    if description:
        title = short_text(description.splitlines()[0], MAX_TITLE)
    metadata = {
        "png": {"Title": title, "Description": description, "Software": "cjm_helpers"},
        "svg": {"Title": title, "Description": description},
        "pdf": {"Title": title, "Subject": description, "Creator": "cjm_helpers"},
    }[kind]
    metadata = {k: v for k, v in metadata.items() if v}
    buffer = io.BytesIO()
    from .canvas import PNG_OPTIONS, one_missing_glyph_warning

    extra = {"pil_kwargs": dict(PNG_OPTIONS)} if kind == "png" else {}
    # (a PDF's fonts stay matplotlib's Type 3: with their ToUnicode maps its text is searchable in any
    # script, where Type 42 embeds the CJK fonts' CFF outlines as TrueType, which viewers may refuse)
    with one_missing_glyph_warning(kind.upper()):
        fig.savefig(buffer, format=kind, dpi=dpi, facecolor="white", metadata=metadata, **extra)
    data = buffer.getvalue()
    if kind == "svg":
        from .svg import xml_safe

        data = xml_safe(data.decode("utf-8")).encode("utf-8")
    return _write(path, data)


def _write(path: Path, data: bytes) -> Path:
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise CJMError(f"{path}: cannot write the drawing: {exc.strerror or exc}") from None
    return path
