"""The map's own words in the details panel: a channel of its own ("Self-service kiosk"), and its
own name for an owner ("the council" for "we (the organisation)").

A new channel is declared in the map's `channels` list (id made from the words, label the
words themselves) and chosen for the touchpoint shown; an owner's name goes in `owners`.
Each is one undoable step.
"""

from __future__ import annotations

import re

import ipywidgets as w
from pydantic import ValidationError

from ..errors import problems_from
from ..limits import MAX_LABEL, MAX_WORDS
from ..model import Channel, ChannelWord, JourneyMap, Owner, OwnerWord, next_id
from ..words import OWNER_LABELS, channel_choices
from .controls import button, dropdown, text_field


def channel_id_for(label: str, journey: JourneyMap) -> str:
    """An id for a new channel named `label`: its words in lower case joined by _, unique in the map."""
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40].strip("_") or "channel"
    if not slug[0].isalpha():
        slug = "channel_" + slug
    taken = set(Channel._value2member_map_) | {word.id for word in journey.channels}
    return slug if slug not in taken else next_id(slug + "_", taken)


def add_channel(journey: JourneyMap, label: str) -> str:
    """Declare a channel `label` in the map (or find the one already called so); its id.

    Raises ValueError with the learner's words when the label is empty, too long or one too many."""
    label = " ".join(label.split())
    if not label:
        raise ValueError("type the channel's name first, e.g. Self-service kiosk")
    for value, shown in channel_choices(journey):
        if shown.lower() == label.lower():
            return value
    if len(journey.channels) >= MAX_WORDS:
        raise ValueError(f"a map declares at most {MAX_WORDS} channels of its own")
    if len(label) > MAX_LABEL:
        raise ValueError(f"a channel's name is at most {MAX_LABEL} characters; this one is {len(label)}")
    word = ChannelWord(id=channel_id_for(label, journey), label=label)
    journey.channels = [*journey.channels, word]
    return word.id


def refusal(exc: ValueError) -> str:
    """Why the map's words were not changed, in the learner's words: each problem pydantic found, or the message."""
    if isinstance(exc, ValidationError):
        return "; ".join(p.message for p in problems_from(exc))
    return str(exc)


class ChannelAdder:
    """A text field and "+ channel": declares the channel and picks it for the touchpoint shown."""

    def __init__(self, host, editor):
        self.host = host
        self.editor = editor
        self.name = text_field("New channel", "A channel of this map's own, e.g. 'Self-service kiosk' or "
                               "'Customer portal'; press + channel to add it and pick it here",
                               placeholder="e.g. Self-service kiosk")
        self.name.layout = w.Layout(width="auto", flex="1 1 0%", min_width="0")
        self.add = button("+ channel", "Add the channel typed on the left to this map and pick it for this "
                          "touchpoint", width="110px")
        self.add.on_click(lambda _: self.add_channel())
        self.widget = w.HBox([self.name, self.add], layout=w.Layout(width="100%"))

    def add_channel(self, label: str | None = None) -> str | None:
        """Add the channel (the typed words, or `label`) and choose it for the touchpoint shown; its id."""
        journey, tp = self.host.map, self.editor.touchpoint
        if journey is None or tp is None:
            return None
        try:
            value = add_channel(journey, self.name.value if label is None else label)
            tp.channel = value
        except ValueError as exc:       # pydantic's ValidationError too
            self.host.note(f"Channel not added: {refusal(exc)}.", "warning")
            return None
        with self.host.quiet():
            self.name.value = ""
        self.editor.refresh()
        self.host.changed(structural=True, action="add_channel")
        return value


def name_owner(journey: JourneyMap, owner: Owner | str, label: str) -> None:
    """Call `owner` by `label` in this map; an empty label (or the built-in words) puts the built-in words back."""
    owner = Owner(owner)
    label = " ".join(label.split())
    if len(label) > MAX_LABEL:
        raise ValueError(f"an owner's name is at most {MAX_LABEL} characters; this one is {len(label)}")
    others = [word for word in journey.owners if word.id != owner]
    keep = label and label != OWNER_LABELS[owner]
    journey.owners = [*others, OwnerWord(id=owner, label=label)] if keep else others


class OwnerNamer:
    """An owner picker, a text field and "Rename": the map's own name for an owner."""

    def __init__(self, host):
        self.host = host
        self.owner = dropdown("Owner", "The owner to call by this map's own words",
                              [(label, owner.value) for owner, label in OWNER_LABELS.items()], Owner.brand.value)
        self.name = text_field("Call it", "This map's own words for the owner, e.g. 'the council' or "
                               "'our IT team'; leave empty for the usual words", placeholder="e.g. the council")
        self.name.layout = w.Layout(width="auto", flex="1 1 0%", min_width="0")
        self.rename = button("Rename", "Show this owner in these words everywhere in this map", width="110px")
        self.rename.on_click(lambda _: self.name_owner())
        self.widget = w.VBox([self.owner, w.HBox([self.name, self.rename], layout=w.Layout(width="100%"))])

    def name_owner(self, owner: str | None = None, label: str | None = None) -> bool:
        """Call the owner picked (or `owner`) by the typed words (or `label`); False when refused."""
        journey = self.host.map
        if journey is None:
            return False
        try:
            name_owner(journey, owner or self.owner.value, self.name.value if label is None else label)
        except ValueError as exc:       # pydantic's ValidationError too
            self.host.note(f"Owner not renamed: {refusal(exc)}.", "warning")
            return False
        with self.host.quiet():
            self.name.value = ""
        self.host.touchpoints.refresh()
        self.host.changed(structural=True, action="name_owner")
        return True
