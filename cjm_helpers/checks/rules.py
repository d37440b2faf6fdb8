"""The rules, as data: a registry of small functions, each with an id, a severity and the map types it applies to.

A rule function takes a Context and yields (where, message, hint) for every
problem it finds; it yields nothing when the map passes. Add a rule by writing
one function with the @rule decorator; check_map and the tests pick it up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model import JourneyMap, MapType, Owner, Stage, Touchpoint

ALL_TYPES = frozenset(MapType)
JOURNEY_TYPES = frozenset({MapType.current_state, MapType.future_state, MapType.service_blueprint})
Found = tuple[str, str, str]  # where, message, hint


@dataclass
class Context:
    """What a rule sees: the map, where it came from, and the current-state map for a future state."""

    map: JourneyMap
    path: Path | None = None
    current: JourneyMap | None = None
    current_problem: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    applies_to: frozenset
    title: str
    func: Callable[[Context], Iterable[Found]] = field(compare=False, repr=False)
    needs_current: bool = False

    def applies(self, map_type: MapType) -> bool:
        return map_type in self.applies_to


RULES: dict[str, Rule] = {}


def rule(id: str, severity: str, title: str, applies_to=ALL_TYPES, needs_current: bool = False):
    """Register a rule function under an id."""

    def register(func):
        if id in RULES:
            raise ValueError(f"rule {id!r} is registered twice")
        RULES[id] = Rule(id, severity, frozenset(applies_to), title, func, needs_current)
        return func

    return register


# --- saying where, in words -------------------------------------------------------
def at_stage(stage: Stage) -> str:
    return f"stage '{stage.name}'"


def at_touchpoint(stage: Stage, tp: Touchpoint) -> str:
    return f"stage '{stage.name}' > touchpoint '{tp.name}'"


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- persona ------------------------------------------------------------------------
GENERIC_PERSONAS = {
    "customer", "customers", "the customer", "a customer", "our customer", "our customers",
    "user", "users", "the user", "client", "clients", "everyone", "anyone", "people",
    "visitor", "visitors", "buyer", "buyers", "persona", "guest", "guests", "shopper",
    "shoppers", "learner", "learners", "student", "students", "patient", "patients", "person",
}


@rule("persona.specific", "error", "The map is about one specific persona")
def persona_specific(ctx: Context) -> Iterator[Found]:
    p = ctx.map.persona
    name = p.name.strip()
    if not name:
        yield ("persona", "The map has no persona: whose journey is this?",
               "Give the persona a name and a short description, e.g. 'Marta, logistics coordinator, 29'.")
    elif name.casefold().strip(" .!") in GENERIC_PERSONAS:
        yield ("persona", f"'{name}' is everyone and no one: the persona is not specific.",
               "Describe one archetypal person: a name, their situation, what they want and what gets in the way.")
    elif not (p.description.strip() or p.goals or p.needs):
        yield ("persona", f"The persona '{name}' has a name but no description, goals or needs.",
               "Add a sentence about their situation and at least one goal or need.")


@rule("persona.details", "tip", "The persona has goals and frustrations")
def persona_details(ctx: Context) -> Iterator[Found]:
    p = ctx.map.persona
    missing = [label for label, items in (("goals", p.goals), ("frustrations", p.frustrations)) if not items]
    if p.name.strip() and missing:
        yield ("persona", f"The persona has no {_words(missing)} yet.",
               "Goals and frustrations explain the feelings along the journey; list one or two of each.")


# --- stages -------------------------------------------------------------------------
@rule("stages.count", "error", "The journey has at least three stages")
def stages_count(ctx: Context) -> Iterator[Found]:
    n = len(ctx.map.stages)
    if n < 3:
        yield ("map", f"The journey has {n} stage{'s' * (n != 1)}; a journey map needs at least 3.",
               "Start from a stage vocabulary, e.g. awareness, consideration, purchase, experience, loyalty.")


@rule("stages.order", "error", "Stages follow the journey's order", applies_to=JOURNEY_TYPES)
def stages_order(ctx: Context) -> Iterator[Found]:
    from ..presets import STAGE_PRESETS

    reported = set()
    for preset in STAGE_PRESETS.values():
        index = {name.casefold(): i for i, name in enumerate(preset.names)}
        seen: list[tuple[int, Stage]] = []
        for stage in ctx.map.stages:
            i = index.get(stage.name.strip().casefold())
            if i is None:
                continue
            earlier = next((s for j, s in seen if j > i), None)
            pair = (stage.name.casefold(), earlier.name.casefold()) if earlier else None
            if earlier and pair not in reported:
                reported.add(pair)
                yield (at_stage(stage),
                       f"Stage '{stage.name}' comes after '{earlier.name}', but customers reach "
                       f"'{stage.name}' first (as in the {preset.title} vocabulary).",
                       "Put the stages in the order the customer lives them, from the need to loyalty.")
            seen.append((i, stage))


@rule("stages.unique_names", "warning", "Stage names are distinct", applies_to=ALL_TYPES)
def stages_unique_names(ctx: Context) -> Iterator[Found]:
    counts = Counter(s.name.strip().casefold() for s in ctx.map.stages)
    for stage in ctx.map.stages:
        key = stage.name.strip().casefold()
        if counts.get(key, 0) > 1:
            counts[key] = 0
            yield (at_stage(stage), f"More than one stage is called '{stage.name}'.",
                   "Give each stage its own name, or merge the stages.")


@rule("stages.touchpoints", "error", "Every stage has a touchpoint")
def stages_touchpoints(ctx: Context) -> Iterator[Found]:
    for stage in ctx.map.stages:
        if not stage.touchpoints:
            yield (at_stage(stage), "This stage has no touchpoints.",
                   "Add at least one moment where the customer meets the organisation, a partner or other people here.")


# --- touchpoints --------------------------------------------------------------------
@rule("touchpoint.basics", "error", "Every touchpoint says what the customer does, feels and intends")
def touchpoint_basics(ctx: Context) -> Iterator[Found]:
    for stage, tp in ctx.map.touchpoints():
        missing = []
        if not tp.doing.strip():
            missing.append("what the customer does (doing)")
        if tp.feeling is None:
            missing.append("how they feel (feeling, -2 to +2)")
        if not tp.intent.strip():
            missing.append("what they want to achieve (intent)")
        if missing:
            yield (at_touchpoint(stage, tp), f"Missing {_words(missing)}.",
                   "Picture the persona at this moment: what are they doing, how do they feel, what do they want?")


@rule("touchpoint.channel_owner", "error", "Every touchpoint has a channel and an owner")
def touchpoint_channel_owner(ctx: Context) -> Iterator[Found]:
    for stage, tp in ctx.map.touchpoints():
        missing = [n for n, v in (("channel", tp.channel), ("owner", tp.owner)) if v is None]
        if missing:
            yield (at_touchpoint(stage, tp), f"No {_words(missing)} chosen.",
                   "The channel is the medium (website, email, phone, chat, letter, in person ...); the owner "
                   "is who controls the touchpoint (we, a partner or supplier, the customer, or others).")


@rule("touchpoint.thinking", "tip", "Touchpoints record what the customer thinks")
def touchpoint_thinking(ctx: Context) -> Iterator[Found]:
    for stage, tp in ctx.map.touchpoints():
        if not tp.thinking.strip():
            yield (at_touchpoint(stage, tp), "Nothing recorded for what the customer thinks.",
                   "A short thought in their own words ('Why is the price hidden?') makes the map speak.")


# --- current state ------------------------------------------------------------------
CURRENT = frozenset({MapType.current_state})


@rule("current.pain_points", "error", "A current-state map shows at least one pain point", applies_to=CURRENT)
def current_pain_points(ctx: Context) -> Iterator[Found]:
    if ctx.map.touchpoints() and not ctx.map.pain_points():
        yield ("map", "No pain points are marked: today's journey is never perfect.",
               "Look for touchpoints where the feeling drops and say what makes them hard.")


@rule("current.moment_of_truth", "error", "A current-state map marks a moment of truth", applies_to=CURRENT)
def current_moment_of_truth(ctx: Context) -> Iterator[Found]:
    if ctx.map.touchpoints() and not any(tp.moment_of_truth for _, tp in ctx.map.touchpoints()):
        yield ("map", "No touchpoint is marked as a moment of truth.",
               "Which interaction decides whether the relationship goes on or ends? Mark it.")


@rule("current.opportunities", "tip", "Pain points lead to opportunities", applies_to=CURRENT)
def current_opportunities(ctx: Context) -> Iterator[Found]:
    if ctx.map.pain_points() and not any(tp.opportunities for _, tp in ctx.map.touchpoints()):
        yield ("map", "There are pain points but no opportunities yet.",
               "For the worst pain point, note one idea that would make it better.")


# --- emotions -----------------------------------------------------------------------
@rule("emotion.not_flat", "error", "The emotion curve has ups and downs")
def emotion_not_flat(ctx: Context) -> Iterator[Found]:
    feelings = [tp.feeling for _, tp in ctx.map.touchpoints() if tp.feeling is not None]
    if len(feelings) >= 2 and len(set(feelings)) == 1:
        yield ("map", f"Every touchpoint has the same feeling ({feelings[0]:+d}): the emotion curve is flat.",
               "Real journeys have highs and lows; score each touchpoint as the persona would feel it.")


@rule("emotion.low_without_pain", "warning", "A very negative feeling comes with a pain point")
def emotion_low_without_pain(ctx: Context) -> Iterator[Found]:
    for stage, tp in ctx.map.touchpoints():
        if tp.feeling == -2 and not tp.pain_points:
            yield (at_touchpoint(stage, tp), "The feeling is at its lowest (-2) but no pain point says why.",
                   "Add the pain point that causes this feeling, or reconsider the score.")


# --- ids ------------------------------------------------------------------------------
@rule("ids.unique", "error", "Touchpoint and pain point ids are unique")
def ids_unique(ctx: Context) -> Iterator[Found]:
    tp_ids = Counter(tp.id for _, tp in ctx.map.touchpoints())
    for stage, tp in ctx.map.touchpoints():
        if tp_ids.get(tp.id, 0) > 1:
            tp_ids[tp.id] = 0
            yield (at_touchpoint(stage, tp), f"The touchpoint id '{tp.id}' is used more than once.",
                   "Every touchpoint needs its own id; improvements and drawings refer to it.")
    pp_ids = Counter(pp.id for _, _, pp in ctx.map.pain_points())
    for stage, tp, pp in ctx.map.pain_points():
        if pp_ids.get(pp.id, 0) > 1:
            pp_ids[pp.id] = 0
            yield (f"{at_touchpoint(stage, tp)} > pain point '{pp.id}'",
                   f"The pain point id '{pp.id}' is used more than once.",
                   "Give every pain point its own id; the future state refers to it.")


# --- future state -------------------------------------------------------------------
FUTURE = frozenset({MapType.future_state})


def _improvement_where(n: int, pain_point: str) -> str:
    return f"improvement {n} (pain point '{pain_point}')"


@rule("future.based_on", "error", "A future-state map names the current-state map it improves", applies_to=FUTURE)
def future_based_on(ctx: Context) -> Iterator[Found]:
    if ctx.current is not None:
        return
    if ctx.current_problem:
        yield ("based_on", ctx.current_problem,
               "Set based_on to the current-state map file, relative to this map's folder.")
    elif not (ctx.map.based_on or "").strip():
        yield ("based_on", "The future state does not say which current-state map it improves.",
               "Set based_on to the current-state map file, e.g. 'my_current_state.json'.")


@rule("future.improvements", "error", "A future-state map lists its improvements", applies_to=FUTURE)
def future_improvements(ctx: Context) -> Iterator[Found]:
    if not ctx.map.improvements:
        yield ("improvements", "No improvements are listed.",
               "For each pain point you fix, say what changes and at which touchpoint.")


@rule("future.severe_addressed", "error", "Every critical pain point is improved or deferred with a reason",
      applies_to=FUTURE, needs_current=True)
def future_severe_addressed(ctx: Context) -> Iterator[Found]:
    handled = {i.pain_point for i in ctx.map.improvements} | {
        d.pain_point for d in ctx.map.deferred if d.reason.strip()}
    for stage, tp, pp in ctx.current.pain_points():
        if pp.severity == 3 and pp.id not in handled:
            yield (f"current state: {at_touchpoint(stage, tp)} > pain point '{pp.id}'",
                   f"The critical pain point '{pp.text}' is neither improved nor deferred.",
                   "Add an improvement for it, or list it under deferred with the reason it has to wait.")


@rule("future.improvement_links", "error", "Each improvement names an existing pain point and touchpoint",
      applies_to=FUTURE)
def future_improvement_links(ctx: Context) -> Iterator[Found]:
    for n, imp in enumerate(ctx.map.improvements, 1):
        where = _improvement_where(n, imp.pain_point)
        if ctx.current is not None and ctx.current.find_pain_point(imp.pain_point) is None:
            yield (where, f"There is no pain point '{imp.pain_point}' in the current-state map.",
                   "Use the id of a pain point of the current-state map.")
        if ctx.map.find_touchpoint(imp.touchpoint) is None:
            yield (where, f"There is no touchpoint '{imp.touchpoint}' in this map.",
                   "Name the id of the touchpoint of this future-state map where the change shows.")
    for n, item in enumerate(ctx.map.deferred, 1):
        if ctx.current is not None and ctx.current.find_pain_point(item.pain_point) is None:
            yield (f"deferred {n} (pain point '{item.pain_point}')",
                   f"There is no pain point '{item.pain_point}' in the current-state map.",
                   "Use the id of a pain point of the current-state map.")


@rule("future.feeling_higher", "error", "Each improvement raises the feeling", applies_to=FUTURE,
      needs_current=True)
def future_feeling_higher(ctx: Context) -> Iterator[Found]:
    for n, imp in enumerate(ctx.map.improvements, 1):
        found = ctx.current.find_pain_point(imp.pain_point)
        if found is None or found[1].feeling is None:
            continue
        now = found[1].feeling
        if imp.expected_feeling <= now:
            yield (_improvement_where(n, imp.pain_point),
                   f"The expected feeling ({imp.expected_feeling:+d}) is not higher than today's "
                   f"({now:+d} at '{found[1].name}').",
                   "An improvement should make the moment feel better; raise the expected feeling or rethink the change.")


# --- service blueprint --------------------------------------------------------------
BLUEPRINT = frozenset({MapType.service_blueprint})


def _customer_facing(tp: Touchpoint) -> bool:
    return tp.owner in (None, Owner.brand, Owner.partner)


@rule("blueprint.lanes", "error", "Customer-facing touchpoints show frontstage and backstage", applies_to=BLUEPRINT)
def blueprint_lanes(ctx: Context) -> Iterator[Found]:
    for stage, tp in ctx.map.touchpoints():
        if not _customer_facing(tp):
            continue
        missing = [n for n in ("frontstage", "backstage") if not getattr(tp, n)]
        if missing:
            yield (at_touchpoint(stage, tp), f"No {_words(missing)} actions.",
                   "Frontstage: what staff do that the customer sees. Backstage: what they do out of sight to make it happen.")


@rule("blueprint.support", "error", "Support processes are named", applies_to=BLUEPRINT)
def blueprint_support(ctx: Context) -> Iterator[Found]:
    if ctx.map.touchpoints() and not any(tp.support for _, tp in ctx.map.touchpoints()):
        yield ("map", "No support processes are named.",
               "Below the line of internal interaction: which systems and teams make the service possible?")


@rule("blueprint.fail_points", "error", "Fail points are marked", applies_to=BLUEPRINT)
def blueprint_fail_points(ctx: Context) -> Iterator[Found]:
    if ctx.map.touchpoints() and not any(tp.fail_point for _, tp in ctx.map.touchpoints()):
        yield ("map", "No fail points are marked.",
               "Where can the service break down? Mark those touchpoints as fail points.")


@rule("blueprint.evidence", "tip", "Customer-facing touchpoints name their physical evidence", applies_to=BLUEPRINT)
def blueprint_evidence(ctx: Context) -> Iterator[Found]:
    for stage, tp in ctx.map.touchpoints():
        if _customer_facing(tp) and not tp.evidence:
            yield (at_touchpoint(stage, tp), "No physical evidence named.",
                   "What does the customer see or hold here: a screen, a receipt, a room?")


# --- day in the life ----------------------------------------------------------------
DAY = frozenset({MapType.day_in_the_life})


@rule("day.times", "error", "Every stage of the day has a time, in increasing order", applies_to=DAY)
def day_times(ctx: Context) -> Iterator[Found]:
    previous: Stage | None = None
    for stage in ctx.map.stages:
        if not stage.time:
            yield (at_stage(stage), "This part of the day has no time.",
                   'Give each stage the time it starts, like "07:30".')
            continue
        if previous is not None and stage.time <= previous.time:
            yield (at_stage(stage), f"{stage.time} does not come after {previous.time} ('{previous.name}').",
                   "Order the stages through the day, each later than the one before.")
        previous = stage
