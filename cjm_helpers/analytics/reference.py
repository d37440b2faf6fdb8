"""The funnel's definition written plainly, one user at a time (slow; for checking).

`funnel` in funnel.py computes the same numbers with numpy over the whole log;
the tests compare the two on random logs and the benchmark times both.
"""

from __future__ import annotations

import statistics
from typing import Any

import pandas as pd

from .events import EVENT, TIME, USER, as_events
from .stages import define_stages


def reference_funnel(events: Any, stages: Any) -> pd.DataFrame:
    """The ordered funnel, by a straightforward loop over users and their events."""
    log = as_events(events)
    definition = define_stages(stages)
    stage_of = definition.index_of()
    n = len(definition)
    counts = [0] * n
    gaps: list[list[Any]] = [[] for _ in range(n)]
    by_user: dict[Any, list[tuple[Any, int]]] = {}
    for user, event, when in zip(log[USER], log[EVENT], log[TIME]):
        if event in stage_of:
            by_user.setdefault(user, []).append((when, stage_of[event]))
    for visits in by_user.values():
        visits.sort(key=lambda visit: visit[0])
        reached_at = None
        for k in range(n):
            # the first event of stage k at or after reaching stage k - 1
            found = next((when for when, stage in visits
                          if stage == k and (reached_at is None or when >= reached_at)), None)
            if found is None:
                break
            counts[k] += 1
            if k > 0:
                gaps[k].append(found - reached_at)
            reached_at = found
    rows = []
    for k, name in enumerate(definition.names):
        previous = counts[k - 1] if k else counts[0]
        rows.append({
            "stage": name,
            "users": counts[k],
            "conversion_rate": counts[k] / counts[0] if counts[0] else float("nan"),
            "step_conversion_rate": counts[k] / previous if previous else float("nan"),
            "drop_off": previous - counts[k],
            "median_time_from_previous": statistics.median(gaps[k]) if gaps[k] else pd.NaT,
        })
    return pd.DataFrame(rows)
