"""The map builder: ipywidgets over the model that autosave to a JSON file beside the notebook.

    from cjm_helpers import MapBuilder, FutureStateBuilder
    MapBuilder("my_current_state.json", map_type="current_state", preset="five_stages")
    FutureStateBuilder("my_future_state.json", based_on="my_current_state.json")

Modules, one job each: canvas (the map drawn and edited in the browser, an
anywidget, with its undo history, words and fault placing), debounce (run once
after a burst), mapfile (open without raising or writing, save only over what
was read), controls (widgets with tooltips), persona, stages, touchpoints and
future (the detail forms), preview (drawing to SVG/PNG), exports (PNG, SVG, PDF,
Mermaid files), app (MapBuilder and FutureStateBuilder).
"""

from .app import FutureStateBuilder, MapBuilder

__all__ = ["MapBuilder", "FutureStateBuilder"]
