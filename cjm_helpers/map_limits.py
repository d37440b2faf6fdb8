"""Count limits of a parsed map, all found at once, and a copy cut down to them for the model to check.

A list beyond its limit (stages, touchpoints, pain points, ...) would stop the model at that list, hiding
every problem inside it. So the lists are measured here first, each over-long one reported with its field,
the limit, the value and the fix, and the model then checks the entries up to the limit, so that a map with
too many stages, a too-long field and an unknown key gets every problem in one report. Size and nesting
depth are refused earlier, before parsing (cjm_helpers.limits), so the walk here is bounded.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel

from .errors import Problem, field_path
from .limits import MAX_TOUCHPOINTS


def too_many_entries(count: int, limit: int) -> str:
    """The words for a list beyond its limit (the model's own too_long error says the same)."""
    return f"has {count:,} entries; the limit is {limit:,}: split the map or leave some out"


def too_many_touchpoints(count: int) -> str:
    return (f"at most {MAX_TOUCHPOINTS} touchpoints in a map, got {count:,}: split the journey into "
            "several maps")


def _max_items(field: Any) -> int | None:
    return next((m.max_length for m in field.metadata if isinstance(m, MaxLen)), None)


def cut_to_limits(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """(a copy of data with every list cut to its limit, a Problem for each list that was beyond it).

    The input is not changed. Entries after a limit are not checked further; the problem says so.
    """
    from .model import JourneyMap, _model_in

    problems: list[Problem] = []
    root = dict(data)
    stack: deque[tuple[type[BaseModel], dict[str, Any], tuple[Any, ...]]] = deque([(JourneyMap, root, ())])
    while stack:                            # breadth first: problems in the map's order
        part, obj, loc = stack.popleft()
        for key, value in list(obj.items()):
            field = part.model_fields.get(key) if isinstance(key, str) else None
            if field is None:
                continue                    # an unknown key: the model names it
            inner = _model_in(field.annotation)
            if isinstance(value, list):
                limit = _max_items(field)
                if limit is not None and len(value) > limit:
                    problems.append(Problem(field_path(loc + (key,)), too_many_entries(len(value), limit)
                                            + f"; entries after the {limit:,}th were not checked"))
                    value = value[:limit]
                if inner is not None:
                    value = [dict(item) if isinstance(item, dict) else item for item in value]
                obj[key] = value
                if part is JourneyMap and key == "stages":
                    _cut_touchpoints(obj, problems)     # before the stages' own lists are walked
                if inner is not None:
                    stack.extend((inner, item, loc + (key, i)) for i, item in enumerate(value)
                                 if isinstance(item, dict))
            elif isinstance(value, dict) and inner is not None:
                obj[key] = dict(value)
                stack.append((inner, obj[key], loc + (key,)))
    return root, problems


def _cut_touchpoints(root: dict[str, Any], problems: list[Problem]) -> None:
    """The touchpoints of all stages together: keep the first MAX_TOUCHPOINTS, report the count."""
    stages = [s for s in root.get("stages") or [] if isinstance(s, dict)] if isinstance(root.get("stages"), list) else []
    lists = [s for s in stages if isinstance(s.get("touchpoints"), list)]
    count = sum(len(s["touchpoints"]) for s in lists)
    if count <= MAX_TOUCHPOINTS:
        return
    problems.append(Problem("stages", too_many_touchpoints(count)
                            + f"; touchpoints after the {MAX_TOUCHPOINTS:,}th were not checked"))
    room = MAX_TOUCHPOINTS
    for stage in lists:
        stage["touchpoints"] = stage["touchpoints"][:room]
        room -= len(stage["touchpoints"])
