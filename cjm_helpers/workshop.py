"""Workshop mode: the map builder on its own, served by Voila as an app (`make workshop`).

A trainer runs a live mapping workshop with people who do not code: the page
shows only the builder, editing one shared map file.

- CJM_WORKSHOP_MAP: the map file (default: workshop_map.json in the workshop folder;
  `make workshop` turns a relative path into one from the folder make runs in).
- CJM_WORKSHOP_MAP_TYPE: current_state (default), future_state, day_in_the_life or service_blueprint.
- CJM_WORKSHOP_PRESET: the stages a new map starts with (a key of STAGE_PRESETS; default: none).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CJMError

MAP_ENV = "CJM_WORKSHOP_MAP"
TYPE_ENV = "CJM_WORKSHOP_MAP_TYPE"
PRESET_ENV = "CJM_WORKSHOP_PRESET"
DEFAULT_MAP_NAME = "workshop_map.json"
MAP_TYPES = ("current_state", "future_state", "day_in_the_life", "service_blueprint")


class WorkshopError(CJMError):
    """A workshop setting that cannot be used."""


def _setting(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def workshop_map_path(folder: str | Path | None = None) -> Path:
    """$CJM_WORKSHOP_MAP, else workshop_map.json in `folder` (the notebook's folder, i.e. the cwd)."""
    folder = Path(folder) if folder is not None else Path.cwd()
    named = _setting(MAP_ENV)
    if named is None:
        return folder / DEFAULT_MAP_NAME
    path = Path(named).expanduser()
    return path if path.is_absolute() else folder / path


def workshop_settings() -> dict[str, str | None]:
    """The map type and stage preset for a new workshop map, checked."""
    from .presets import STAGE_PRESETS

    map_type = _setting(TYPE_ENV) or "current_state"
    if map_type not in MAP_TYPES:
        raise WorkshopError(f"{TYPE_ENV}={map_type!r} is not a map type; use one of {', '.join(MAP_TYPES)}")
    preset = _setting(PRESET_ENV)
    if preset is not None and preset not in STAGE_PRESETS:
        raise WorkshopError(f"{PRESET_ENV}={preset!r} is not a stage preset; use one of {', '.join(STAGE_PRESETS)}")
    return {"map_type": map_type, "preset": preset}


def workshop_builder(path: str | Path | None = None):
    """The map builder for the workshop's map file (it autosaves there)."""
    from .builder import MapBuilder

    return MapBuilder(Path(path) if path else workshop_map_path(), **workshop_settings())
