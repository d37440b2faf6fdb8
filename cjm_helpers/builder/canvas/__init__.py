"""The journey canvas: the map drawn in the browser (HTML/SVG) and edited on the map itself.

An anywidget: its ES module and CSS are the files beside this one. The browser
draws every edit at once and sends the whole edited map back as a dict; the
host (a MapBuilder) validates it with the pydantic model, keeps it, autosaves it
and sends the validated map back in `journey`. Undo and redo live in Python
(`history.History`), so every action, on the canvas or in the detail forms, is
one step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import anywidget
import traitlets as t

HERE = Path(__file__).parent


class MapCanvas(anywidget.AnyWidget):
    """The canvas widget; `on_message(kind, content)` is the host's handler for the browser's requests."""

    _esm = HERE / "canvas.js"
    _css = HERE / "canvas.css"
    journey = t.Dict().tag(sync=True)
    words = t.Dict().tag(sync=True)
    faults = t.Dict().tag(sync=True)
    baseline = t.Dict().tag(sync=True)  # future state: {touchpoint id: current feeling}, drawn dashed
    current_pains = t.List().tag(sync=True)  # future state: [[pain point id, text, where]] of the current map
    can_undo = t.Bool(False).tag(sync=True)
    can_redo = t.Bool(False).tag(sync=True)
    notice = t.Unicode("").tag(sync=True)
    seq = t.Int(0).tag(sync=True)  # how many of the browser's edits Python has answered
    exports = t.List().tag(sync=True)  # [[label, file name]] saved beside the notebook

    def __init__(self, on_message: Callable[[str, dict], None], **kwargs):
        super().__init__(**kwargs)
        self._handler = on_message
        self.on_msg(self._received)

    def _received(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and isinstance(content.get("kind"), str):
            self._handler(content["kind"], content)


__all__ = ["MapCanvas"]
