"""Read an event log (who did what, when) from a DataFrame, a CSV file or a Parquet file.

The result is always a DataFrame with the columns `user_id`, `event`, `timestamp`
first (any other columns, e.g. segments such as channel or device, follow),
sorted by time. Row order in the source never matters.
"""

from __future__ import annotations

import difflib
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import limits
from ..errors import listed
from .errors import EventLogError
from .logfile import LogFile, read_file

USER, EVENT, TIME = "user_id", "event", "timestamp"
COLUMNS = (USER, EVENT, TIME)
_SHOW_ROWS = 5


def load_events(
    source: Any,
    *,
    user: str = USER,
    event: str = EVENT,
    time: str = TIME,
    time_format: str | None = None,
    time_unit: str | None = None,
    utc: bool = False,
    bad_rows: str = "raise",
    columns: Any = None,
) -> pd.DataFrame:
    """An event log as a clean DataFrame: `user_id`, `event`, `timestamp`, then other columns.

    source: a DataFrame, or the path of a .csv (.csv.gz) or .parquet file.
    user, event, time: the source's names for those columns, when they differ.
    time_format: a strftime format for the times (default: ISO 8601, e.g.
        "2024-03-01 09:30" or "2024-03-01T09:30:00+01:00"); no day/month guessing.
    time_unit: for numeric times (seconds since 1970 etc.): "s", "ms", "us" or "ns".
    utc: convert every time to UTC (needed when times carry different offsets;
        times without an offset are then taken as UTC).
    bad_rows: "raise" (default): a row with a missing user, event or time, or a
        time that cannot be read, is an error naming the rows; "drop": such rows
        are left out with a warning saying how many.

    columns: for a file, the other columns to keep besides user, event and time
        (default: all); keeping fewer columns of a large log takes less memory.

    A file is checked against the limits of an event log (cjm_helpers.limits.LOG_LIMITS: size,
    rows, columns, line and value lengths, distinct event names) before and while it is read.
    Rows with more fields than the header are bad rows, like rows with a missing value.

    Events are sorted by time (stable, so rows with equal times keep their order).
    Raises EventLogError naming the file, the column or the rows.
    """
    if bad_rows not in ("raise", "drop"):
        raise ValueError(f"bad_rows must be 'raise' or 'drop', got {bad_rows!r}")
    keep = None if columns is None else {user, event, time, *([columns] if isinstance(columns, str) else columns)}
    name, frame, log = _read(source, user, event, keep)
    names = {user: USER, event: EVENT, time: TIME}
    _check_columns(frame, names, name)
    clashes = [canon for given, canon in names.items() if given != canon and canon in frame.columns]
    if clashes:
        raise EventLogError(name, f"has its own column {clashes[0]!r} as well as the column mapped to it; "
                                  "rename or drop one of them")
    frame = frame.rename(columns={k: v for k, v in names.items() if k != v})
    if frame.empty:
        raise EventLogError(name, "has no events (no rows)")

    frame = frame.copy()
    bad = pd.Series(False, index=frame.index)
    problems = []
    _check_event_names(frame, name)
    for column in (USER, EVENT):
        missing = frame[column].isna()
        if column == EVENT:
            frame[EVENT] = frame[EVENT].astype("string").str.strip()
            missing |= frame[EVENT].isna() | (frame[EVENT] == "")
        if missing.any():
            problems.append((f"no {column}", missing))
            bad |= missing
    raw_times = frame[TIME]
    times, unreadable, empty_time = _parse_times(raw_times, name, time, time_format, time_unit, utc)
    if empty_time.any():
        problems.append((f"no {time}", empty_time))
        bad |= empty_time
    if unreadable.any():
        problems.append((f"{time} cannot be read as a date and time", unreadable))
        bad |= unreadable
    frame[TIME] = times

    split = log.bad_lines if log is not None else []
    if bad.any() or split:
        if bad_rows == "raise":
            texts = [_describe_split(split)] if split else []
            texts += [_describe_rows(frame.index, mask, what, log, raw_times) for what, mask in problems]
            raise EventLogError(name, "; ".join(texts) + " (fix these rows, or pass bad_rows='drop' to leave them out)")
        total = len(frame) + len(split)
        warnings.warn(f"{name}: left out {int(bad.sum()) + len(split):,} of {total:,} rows with a missing or "
                      "unreadable user, event or time, or more fields than the header", stacklevel=2)
        frame = frame[~bad]
        if frame.empty:
            raise EventLogError(name, "has no usable events: every row was left out")

    ordered = [*COLUMNS, *(c for c in frame.columns if c not in COLUMNS)]
    frame = frame[ordered].sort_values(TIME, kind="stable").reset_index(drop=True)
    frame.attrs = {"source": name}
    return frame


