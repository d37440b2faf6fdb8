"""draw(map): the right drawing for the map's type."""

from __future__ import annotations

from pathlib import Path

from ..model import MapType


def draw_for(journey_map, current=None, **options):
    """Draw a map (JourneyMap, dict or path) the way its type is meant to be seen.

    service_blueprint -> draw_blueprint, day_in_the_life -> draw_day; a
    future_state whose current state is given (or found through based_on next to
    the map file) -> draw_comparison; anything else -> draw_map.
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
        if current is None and journey.based_on and isinstance(journey_map, (str, Path)):
            candidate = Path(journey_map).parent / journey.based_on
            if candidate.is_file():
                current = load_map(candidate)
        if current is not None:
            return draw_comparison(current, journey, **options)
    return draw_map(journey, **options)
