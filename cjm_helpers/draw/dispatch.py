"""draw(map): the right drawing for the map's type."""

from __future__ import annotations

from pathlib import Path

from ..model import MapType


def draw_for(journey_map, current=None, *, source: str | Path | None = None, **options):
    """Draw a map (JourneyMap, dict or path) the way its type is meant to be seen.

    service_blueprint -> draw_blueprint, day_in_the_life -> draw_day; a
    future_state whose current state is given (or found through based_on next to
    the map file) -> draw_comparison; anything else -> draw_map. `source` is the
    map's file when journey_map is already loaded (for finding based_on).
    """
    from ..storage import as_map, load_map
    from .blueprint import draw_blueprint
    from .comparison import draw_comparison
    from .day import draw_day
    from .journey import draw_map

    journey = as_map(journey_map)
    if journey.map_type == MapType.service_blueprint:
        return draw_blueprint(journey, **options)
    if journey.map_type == MapType.day_in_the_life:
        return draw_day(journey, **options)
    if journey.map_type == MapType.future_state:
        where = journey_map if isinstance(journey_map, (str, Path)) else source
        if current is None and journey.based_on and where is not None:
            candidate = Path(where).parent / journey.based_on
            if candidate.is_file():
                current = load_map(candidate)
        if current is not None:
            return draw_comparison(current, journey, **options)
    return draw_map(journey, **options)
