"""The ordered stage funnel, computed with numpy over the whole log at once.

Definition (the same as the per-user reference in `reference.py`):

* A user reaches stage 1 at the time of their first event of stage 1.
* A user reaches stage k (k > 1) at the time of their first event of stage k
  at or after the time they reached stage k - 1 (an event at the very same
  time counts). Events of stage k before that time do not count.
* A user counts at stage k when they reached stages 1..k in this way; a user
  who skips a stage is not counted at any later stage, whatever they do next.
* With `within`, a user counts at stage k only when they reached it no later
  than `within` after reaching stage 1.
* Rows are taken in time order, never in file order; repeated events change
  nothing (only the first qualifying one counts).

Columns: stage, users, conversion_rate (users / users at stage 1),
step_conversion_rate (users / users at the previous stage), drop_off (users at
the previous stage minus users here; 0 at stage 1), median_time_from_previous
(median over the users counted here of the time between reaching the previous
stage and this one; NaT at stage 1). A rate whose denominator is 0 is NaN.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..limits import MAX_LOG_SEGMENTS
from .errors import EventLogError, StageDefinitionError
from .events import EVENT, TIME, USER, as_events
from .stages import StageDefinition, check_events_present, define_stages

NAT = np.iinfo(np.int64).min
MISSING_SEGMENT = "(missing)"
FUNNEL_COLUMNS = ["stage", "users", "conversion_rate", "step_conversion_rate", "drop_off",
                  "median_time_from_previous"]


@dataclass
class Journeys:
    """Per-user stage times of a log, as integer arrays (the funnel's working data)."""

    events: pd.DataFrame
    stages: StageDefinition
    users: pd.Index            # user id of each user code
    times: np.ndarray          # (stages, users) int64 times when reached, NAT when not
    entry_row: np.ndarray      # row in `events` of each user's stage-1 entry event (-1: none)
    unit: str
    tz: Any
    ignored_events: dict[str, int]
    stage_rows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # user code, time, stage, row

    @property
    def entered(self) -> np.ndarray:
        return self.times[0] != NAT

    def to_timestamps(self, values: np.ndarray) -> pd.DatetimeIndex:
        out = pd.DatetimeIndex(np.asarray(values, dtype=np.int64).view(f"datetime64[{self.unit}]"))
        return out.tz_localize("UTC").tz_convert(self.tz) if self.tz is not None else out

    def to_timedeltas(self, values: np.ndarray) -> pd.TimedeltaIndex:
        return pd.TimedeltaIndex(np.asarray(values, dtype=np.int64).view(f"timedelta64[{self.unit}]"))


def journeys(events: Any, stages: Any, *, within: Any = None, unknown_events: str = "ignore",
             allow_empty_stages: bool = False) -> Journeys:
    """Work out when each user reached each stage (see the module docstring)."""
    if unknown_events not in ("ignore", "warn", "raise"):
        raise ValueError(f"unknown_events must be 'ignore', 'warn' or 'raise', got {unknown_events!r}")
    ev = as_events(events)
    definition = define_stages(stages)
    event_codes, event_names = pd.factorize(ev[EVENT], sort=False)
    counts = dict(zip(map(str, event_names), np.bincount(event_codes, minlength=len(event_names)).tolist()))
    if not allow_empty_stages:
        check_events_present(definition, counts)
    lookup = definition.index_of()
    ignored = {name: n for name, n in counts.items() if name not in lookup}
    if ignored and unknown_events != "ignore":
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(ignored.items()))
        message = f"events in no stage: {listed}"
        if unknown_events == "raise":
            raise EventLogError(ev.attrs.get("source"), message)
        warnings.warn(f"{message}; the funnel ignores them", stacklevel=3)

    stage_of = np.array([lookup.get(str(name), -1) for name in event_names], dtype=np.int64)
    stage_all = stage_of[event_codes]
    user_codes, users = pd.factorize(ev[USER], sort=False)
    keep = np.flatnonzero(stage_all >= 0)
    times_all = ev[TIME].array.asi8
    u, t, s = user_codes[keep], times_all[keep], stage_all[keep]
    order = np.lexsort((t, u, s))              # by stage, then user, then time
    u, t, s, rows = u[order], t[order], s[order], keep[order]
    bounds = np.searchsorted(s, np.arange(len(definition) + 1))

    n_users = len(users)
    unit = ev[TIME].dt.unit
    window = None if within is None else _in_units(within, unit)
    times = np.full((len(definition), n_users), NAT, dtype=np.int64)
    entry_row = np.full(n_users, -1, dtype=np.int64)
    reached = np.ones(n_users, dtype=bool)
    previous = np.full(n_users, NAT, dtype=np.int64)  # NAT is the smallest int64: no constraint
    for k in range(len(definition)):
        uu, tt, rr = u[bounds[k]:bounds[k + 1]], t[bounds[k]:bounds[k + 1]], rows[bounds[k]:bounds[k + 1]]
        ok = reached[uu] & (tt >= previous[uu])
        uu, tt, rr = uu[ok], tt[ok], rr[ok]
        first = np.ones(len(uu), dtype=bool)
        first[1:] = uu[1:] != uu[:-1]            # rows are sorted by time within a user
        who, when = uu[first], tt[first]
        if window is not None and k > 0:
            in_time = when - times[0, who] <= window
            who, when = who[in_time], when[in_time]
        times[k, who] = when
        if k == 0:
            entry_row[who] = rr[first]
        reached = times[k] != NAT
        previous = times[k]
    return Journeys(ev, definition, users, times, entry_row, unit, ev[TIME].dt.tz, ignored,
                    (u, t, s, rows))


