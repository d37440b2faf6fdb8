"""Export buttons: the map as PNG, SVG, PDF (the course's drawings, through save_figure) or Mermaid, saved beside its file.

    my_map.json -> my_map.png, my_map.svg, my_map.pdf, my_map.mmd
The learner gets a link to the file; a drawing that fails is said, never raised.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from ..atomic import atomic_write_bytes
from .controls import button
from .preview import figure_for

FORMATS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "mmd": "Mermaid"}


def export_map(journey, path: Path, fmt: str, current=None) -> Path:
    """Write the map's drawing (png/svg/pdf) or Mermaid text (mmd) to `path`'s stem + the format; return the file."""
    target = path.with_suffix(f".{fmt}")
    if fmt == "mmd":
        from ..export import to_mermaid

        atomic_write_bytes(target, to_mermaid(journey).encode("utf-8"))
        return target
    if fmt not in FORMATS:
        raise ValueError(f"export format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    from ..draw import save_figure

    figure = figure_for(journey, current)
    if hasattr(figure, "shown"):
        figure.shown = True
    return save_figure(figure, target, dpi=150)     # SVG: the notebook's, text kept as text


class ExportBar:
    """A row of export buttons and the link to the last file written."""

    def __init__(self, host):
        self.host = host
        self.link = w.HTML()
        buttons = []
        for fmt, label in FORMATS.items():
            control = button(label, f"Save the map as {label} beside its file, with a link to open it",
                             icon="download")
            control.on_click(lambda _, fmt=fmt: self.export(fmt))
            control.layout.min_width = "90px"
            buttons.append(control)
        self.buttons = buttons
        self.widget = w.HBox([w.HTML("<b>Export:</b>"), *buttons, self.link],
                             layout=w.Layout(align_items="center", margin="4px 0"))

    def export(self, fmt: str) -> Path | None:
        """Save the map as `fmt` now; the file, or None when it could not be written (the link says why)."""
        journey = self.host.map
        if journey is None or not journey.stages:
            self.link.value = "Nothing to export yet: add a stage first."
            return None
        try:
            target = export_map(journey, self.host.path, fmt, self.host.current_map)
        except Exception as exc:  # noqa: BLE001 - a button never raises into the kernel
            self.link.value = html.escape(f"Not exported ({type(exc).__name__}: {exc}).")
            return None
        href = Path(os.path.relpath(target.resolve(), Path.cwd().resolve())).as_posix()
        self.link.value = (f'Saved <a href="{html.escape(href, quote=True)}" target="_blank" '
                           f'rel="noopener">{html.escape(target.name)}</a>')
        return target
