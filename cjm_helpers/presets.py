"""Stage vocabularies in use in the field, as named presets for new maps."""

from __future__ import annotations

from dataclasses import dataclass

from .model import JourneyMap, MapType, Persona, Stage


@dataclass(frozen=True)
class StagePreset:
    """A named list of stages with a goal for each, and where it comes from."""

    key: str
    title: str
    stages: tuple[tuple[str, str], ...]
    source: str

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.stages]


_PRESETS = [
    StagePreset(
        "nine_steps",
        "Nine-step path",
        (
            ("Need", "Recognise a need or desire"),
            ("Awareness", "Become aware of the product"),
            ("Interest", "Take an interest and consider it"),
            ("Evaluation", "Weigh it up against the alternatives"),
            ("Trial", "Try it out"),
            ("Purchase", "Buy it"),
            ("Experience", "Use it as a paying customer"),
            ("Loyalty", "Enjoy it and stay"),
            ("Advocacy", "Recommend it to others"),
        ),
        "Common practitioner model of the customer journey",
    ),
    StagePreset(
        "six_stages",
        "Six stages",
        (
            ("Awareness of need", "Realise something is missing"),
            ("Information search", "Look for ways to meet the need"),
            ("Comparison", "Compare the alternatives"),
            ("Deal", "Make the deal"),
            ("Consumption", "Use the product or service"),
            ("Return", "Buy again or recommend it"),
        ),
        "Six-stage consumer decision model; some businesses add a release stage",
    ),
    StagePreset(
        "five_stages",
        "Five basic stages",
        (
            ("Awareness", "Notice the brand"),
            ("Discovery", "Find out what it offers"),
            ("Purchase", "Decide and buy"),
            ("Experience", "Use it"),
            ("Participation", "Join in and advocate for the brand"),
        ),
        "Five basic stages of the customer journey",
    ),
    StagePreset(
        "practitioner_five",
        "Awareness to advocacy",
        (
            ("Awareness", "Notice the brand"),
            ("Consideration", "Consider it among the options"),
            ("Purchase", "Decide and buy"),
            ("Retention", "Keep using it"),
            ("Advocacy", "Recommend it"),
        ),
        "Practitioners' five-stage variant",
    ),
    StagePreset(
        "pre_purchase_post",
        "Prepurchase, purchase, postpurchase",
        (
            ("Prepurchase", "Everything before the decision to buy"),
            ("Purchase", "Choosing, ordering and paying"),
            ("Postpurchase", "Using, getting service, coming back"),
        ),
        "Lemon, K. N. and Verhoef, P. C. (2016), Understanding customer experience "
        "throughout the customer journey, Journal of Marketing 80(6)",
    ),
    StagePreset(
        "loyalty_loop",
        "Consumer decision journey with loyalty loop",
        (
            ("Initial consideration", "Start from a set of brands already in mind"),
            ("Active evaluation", "Add and drop brands while researching"),
            ("Moment of purchase", "Choose and buy"),
            ("Post-purchase experience", "Use it; stay in the loyalty loop or start again"),
        ),
        "Court, D. et al. (2009), The consumer decision journey, McKinsey Quarterly",
    ),
    StagePreset(
        "aida",
        "AIDA funnel",
        (
            ("Attention", "Notice the offer"),
            ("Interest", "Want to know more"),
            ("Desire", "Want it"),
            ("Action", "Buy or sign up"),
        ),
        "AIDA model of advertising (attributed to E. St. Elmo Lewis, 1898)",
    ),
]

STAGE_PRESETS: dict[str, StagePreset] = {preset.key: preset for preset in _PRESETS}


def new_map(
    preset: str | None = "five_stages",
    map_type: MapType | str = MapType.current_state,
    title: str = "",
    persona_name: str = "",
) -> JourneyMap:
    """An empty map whose stages come from a named preset (or none)."""
    if preset is not None and preset not in STAGE_PRESETS:
        known = ", ".join(STAGE_PRESETS)
        raise KeyError(f"unknown stage preset {preset!r}; known presets: {known}")
    stages = []
    if preset is not None:
        stages = [Stage(name=name, goal=goal) for name, goal in STAGE_PRESETS[preset].stages]
    return JourneyMap(
        title=title,
        map_type=MapType(map_type),
        persona=Persona(name=persona_name),
        stages=stages,
    )
