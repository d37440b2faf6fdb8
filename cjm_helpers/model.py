"""The journey map model: what a map is, validated (the map format of DESIGN.md).

Field names here are a contract with map files, trainers' own files and other
tools: add optional fields freely, never rename or remove one.
"""

from __future__ import annotations

import difflib
import re
from contextvars import ContextVar
from enum import StrEnum
from typing import Annotated, Any, ClassVar, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .limits import MAX_ID, MAX_ITEMS, MAX_LABEL, MAX_STAGES, MAX_TEXT, MAX_TOUCHPOINTS, MAX_WORDS

FORMAT = "cjm-map/1"
FEELING_MIN, FEELING_MAX = -2, 2


class Channel(StrEnum):
    """The medium of a touchpoint (the built-in ones; a map may declare more in `channels`)."""

    web = "web"
    app = "app"
    phone = "phone"
    store = "store"
    email = "email"
    social = "social"
    word_of_mouth = "word_of_mouth"
    advert = "advert"
    other = "other"
    in_person = "in_person"
    letter = "letter"
    chat = "chat"
    video = "video"


class Owner(StrEnum):
    """Who owns a touchpoint (Lemon and Verhoef, 2016)."""

    brand = "brand"
    partner = "partner"
    customer = "customer"
    social = "social"


class MapType(StrEnum):
    """The four kinds of journey map."""

    current_state = "current_state"
    future_state = "future_state"
    day_in_the_life = "day_in_the_life"
    service_blueprint = "service_blueprint"

    @property
    def words(self) -> str:
        """The map type in words: 'current-state', 'future-state', 'day-in-the-life', 'service blueprint'."""
        return "service blueprint" if self is MapType.service_blueprint else self.value.replace("_", "-")


class MapPart(BaseModel):
    """Base of every part of a map: strict about unknown keys (each one reported, see errors)."""

    model_config = ConfigDict(
        validate_assignment=True,
        use_enum_values=False,
        str_strip_whitespace=True,
        extra="forbid",
    )


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The map part inside an annotation such as list[Stage] or Persona | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def known_fields(loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed in the object at loc (a pydantic error location) of a map."""
    part: type[BaseModel] | None = JourneyMap
    for step in loc:
        if isinstance(step, int) or part is None:
            continue
        field = part.model_fields.get(step)
        part = _model_in(field.annotation) if field is not None else None
    return sorted(part.model_fields) if part is not None else []


def unknown_field_hint(key: str, known: list[str]) -> str:
    """'unknown field, did you mean feeling?' (or the list of known fields)."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"unknown field, did you mean {close[0]}?"
    if not known:
        return "unknown field: remove it"
    return f"unknown field (known fields: {', '.join(known)}): remove it or rename it to one of these"


Text = Annotated[str, Field(max_length=MAX_TEXT)]
Id = Annotated[str, Field(min_length=1, max_length=MAX_ID)]
Texts = Annotated[list[Text], Field(max_length=MAX_ITEMS)]
Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL)]

CHANNEL_ID = r"^[a-z][a-z0-9_]*$"
_CHANNEL_ID = re.compile(CHANNEL_ID)
ChannelId = Annotated[str, Field(min_length=1, max_length=MAX_ID, pattern=CHANNEL_ID)]
# The channel ids the map being validated declares (None: a part validated on its own).
_DECLARED: ContextVar[frozenset[str] | None] = ContextVar("cjm_declared_channels", default=None)


class MapChannel(str):
    """A channel the map declares itself: text, with `.value` like a built-in Channel."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str.__str__(self)


def channel_problem(value: str, declared: frozenset[str] | set[str]) -> PydanticCustomError:
    """'unknown channel 'kisok', did you mean kiosk? ...': a channel neither built in nor declared."""
    choices = [c.value for c in Channel] + sorted(set(declared) - set(Channel))
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    hint = f", did you mean {close[0]}? Use" if close else "; use"
    return PydanticCustomError(
        "unknown_channel",
        "unknown channel {value}{hint} one of {choices}, or declare it in the map's \"channels\" list "
        "(id and label)",
        {"value": repr(value if len(value) <= 60 else value[:57] + "..."), "hint": hint, "choices": ", ".join(choices)},
    )


def _channel_value(value: Any) -> Any:
    """A touchpoint's channel: a built-in Channel, or the id of one the map declares."""
    if value is None or isinstance(value, Channel):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("channel_type", "must be a channel id (text such as \"web\"), got {value}",
                                  {"value": type(value).__name__})
    value = value.strip()
    if value in Channel._value2member_map_:
        return Channel(value)
    declared = _DECLARED.get()
    if (declared is not None and value not in declared) or len(value) > MAX_ID or not _CHANNEL_ID.match(value):
        raise channel_problem(value, declared or frozenset())
    return value


