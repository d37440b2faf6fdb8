"""The words the canvas shows: lane names, and the channels and owners of the map.

The file keeps the model's values (web, in_person, brand, ...); only the labels change:
the built-in ones (`cjm_helpers.words`) fit shops, public services and B2B alike, a map
relabels or adds its own in its `channels` and `owners` lists, and a builder may pass
`words=` for every map it opens.
"""

from __future__ import annotations

from ...model import JourneyMap, MapType
from ...words import channel_choices, owner_choices

LANES = [
    ("touchpoint", "Touchpoint"), ("channel", "Channel and owner"), ("doing", "Doing"),
    ("thinking", "Thinking"), ("intent", "Intent"), ("feeling", "Feeling"),
    ("pain_points", "Pain points"), ("opportunities", "Opportunities"),
]
BLUEPRINT_LANES = [
    ("evidence", "Evidence"), ("frontstage", "Frontstage (seen)"), ("backstage", "Backstage (unseen)"),
    ("support", "Support processes"),
]


def canvas_words(map_type: MapType, extra: dict | None = None, journey: JourneyMap | None = None) -> dict:
    """Labels for the canvas as plain lists: {"lanes": [[key, label]], "channels": [[value, label]], "owners": ...}.

    `extra` relabels built-in values ({"owners": {"brand": "the council"}}); the map's own words win."""
    lanes = list(LANES)
    if map_type == MapType.service_blueprint:
        lanes[5:5] = BLUEPRINT_LANES
    words = {
        "lanes": [list(lane) for lane in lanes],
        "channels": [list(pair) for pair in channel_choices()],
        "owners": [list(pair) for pair in owner_choices()],
    }
    for key, labels in (extra or {}).items():
        if key in ("channels", "owners"):
            known = dict(words[key])
            for value, label in dict(labels).items():
                if value not in known:
                    raise KeyError(f"words: {key} has no value {value!r}; known: {', '.join(known)}")
                known[value] = str(label)
            words[key] = [[v, label] for v, label in known.items()]
        else:
            raise KeyError(f"words: unknown key {key!r}; use 'channels' or 'owners'")
    if journey is not None:
        given = {key: dict(words[key]) for key in ("channels", "owners")}
        own = {"channels": {w.id for w in journey.channels}, "owners": {w.id.value for w in journey.owners}}
        for key, choices in (("channels", channel_choices(journey)), ("owners", owner_choices(journey))):
            words[key] = [[v, label if v in own[key] else given[key].get(v, label)] for v, label in choices]
    return words
