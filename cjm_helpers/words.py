"""The words a learner reads for channels and owners: built-in labels that fit shops, public
services, B2B and internal services alike, and the map's own (its `channels` and `owners` lists).

The file keeps the values (web, in_person, brand, ...); only what is shown changes. Every
place a learner reads a channel or an owner (canvas, forms, drawings, exports, check
messages) asks here.
"""

from __future__ import annotations

from .model import Channel, JourneyMap, Owner

CHANNEL_LABELS = {
    Channel.web: "website or portal",
    Channel.app: "app",
    Channel.email: "email",
    Channel.phone: "phone",
    Channel.chat: "chat or messaging",
    Channel.video: "video call",
    Channel.letter: "letter or post",
    Channel.in_person: "in person",
    Channel.store: "shop or store",
    Channel.social: "social media",
    Channel.word_of_mouth: "word of mouth",
    Channel.advert: "advert or campaign",
    Channel.other: "other",
}
OWNER_LABELS = {
    Owner.brand: "we (the organisation)",
    Owner.partner: "a partner or supplier",
    Owner.customer: "the customer",
    Owner.social: "others (social, word of mouth)",
}


def channel_choices(journey: JourneyMap | None = None) -> list[tuple[str, str]]:
    """(value, label) of every channel the map may use: the built-in ones (with the map's own names
    for them), then the map's own channels, "other" last."""
    own = {word.id: word.label for word in journey.channels} if journey is not None else {}
    built_in = [(c.value, own.pop(c.value, label)) for c, label in CHANNEL_LABELS.items()]
    return built_in[:-1] + list(own.items()) + built_in[-1:]


def owner_choices(journey: JourneyMap | None = None) -> list[tuple[str, str]]:
    """(value, label) of the four owners, with the map's own names for them."""
    own = {word.id.value: word.label for word in journey.owners} if journey is not None else {}
    return [(o.value, own.get(o.value, label)) for o, label in OWNER_LABELS.items()]


def channel_label(channel: Channel | str | None, journey: JourneyMap | None = None) -> str:
    """The words for a touchpoint's channel ("" when none is chosen)."""
    if channel is None:
        return ""
    return dict(channel_choices(journey)).get(str(channel), str(channel).replace("_", " "))


def owner_label(owner: Owner | str | None, journey: JourneyMap | None = None) -> str:
    """The words for a touchpoint's owner ("" when none is chosen)."""
    if owner is None:
        return ""
    return dict(owner_choices(journey)).get(str(owner), str(owner))


def owner_from_words(text: str) -> Owner | None:
    """The owner a text names, by value or by its built-in label ("brand", "we (the organisation)")."""
    text = " ".join(text.split()).lower()
    for owner, label in OWNER_LABELS.items():
        if text in (owner.value, label):
            return owner
    return None