def funnel(events: Any, stages: Any, *, by: str | None = None, within: Any = None,
           unknown_events: str = "ignore", allow_empty_stages: bool = False) -> pd.DataFrame:
    """The ordered funnel: one row per stage (per segment with `by`).

    events: a log from load_events, a DataFrame or a file path (see load_events).
    stages: {stage name: [event names]} in funnel order (see define_stages).
    by: a segment column (e.g. "channel"); a user's segment is its value on the
        event that entered them into stage 1. The result then has the segment
        column first and one block of rows per segment value (missing values
        are grouped as "(missing)").
    within: the longest time from stage 1 to a later stage, e.g. "30D"; later counts as dropped.
    unknown_events: events in no stage are "ignore"d (default; listed in the
        result's attrs["ignored_events"]), "warn"ed about, or "raise" an error.
    allow_empty_stages: by default a stage whose events never occur in the log is
        an error (usually a typo); True allows it (the stage then counts 0 users).

    Counting: a user reaches stage 1 at their first stage-1 event, and stage k at
    their first stage-k event at or after reaching stage k - 1; they count at
    stage k only when they reached stages 1..k that way (a skipped stage ends
    their funnel). Times decide, never row order; repeated events change nothing.
    """
    j = journeys(events, stages, within=within, unknown_events=unknown_events,
                 allow_empty_stages=allow_empty_stages)
    entered = np.flatnonzero(j.entered)
    times = j.times[:, entered]
    if by is None:
        table = _table(j, times)
    else:
        if by not in j.events.columns:
            raise EventLogError(j.events.attrs.get("source"),
                                f"no segment column {by!r} (columns: {', '.join(map(str, j.events.columns))})")
        labels = j.events[by].to_numpy(dtype=object)[j.entry_row[entered]]
        labels = np.where(pd.isna(labels), MISSING_SEGMENT, labels)
        codes, values = pd.factorize(labels, sort=True)
        if len(values) > MAX_LOG_SEGMENTS:
            raise EventLogError(j.events.attrs.get("source"),
                                f"refused: the segment column {by!r} has {len(values):,} distinct values among the "
                                f"users; the limit is {MAX_LOG_SEGMENTS:,} distinct values of the --by column "
                                "(break the funnel down by a column with fewer values)")
        parts = []
        for code, value in enumerate(values):
            part = _table(j, times[:, codes == code])
            part.insert(0, by, value)
            parts.append(part)
        table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[by, *FUNNEL_COLUMNS])
    table.attrs = {
        "stages": j.stages.to_dict(),
        "by": by,
        "within": None if within is None else str(pd.Timedelta(within)),
        "users_in_log": len(j.users),
        "ignored_events": dict(sorted(j.ignored_events.items())),
    }
    return table


