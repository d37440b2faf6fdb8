"""The funnel on 1,000,000 events from 100,000 users: vectorised vs a per-user Python loop.

The loop (cjm_helpers.analytics.reference_funnel) is timed on a 10,000-user subset
of the same log and scaled by the share of events, as its name says; on the full
log it would take minutes. Both give the same table on that subset (checked here).
Targets: vectorised under 2 s, at least 10x faster than the loop. Peak memory of
the vectorised funnel is measured with tracemalloc in a separate, untimed run.

The largest legal event-log files (cjm_helpers.limits: MAX_LOG_ROWS rows, 6 columns,
and 20 short columns) go through the real `funnel` command, timed with their peak
memory by the tests' launcher, against the shipped sample log in the same run:
each must stay under 15 s and 500 MB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _bench import best_of, emit  # noqa: E402
from cjm_helpers.analytics import LANGUAGE_COURSE_STAGES, funnel, load_events, reference_funnel, sample_events  # noqa: E402

EVENTS, USERS, SUBSET_USERS = 1_000_000, 100_000, 10_000
EXTRA = {"course_search": 0.30, "compare_offers": 0.20, "lesson_completed": 0.30,
         "contact_support": 0.10, "ad_click": 0.05, "first_lesson": 0.05}


def build_log(seed: int = 11) -> pd.DataFrame:
    """The synthetic course log for 100,000 users, topped up to exactly 1,000,000 events
    with more events of the same kinds at random later times (repeat visits)."""
    base = sample_events(users=USERS, seed=seed)
    rng = np.random.default_rng(seed)
    need = EVENTS - len(base)
    firsts = base.groupby("user_id", sort=False).agg(
        timestamp=("timestamp", "min"), channel=("channel", "first"),
        device=("device", "first"), country=("country", "first"))
    pick = rng.integers(0, len(firsts), need)
    extra = firsts.iloc[pick].reset_index()
    extra["event"] = rng.choice(list(EXTRA), size=need, p=list(EXTRA.values()))
    extra["timestamp"] = extra["timestamp"] + pd.to_timedelta(rng.exponential(72, need).round(2), unit="h")
    log = load_events(pd.concat([base, extra[base.columns]], ignore_index=True))
    assert len(log) == EVENTS and log["user_id"].nunique() == USERS
    return log


def largest_legal_log(path: Path, columns: int = 6, seed: int = 5, events: list[str] | None = None,
                      every_user_once: bool = False, segments: int = 4) -> Path:
    """A CSV log at the row limit (or as many rows as the size limit allows): user, event, time, then
    `columns - 3` segment columns (one-letter values when there are many, the cheapest cells to write)."""
    from cjm_helpers import limits

    rows = limits.MAX_LOG_ROWS
    rng = np.random.default_rng(seed)
    events = np.array(events or LANGUAGE_COURSE_STAGES_EVENTS)
    start = np.datetime64("2024-01-01T00:00")
    frame = pd.DataFrame({
        "user_id": np.char.add("u", (np.arange(rows) if every_user_once else rng.integers(0, rows // 10, rows)).astype(str)),
        "event": events[rng.integers(0, len(events), rows)],
        "timestamp": np.datetime_as_string(start + rng.integers(0, 90 * 24 * 60, rows).astype("timedelta64[m]")),
    })
    values = np.array(["email", "search", "social", "direct"] if columns < 10 else list("abcd"))
    if segments > len(values):
        values = np.char.add("s", np.arange(segments).astype(str))
    for k in range(columns - 3):
        frame[f"segment_{k}"] = values[rng.integers(0, len(values), rows)]
    frame.to_csv(path, index=False)
    size = path.stat().st_size
    if size > limits.MAX_LOG_BYTES:
        frame.iloc[: int(rows * limits.MAX_LOG_BYTES / size * 0.99)].to_csv(path, index=False)
    assert path.stat().st_size <= limits.MAX_LOG_BYTES
    return path


LANGUAGE_COURSE_STAGES_EVENTS = [e for events in LANGUAGE_COURSE_STAGES.values() for e in events] + ["contact_support"]


def command_line_figures() -> None:
    """The funnel command on the largest legal logs, against the sample log in the same run."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_limits import MEGABYTES, SECONDS, run_cli

    from cjm_helpers.analytics import sample_path

    def timed(log: Path, *extra: str) -> tuple[float, float]:
        stages = () if "--stages" in extra else ("--stages", "language_course")
        result, seconds, peak = run_cli("funnel", str(log), *stages, *extra)
        assert result.returncode == 0, result.stderr
        return seconds, peak

    base_s, base_mb = min(timed(sample_path()) for _ in range(2))
    with tempfile.TemporaryDirectory() as folder:
        for columns, runs in ((6, ((), ("--by", "segment_0"))), (20, ((),))):
            log = largest_legal_log(Path(folder) / f"largest_{columns}.csv", columns)
            for extra in runs:
                seconds, peak = timed(log, *extra)
                name = f"funnel_command_largest_legal_log_{columns}_columns{'_by' if extra else ''}"
                ok = seconds < SECONDS and peak < MEGABYTES
                emit(f"{name}_s", seconds, "s", base_s, f"< {SECONDS} s (baseline: the sample log)", ok)
                emit(f"{name}_peak_MB", peak, "MB", base_mb, f"< {MEGABYTES} MB (baseline: the sample log)", ok)
            log.unlink()
        # The most stages a funnel may have, on the most rows: the funnel's stages x users arrays at their largest.
        from cjm_helpers import limits

        names = [f"step_{k}" for k in range(limits.MAX_FUNNEL_STAGES)]
        stages = Path(folder) / "stages.json"
        stages.write_text(json.dumps({name.title(): [name] for name in names}), "utf-8")
        # The worst found: every row a different user (the per-user arrays at their largest), with a
        # breakdown by nearly the most segments and the paths.
        for once in (False, True):
            log = largest_legal_log(Path(folder) / "largest_stages.csv", 6, events=names, every_user_once=once,
                                    segments=limits.MAX_LOG_SEGMENTS - 10)
            extra = ("--by", "segment_0") if once else ()
            seconds, peak = timed(log, "--stages", str(stages), "--paths", "5", *extra)
            name = (f"funnel_command_largest_legal_log_{limits.MAX_FUNNEL_STAGES}_stages_paths"
                    f"{'_every_row_a_new_user_by' if once else ''}")
            ok = seconds < SECONDS and peak < MEGABYTES
            emit(f"{name}_s", seconds, "s", base_s, f"< {SECONDS} s (baseline: the sample log)", ok)
            emit(f"{name}_peak_MB", peak, "MB", base_mb, f"< {MEGABYTES} MB (baseline: the sample log)", ok)


