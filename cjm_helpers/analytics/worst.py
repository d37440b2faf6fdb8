"""Which step of a funnel loses the most people."""

from __future__ import annotations

import pandas as pd

from .errors import StageDefinitionError

MEASURES = ("rate", "users")


def worst_stage(table: pd.DataFrame, measure: str = "rate") -> pd.Series:
    """The funnel row of the stage with the largest drop-off (never the first stage).

    measure="rate" (default): the largest share of the previous stage's users lost,
    i.e. the lowest step_conversion_rate. measure="users": the most users lost
    (drop_off). Ties go to the earlier stage. Steps from a stage nobody reached are skipped.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be 'rate' or 'users', got {measure!r}")
    extra = [c for c in table.columns if c not in ("stage", "users", "conversion_rate", "step_conversion_rate",
                                                   "drop_off", "median_time_from_previous")]
    if extra:
        raise StageDefinitionError(
            f"this funnel is split by {extra[0]!r}; pick one segment first, e.g. "
            f"table[table[{extra[0]!r}] == value]")
    steps = table.iloc[1:]
    steps = steps[steps["step_conversion_rate"].notna()]
    if steps.empty:
        raise StageDefinitionError("a funnel needs at least two stages, with users at the first, "
                                   "to have a drop-off")
    if measure == "rate":
        position = steps["step_conversion_rate"].to_numpy().argmin()
    else:
        position = steps["drop_off"].to_numpy().argmax()
    return steps.iloc[position]