def _table(j: Journeys, times: np.ndarray) -> pd.DataFrame:
    reached = times != NAT
    users = reached.sum(axis=1).astype(np.int64)
    first = users[0] if len(users) else 0
    previous = np.concatenate([[first], users[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        conversion = np.where(first > 0, users / max(first, 1), np.nan)
        step = np.where(previous > 0, users / np.maximum(previous, 1), np.nan)
    medians = [NAT]
    for k in range(1, len(users)):
        gaps = times[k, reached[k]] - times[k - 1, reached[k]]
        medians.append(int(np.median(gaps)) if len(gaps) else NAT)
    return pd.DataFrame({
        "stage": j.stages.names,
        "users": users,
        "conversion_rate": conversion.astype(float),
        "step_conversion_rate": step.astype(float),
        "drop_off": (previous - users).astype(np.int64),
        "median_time_from_previous": j.to_timedeltas(np.array(medians, dtype=np.int64)),
    })


def stage_times(events: Any, stages: Any, **options: Any) -> pd.DataFrame:
    """When each user who entered the funnel reached each stage: one row per user
    (index user_id), one column per stage, NaT where the stage was not reached."""
    j = journeys(events, stages, **options)
    entered = np.flatnonzero(j.entered)
    data = {name: j.to_timestamps(j.times[k, entered]) for k, name in enumerate(j.stages.names)}
    frame = pd.DataFrame(data, index=pd.Index(j.users[entered], name=USER))
    return frame


def time_between_stages(events: Any, stages: Any, **options: Any) -> pd.DataFrame:
    """One row per user and step (from stage, to stage, time taken) for every step a user made."""
    j = journeys(events, stages, **options)
    names = j.stages.names
    parts = []
    for k in range(1, len(names)):
        done = np.flatnonzero(j.times[k] != NAT)
        parts.append(pd.DataFrame({
            USER: j.users[done],
            "from_stage": names[k - 1],
            "to_stage": names[k],
            "time": j.to_timedeltas(j.times[k, done] - j.times[k - 1, done]),
        }))
    if not parts:
        return pd.DataFrame(columns=[USER, "from_stage", "to_stage", "time"])
    return pd.concat(parts, ignore_index=True)


def _visits(j: Journeys) -> tuple[np.ndarray, np.ndarray]:
    """Each user's stages in time order with repeats of the same stage collapsed:
    (user codes, stage indexes), grouped by user."""
    u, t, s, _ = j.stage_rows
    order = np.lexsort((s, t, u))              # by user, then time, then stage order for ties
    u, s = u[order], s[order]
    new = np.ones(len(u), dtype=bool)
    new[1:] = (u[1:] != u[:-1]) | (s[1:] != s[:-1])
    return u[new], s[new]


def top_paths(events: Any, stages: Any, *, top: int = 10, **options: Any) -> pd.DataFrame:
    """The most common paths: each user's stages in time order (repeats in a row
    collapsed, loops and skips kept), counted over users. Columns: path, users,
    share (of the users with at least one stage event), stages (number of steps)."""
    j = journeys(events, stages, **options)
    u, s = _visits(j)
    if len(u) == 0:
        return pd.DataFrame(columns=["path", "users", "share", "steps"])
    counts, users = _path_counts(u, s)
    names = j.stages.names
    table = pd.DataFrame({"path": [" → ".join(names[i] for i in memoryview(key).cast("I")) for key in counts],
                          "users": np.fromiter(counts.values(), dtype=np.int64, count=len(counts)),
                          "steps": np.fromiter((len(key) // 4 for key in counts), dtype=np.int64, count=len(counts))})
    table = table.sort_values(["users", "path"], ascending=[False, True], kind="stable")
    table["share"] = table["users"] / users
    return table[["path", "users", "share", "steps"]].head(top).reset_index(drop=True)


def _path_counts(u: np.ndarray, s: np.ndarray) -> tuple[dict[bytes, int], int]:
    """({each distinct path as the bytes of its stage indexes: users}, users): one slice per user of
    one buffer, so a log of many users costs a dictionary update each, not a pandas group each."""
    from collections import Counter

    buffer = s.astype(np.uint32).tobytes()
    bounds = (np.flatnonzero(u[1:] != u[:-1]) + 1) * 4
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(buffer)]
    return Counter(buffer[a:b] for a, b in zip(starts, ends)), len(starts)


def transitions(events: Any, stages: Any, **options: Any) -> pd.DataFrame:
    """Moves between stages (each user's stages in time order, repeats collapsed):
    one row per (from_stage, to_stage) with the users who made it at least once
    and the number of moves. Backward moves (loops) and skips are included."""
    j = journeys(events, stages, **options)
    u, s = _visits(j)
    same = u[1:] == u[:-1]
    frame = pd.DataFrame({"user": u[1:][same], "from": s[:-1][same], "to": s[1:][same]})
    grouped = frame.groupby(["from", "to"], sort=True)
    table = pd.DataFrame({"users": grouped["user"].nunique(), "moves": grouped.size()}).reset_index()
    names = np.array(j.stages.names, dtype=object)
    table.insert(0, "from_stage", names[table.pop("from").to_numpy(dtype=int)])
    table.insert(1, "to_stage", names[table.pop("to").to_numpy(dtype=int)])
    return table.sort_values(["users", "moves"], ascending=False, kind="stable").reset_index(drop=True)


def _in_units(within: Any, unit: str) -> int:
    try:
        delta = pd.Timedelta(within)
    except (ValueError, TypeError) as exc:
        raise StageDefinitionError(f"within must be a duration such as '30D' or '12h', got {within!r}") from exc
    if pd.isna(delta) or delta < pd.Timedelta(0):
        raise StageDefinitionError(f"within must be a positive duration, got {within!r}")
    return int(delta // pd.Timedelta(1, unit=unit))