class ChannelWord(MapPart):
    """A channel of this map's own (`{"id": "kiosk", "label": "Self-service kiosk"}`), or its own name
    for a built-in one (`{"id": "store", "label": "library branch"}`)."""

    id: ChannelId = Field(description="lower-case letters, digits and _; touchpoints use it as their channel")
    label: Label = Field(description="the words a learner reads for this channel")


class OwnerWord(MapPart):
    """This map's own words for an owner, e.g. `{"id": "brand", "label": "the council"}`."""

    id: Owner
    label: Label = Field(description="the words a learner reads for this owner")


class PainPoint(MapPart):
    """Where dealing with the organisation is hard, frustrating or awful."""

    id: str = Field(min_length=1, max_length=MAX_ID)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    severity: int = Field(default=2, ge=1, le=3, description="1 minor, 2 serious, 3 critical")


class Touchpoint(MapPart):
    """One interaction with the business, its brand or partners."""

    id: str = Field(min_length=1, max_length=MAX_ID, description="stable, unique in the map")
    name: str = Field(min_length=1, max_length=MAX_TEXT, description="what happens")
    channel: Channel | ChannelId | None = Field(
        default=None, union_mode="left_to_right",
        description="a built-in channel, or the id of one the map declares in `channels`")
    owner: Owner | None = None
    doing: Text = ""
    thinking: Text = ""
    feeling: int | None = Field(default=None, ge=FEELING_MIN, le=FEELING_MAX)
    intent: Text = ""
    pain_points: list[PainPoint] = Field(default_factory=list, max_length=MAX_ITEMS)
    opportunities: Texts = Field(default_factory=list)
    moment_of_truth: bool = False
    # Service blueprint lanes
    evidence: Texts = Field(default_factory=list)
    frontstage: Texts = Field(default_factory=list)
    backstage: Texts = Field(default_factory=list)
    support: Texts = Field(default_factory=list)
    fail_point: bool = False
    wait_minutes: float | None = Field(default=None, ge=0)

    BLUEPRINT_FIELDS: ClassVar[tuple[str, ...]] = (
        "evidence", "frontstage", "backstage", "support", "fail_point", "wait_minutes",
    )

    @field_validator("channel", mode="before")
    @classmethod
    def _known_channel(cls, value: Any) -> Any:
        return _channel_value(value)

    @field_validator("channel", mode="after")
    @classmethod
    def _own_channel(cls, value: Any) -> Any:
        return MapChannel(value) if isinstance(value, str) and not isinstance(value, Channel) else value


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Stage(MapPart):
    """A stage of the journey: a column of the map."""

    name: str = Field(min_length=1, max_length=MAX_TEXT)
    goal: Text = ""
    time: str | None = Field(default=None, max_length=5, description='day-in-the-life only, "07:30"')
    touchpoints: list[Touchpoint] = Field(default_factory=list, max_length=MAX_TOUCHPOINTS)

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not _TIME.match(value):
            raise PydanticCustomError(
                "clock_time", 'must be a 24-hour time like "07:30", got {value}', {"value": repr(value)}
            )
        return value


class Persona(MapPart):
    """A research-based archetype: one persona per map."""

    name: Text = ""
    description: Text = ""
    goals: Texts = Field(default_factory=list)
    needs: Texts = Field(default_factory=list)
    frustrations: Texts = Field(default_factory=list)


class Improvement(MapPart):
    """A future-state change that answers a current-state pain point."""

    pain_point: str = Field(min_length=1, max_length=MAX_ID, description="a pain-point id in the current map")
    change: str = Field(min_length=1, max_length=MAX_TEXT)
    touchpoint: str = Field(min_length=1, max_length=MAX_ID,
                            description="touchpoint id in this map where the change shows")
    expected_feeling: int = Field(ge=FEELING_MIN, le=FEELING_MAX)


class Deferred(MapPart):
    """A current-state pain point left for later, with the reason."""

    pain_point: str = Field(min_length=1, max_length=MAX_ID)
    reason: str = Field(min_length=1, max_length=MAX_TEXT)


