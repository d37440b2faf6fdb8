"""describe_map: the map in plain sentences, for screen readers and alt text.

Text only: it imports no drawing code (no matplotlib), so a notebook that
prints a description while nbgrader grades it stays quick. The drawings use
it for their alt text (cjm_helpers.draw.describe re-exports it).
"""

from __future__ import annotations

from .model import JourneyMap, MapType
from .palette import FEELING_WORDS, SEVERITY_WORDS

MAP_TYPE_WORDS = {
    MapType.current_state: "Current-state journey map",
    MapType.future_state: "Future-state journey map",
    MapType.day_in_the_life: "Day in the life",
    MapType.service_blueprint: "Service blueprint",
}


def _feeling(value: int | None) -> str:
    if value is None:
        return "feeling not set"
    return f"feels {FEELING_WORDS[value]} ({value:+d})" if value else "feels neutral (0)"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def describe_map(journey_map) -> str:
    """A text summary of a map (JourneyMap, dict or file path): what a sighted reader sees at a glance."""
    from .storage import as_map

    journey: JourneyMap = as_map(journey_map)
    kind = MAP_TYPE_WORDS.get(journey.map_type, "Journey map")
    title = journey.title or "Untitled journey map"
    lines = [f"{kind}: {title}."]
    if journey.persona.name:
        lines.append(f"Persona: {journey.persona.name}.")
    if journey.scenario:
        lines.append(f"Scenario: {journey.scenario}")
    tps = journey.touchpoints()
    lines.append(f"{_count(len(journey.stages), 'stage')}, {_count(len(tps), 'touchpoint')}.")
    for number, stage in enumerate(journey.stages, 1):
        when = f" at {stage.time}" if stage.time else ""
        goal = f" (goal: {stage.goal})" if stage.goal else ""
        lines.append(f"Stage {number}{when}, {stage.name}{goal}: "
                     + (_count(len(stage.touchpoints), "touchpoint") + "." if stage.touchpoints else "no touchpoints yet."))
        for tp in stage.touchpoints:
            extra = []
            if tp.moment_of_truth:
                extra.append("a moment of truth")
            for pp in tp.pain_points:
                extra.append(f"{SEVERITY_WORDS[pp.severity]} pain point: {pp.text}")
            if tp.fail_point:
                extra.append("a fail point")
            if tp.wait_minutes:
                extra.append(f"a wait of {tp.wait_minutes:g} minutes")
            lines.append(f"- {tp.name}: {_feeling(tp.feeling)}" + ("; " + "; ".join(extra) if extra else "") + ".")
    known = [(tp.feeling, stage, tp) for stage, tp in tps if tp.feeling is not None]
    if known:
        low = min(known, key=lambda row: row[0])
        high = max(known, key=lambda row: row[0])
        mean = sum(row[0] for row in known) / len(known)
        lines.append(f"Emotion curve: average {mean:+.1f}; lowest point {low[2].name} in {low[1].name} ({low[0]:+d}); "
                     f"highest point {high[2].name} in {high[1].name} ({high[0]:+d}).")
    pains = journey.pain_points()
    if pains:
        critical = sum(1 for *_, pp in pains if pp.severity == 3)
        lines.append(f"{_count(len(pains), 'pain point')}, {critical} critical.")
    if journey.map_type == MapType.future_state and journey.improvements:
        lines.append(f"{_count(len(journey.improvements), 'improvement')}: "
                     + "; ".join(f"{imp.change} (answers {imp.pain_point})" for imp in journey.improvements) + ".")
    if journey.deferred:
        lines.append(f"Deferred: " + "; ".join(f"{d.pain_point} ({d.reason})" for d in journey.deferred) + ".")
    return "\n".join(lines)