def main() -> None:
    start = time.perf_counter()
    log = build_log()
    print(f"# built {len(log):,} events from {log['user_id'].nunique():,} users "
          f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    stages = LANGUAGE_COURSE_STAGES

    vectorised = best_of(lambda: funnel(log, stages), repeat=3)

    subset_users = log["user_id"].drop_duplicates().iloc[:SUBSET_USERS]
    subset = log[log["user_id"].isin(set(subset_users))].reset_index(drop=True)
    start = time.perf_counter()
    slow = reference_funnel(subset, stages)
    loop_subset = time.perf_counter() - start
    fast = funnel(subset, stages)
    assert fast["users"].tolist() == slow["users"].tolist(), "vectorised and loop disagree"
    assert fast["drop_off"].tolist() == slow["drop_off"].tolist(), "vectorised and loop disagree"
    loop = loop_subset * len(log) / len(subset)

    emit("funnel_vectorised_1M_events_100k_users_s", vectorised, "s", loop, "< 2 s", vectorised < 2.0)
    emit(f"funnel_loop_1M_events_scaled_from_{SUBSET_USERS // 1000}k_users_s", loop, "s", None,
         "baseline (per-user Python loop)", True)
    speedup = loop / vectorised
    emit("funnel_speedup_vs_loop_x", speedup, "x", None, ">= 10x", speedup >= 10)

    tracemalloc.start()
    funnel(log, stages)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    log_mb = log.memory_usage(deep=True).sum() / 2**20
    emit("funnel_peak_memory_MB", peak / 2**20, "MB", log_mb, "reported (baseline: the log itself)", True)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    emit("bench_funnel_process_max_rss_MB", max_rss, "MB", None, "reported", True)
    command_line_figures()


if __name__ == "__main__":
    main()