class JourneyMap(MapPart):
    """A customer journey map: one persona, stages in order, touchpoints in each."""

    format: str = FORMAT
    title: Text = ""
    map_type: MapType = MapType.current_state
    persona: Persona = Field(default_factory=Persona)
    scenario: Text = ""
    channels: list[ChannelWord] = Field(default_factory=list, max_length=MAX_WORDS,
                                        description="channels of this map's own, and its own names for built-in ones")
    owners: list[OwnerWord] = Field(default_factory=list, max_length=MAX_WORDS,
                                    description="this map's own names for the owners")
    stages: list[Stage] = Field(default_factory=list, max_length=MAX_STAGES)
    based_on: str | None = Field(default=None, max_length=MAX_TEXT)
    improvements: list[Improvement] = Field(default_factory=list, max_length=MAX_TOUCHPOINTS)
    deferred: list[Deferred] = Field(default_factory=list, max_length=MAX_TOUCHPOINTS)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value != FORMAT:
            raise PydanticCustomError(
                "map_format",
                "this workbook reads {expected} maps, got {value}",
                {"expected": repr(FORMAT), "value": repr(value)},
            )
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _with_declared_channels(cls, data: Any, handler: Any) -> "JourneyMap":
        """Let each touchpoint's channel check itself against the channels this map declares."""
        declared = None
        if isinstance(data, dict):
            words = data.get("channels")
            words = words if isinstance(words, list) else []
            ids = (w.id if isinstance(w, ChannelWord) else w.get("id") if isinstance(w, dict) else None for w in words)
            declared = frozenset(i.strip() for i in ids if isinstance(i, str))
        token = _DECLARED.set(declared)
        try:
            return handler(data)
        finally:
            _DECLARED.reset(token)

    @model_validator(mode="after")
    def _words_declared(self) -> "JourneyMap":
        for name, words in (("channels", self.channels), ("owners", self.owners)):
            seen: set[str] = set()
            for word in words:
                if str(word.id) in seen:
                    raise PydanticCustomError("duplicate_word", "{name}: {id} is declared twice; keep one",
                                              {"name": name, "id": repr(str(word.id))})
                seen.add(str(word.id))
        declared = frozenset(word.id for word in self.channels)
        for s, stage in enumerate(self.stages):
            for t, tp in enumerate(stage.touchpoints):
                if tp.channel is not None and not isinstance(tp.channel, Channel) and tp.channel not in declared:
                    problem = channel_problem(tp.channel, declared)
                    raise PydanticCustomError("unknown_channel", "{where}: {problem}", {
                        "where": f"stages[{s}].touchpoints[{t}].channel", "problem": str(problem)})
        return self

    @model_validator(mode="after")
    def _touchpoints_within_limit(self) -> "JourneyMap":
        count = sum(len(stage.touchpoints) for stage in self.stages)
        if count > MAX_TOUCHPOINTS:
            raise PydanticCustomError(
                "too_many_touchpoints",
                "at most {limit} touchpoints in a map, got {count}: split the journey into several maps",
                {"limit": MAX_TOUCHPOINTS, "count": count},
            )
        return self

    # --- convenient views -------------------------------------------------
    def touchpoints(self) -> list[tuple[Stage, Touchpoint]]:
        """Every touchpoint in journey order, with its stage."""
        return [(stage, tp) for stage in self.stages for tp in stage.touchpoints]

    def find_touchpoint(self, touchpoint_id: str) -> Touchpoint | None:
        return next((tp for _, tp in self.touchpoints() if tp.id == touchpoint_id), None)

    def pain_points(self) -> list[tuple[Stage, Touchpoint, PainPoint]]:
        """Every pain point in journey order, with where it happens."""
        return [(s, tp, pp) for s, tp in self.touchpoints() for pp in tp.pain_points]

    def find_pain_point(self, pain_point_id: str) -> tuple[Stage, Touchpoint, PainPoint] | None:
        return next((row for row in self.pain_points() if row[2].id == pain_point_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The map as file content: stable key order, optional parts left out when unused."""
        data = self.model_dump(mode="json")
        for stage in data["stages"]:
            if stage.get("time") is None:
                stage.pop("time", None)
            for tp in stage["touchpoints"]:
                for name in Touchpoint.BLUEPRINT_FIELDS:
                    if tp.get(name) in (None, False, []):
                        tp.pop(name, None)
        for name in ("channels", "owners"):
            if not data.get(name):
                data.pop(name, None)
        if self.map_type != MapType.future_state:
            for name in ("based_on", "improvements", "deferred"):
                if data.get(name) in (None, []):
                    data.pop(name, None)
        return data


def feeling_face(feeling: int | None) -> str:
    """A face for a feeling on the -2..+2 scale (for sliders and text)."""
    return {-2: "😠", -1: "🙁", 0: "😐", 1: "🙂", 2: "😄"}.get(feeling, "·")


def next_id(prefix: str, taken: set[str]) -> str:
    """The first free id of the form prefix1, prefix2, ..."""
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"
