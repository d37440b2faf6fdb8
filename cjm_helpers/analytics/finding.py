"""Does a map carry a finding from the data? (exercise 06, Journeys from event data)

A data finding is a pain point whose text cites a share of people ("77% ...").
The exercise asks for one at the map stage where the event log's funnel loses
the largest share of people, and for an improvement proposed there: an
opportunity on the same touchpoint that the course's map did not have. The
grader computes the stage from the log itself, so nothing about the answer is
written down here.
"""

from __future__ import annotations

import re
from typing import Any

from .funnel import funnel
from .sample import load_sample_events
from .stages import LANGUAGE_COURSE_STAGES
from .worst import worst_stage

#: Funnel stage (LANGUAGE_COURSE_STAGES) -> stage of the language_course_current map.
LANGUAGE_COURSE_MAP_STAGES: dict[str, str] = {
    "Discover": "Search",
    "Compare": "Comparison",
    "Subscribe": "Subscription",
    "First lesson": "Learning",
    "Keep learning": "Learning",
    "Renew": "Renewal",
}

#: The map the exercise starts from; an opportunity it already has is not a new proposal.
BASELINE_MAP = "language_course_current"

_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%")


def cites_figure(text: str) -> bool:
    """True when the text quotes a percentage."""
    return bool(_PERCENT.search(text or ""))


def data_pain_points(journey_map: Any) -> list[tuple[str, str, str]]:
    """(stage name, touchpoint id, pain point id) of every pain point that cites a percentage."""
    from ..storage import as_map

    jm = as_map(journey_map)
    return [(s.name, tp.id, pp.id) for s, tp, pp in jm.pain_points() if cites_figure(pp.text)]


def worst_map_stage(events: Any = None, stages: Any = None,
                    stage_names: dict[str, str] | None = None) -> str:
    """The map stage where the funnel loses the largest share of people (sample log by default)."""
    table = funnel(load_sample_events() if events is None else events,
                   LANGUAGE_COURSE_STAGES if stages is None else stages)
    name = str(worst_stage(table)["stage"])
    return (LANGUAGE_COURSE_MAP_STAGES if stage_names is None else stage_names).get(name, name)


def new_opportunities(journey_map: Any, touchpoint_id: str, baseline: str = BASELINE_MAP) -> list[str]:
    """Opportunities on the touchpoint that the baseline example map does not have anywhere."""
    from .. import examples
    from ..storage import as_map

    tp = as_map(journey_map).find_touchpoint(touchpoint_id)
    known = {o.strip().casefold() for _, t in examples.load(baseline).touchpoints() for o in t.opportunities}
    return [o for o in (tp.opportunities if tp else []) if o.strip() and o.strip().casefold() not in known]


def finding_problems(journey_map: Any, at_worst_stage: bool = False, proposal: bool = False) -> list[str]:
    """What the map lacks as a data finding, in plain words (empty: nothing lacking).

    at_worst_stage: the finding sits at the stage that loses the largest share;
    proposal: a new opportunity sits on the same touchpoint as the finding.
    """
    found = data_pain_points(journey_map)
    if not found:
        return ["no pain point cites a figure from the event log (for example '77% of ... never ...')"]
    if at_worst_stage:
        worst = worst_map_stage()
        at_worst = [f for f in found if f[0] == worst]
        if not at_worst:
            where = ", ".join(sorted({stage for stage, _, _ in found}))
            return [f"your data pain point is at {where}, which is not the stage that loses the "
                    "largest share of people: compare step_conversion_rate, not only drop_off"]
        found = at_worst
    if proposal and not any(new_opportunities(journey_map, tp_id) for _, tp_id, _ in found):
        return ["propose an improvement: add an opportunity of your own to the touchpoint that "
                "carries your data pain point"]
    return []