def as_events(events: Any) -> pd.DataFrame:
    """`events` as loaded by load_events: a loaded log passes through, anything else is loaded."""
    if (
        isinstance(events, pd.DataFrame)
        and list(events.columns[:3]) == list(COLUMNS)
        and pd.api.types.is_datetime64_any_dtype(events[TIME])
        and not events[list(COLUMNS)].isna().to_numpy().any()
    ):
        if events.empty:
            raise EventLogError(None, "the event log has no events (no rows)")
        return events
    return load_events(events)


# --- reading ---------------------------------------------------------------

def _read(source: Any, user: str, event: str, columns: Any) -> tuple[str, pd.DataFrame, LogFile | None]:
    """(name for messages, raw frame, the parsed file for line numbers, or None for a DataFrame)."""
    if isinstance(source, pd.DataFrame):
        return "event log", source, None
    if not isinstance(source, (str, Path)):
        raise EventLogError(None, f"an event log must be a DataFrame or a file path, got {type(source).__name__}")
    path = Path(source)
    if not path.exists():
        raise EventLogError(path, "no such file")
    if path.is_dir():
        raise EventLogError(path, "is a folder, not an event log file")
    # Ids and event names stay text ("007" is not 7).
    log = read_file(path, dtype={user: "string", event: "string"}, columns=columns)
    return str(path), log.frame, log


def _check_columns(frame: pd.DataFrame, names: dict[str, str], name: str) -> None:
    found = [str(c) for c in frame.columns]
    for given, canon in names.items():
        if given in frame.columns:
            continue
        close = difflib.get_close_matches(given, found, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        arg = {USER: "user", EVENT: "event", TIME: "time"}[canon]
        raise EventLogError(
            name,
            f"missing column {given!r} ({hint}columns found: {', '.join(found) or 'none'}; "
            f"if the {canon} column has another name, pass {arg}='that name', or --{arg} on the command line)",
        )


def _parse_times(raw: pd.Series, name: str, label: str, time_format: str | None,
                 time_unit: str | None, utc: bool) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(times, unreadable mask, empty mask)."""
    empty = raw.isna() | (raw.astype("string").str.strip() == "").fillna(False)
    if pd.api.types.is_datetime64_any_dtype(raw):
        times = raw.dt.tz_convert("UTC") if utc and raw.dt.tz is not None else raw
        if utc and times.dt.tz is None:
            times = times.dt.tz_localize("UTC")
        return times, pd.Series(False, index=raw.index), empty
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        if time_unit is None:
            raise EventLogError(name, f"column {label!r} holds numbers, not dates; if they are "
                                      "times since 1970, pass time_unit='s' (or 'ms', 'us', 'ns')")
        times = pd.to_datetime(raw, unit=time_unit, errors="coerce", utc=utc)
    else:
        try:
            times = pd.to_datetime(raw.astype("string").str.strip(), errors="coerce",
                                   format=time_format or "ISO8601", utc=utc)
        except ValueError as exc:
            if "zone" in str(exc).lower():
                raise EventLogError(name, f"column {label!r} mixes times with different time zones "
                                          "(or with and without one); pass utc=True to convert them "
                                          "all to UTC (times without a zone are then read as UTC)") from exc
            raise EventLogError(name, f"column {label!r}: {exc}") from exc
    unreadable = times.isna() & ~empty
    return times, unreadable, empty


def _check_event_names(frame: pd.DataFrame, name: str) -> None:
    """Refuse a log with more distinct event names than the limit (a funnel needs a dozen)."""
    distinct = frame[EVENT].nunique(dropna=True)
    if distinct > limits.MAX_LOG_EVENTS:
        raise EventLogError(name, f"refused: it has {distinct:,} distinct event names; the limit is "
                                  f"{limits.MAX_LOG_EVENTS:,} distinct event names for an event log "
                                  "(if the events are in another column, pass event='that name', or --event on the command line)")


def _describe_split(split: list[tuple[int, str]]) -> str:
    shown = listed([f"line {n}" for n, _ in split[:_SHOW_ROWS]], len(split))
    return f"more fields than the header ({split[0][1]}): {shown}"


def _describe_rows(index: pd.Index, mask: pd.Series, what: str, log: LogFile | None,
                   raw_times: pd.Series) -> str:
    positions = mask.to_numpy().nonzero()[0].tolist()
    shown = positions[:_SHOW_ROWS]
    if log is not None:
        where = [f"line {n}" for n in log.lines(np.array(shown)).tolist()]
    else:
        where = [f"row {index[p]!r}" for p in shown]
    example = f" (e.g. {str(raw_times.iloc[shown[0]])!r})" if "cannot be read" in what else ""
    return f"{what}{example}: {listed(where, len(positions))}"
