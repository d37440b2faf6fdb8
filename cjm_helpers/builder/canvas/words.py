"""The words the canvas shows: lane names, channels and owners that fit shops, public services and B2B alike.

The file keeps the model's values (web, store, brand, ...); only the labels change,
and a map can carry its own by passing `words=` to the builder.
"""

from __future__ import annotations

from ...model import Channel, MapType, Owner

CHANNELS = {
    Channel.web: "website or portal",
    Channel.app: "app",
    Channel.phone: "phone or chat",
    Channel.store: "in person (shop, office)",
    Channel.email: "email or letter",
    Channel.social: "social media",
    Channel.word_of_mouth: "word of mouth",
    Channel.advert: "advert or campaign",
    Channel.other: "other",
}
OWNERS = {
    Owner.brand: "we (the organisation)",
    Owner.partner: "a partner (supplier)",
    Owner.customer: "the customer",
    Owner.social: "others (friends, reviews)",
}
LANES = [
    ("touchpoint", "Touchpoint"), ("channel", "Channel and owner"), ("doing", "Doing"),
    ("thinking", "Thinking"), ("intent", "Intent"), ("feeling", "Feeling"),
    ("pain_points", "Pain points"), ("opportunities", "Opportunities"),
]
BLUEPRINT_LANES = [
    ("evidence", "Evidence"), ("frontstage", "Frontstage (seen)"), ("backstage", "Backstage (unseen)"),
    ("support", "Support processes"),
]


def canvas_words(map_type: MapType, extra: dict | None = None) -> dict:
    """Labels for the canvas as plain lists: {"lanes": [[key, label]], "channels": [[value, label]], "owners": ...}."""
    lanes = list(LANES)
    if map_type == MapType.service_blueprint:
        lanes[5:5] = BLUEPRINT_LANES
    words = {
        "lanes": [list(lane) for lane in lanes],
        "channels": [[c.value, CHANNELS[c]] for c in Channel],
        "owners": [[o.value, OWNERS[o]] for o in Owner],
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
    return words
