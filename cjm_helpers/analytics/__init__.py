"""Journeys from data: funnels and drop-off from an event log.

    from cjm_helpers.analytics import load_events, funnel, plot_funnel, sample_events

    events = load_sample_events()              # the shipped log (1,200 learners)
    table = funnel(events, LANGUAGE_COURSE_STAGES)
    plot_funnel(table)

Reading a log
    load_events(source, user=, event=, time=, time_format=, time_unit=, utc=, bad_rows=)
        a DataFrame or a .csv / .csv.gz / .parquet file -> DataFrame with user_id,
        event, timestamp first (other columns, e.g. segments, kept), sorted by time.
        Missing columns, missing values and unreadable times raise EventLogError
        naming the file, the column and the rows (or pass bad_rows="drop").
        A file is read within the limits of an event log (cjm_helpers.limits.LOG_LIMITS:
        size, rows, columns, line and value lengths, distinct events), checked at the door.
    sample_events(users=, seed=)     a seeded synthetic log of the online language course
    load_sample_events(), sample_path()   the small log shipped in cjm_helpers/data/

Stages
    {"Discover": ["ad_click", "course_search"], "Compare": ["compare_offers"], ...}:
    stage names in funnel order, each with the events that mark it; an event marks
    one stage only. LANGUAGE_COURSE_STAGES is the course's. define_stages() checks one.

Analysis
    funnel(events, stages, by=None, within=None, unknown_events="ignore")
        one row per stage: stage, users, conversion_rate (vs the first stage),
        step_conversion_rate (vs the previous stage), drop_off (users lost since the
        previous stage), median_time_from_previous; `by="channel"` adds a segment column.
    The counting rule: a user reaches stage 1 at their first stage-1 event, and
    stage k at their first stage-k event AT OR AFTER reaching stage k-1; a user
    counts at stage k only when they reached 1..k that way (skipping a stage ends
    their funnel). Events are taken in time order, never file order; repeats
    change nothing. Events that belong to no stage are ignored and listed in
    table.attrs["ignored_events"] (unknown_events="warn" or "raise" to be told).
    A stage whose events never occur in the log is an error (a typo, usually).
    stage_times(), time_between_stages(), top_paths(), transitions()
    worst_stage(table)               the step that loses the largest share of users

Pictures (shown as SVG, text as text; .savefig writes PNG, SVG or PDF)
    plot_funnel(table), plot_stage_times(events, stages), plot_segments(table_by_segment):
    Drawings that need no matplotlib until a PNG or PDF is asked for;
    plot_flows(table): a matplotlib Figure

From data to the map
    annotate_map(map, table) -> FunnelAnnotation: each map stage with its figures,
    the worst stage, a suggested PainPoint (.pain_point()) and
    .with_pain_point() -> a new JourneyMap with that pain point added.
    finding_problems(map, at_worst_stage=) what a map lacks as a data finding (exercise 06)
"""

from __future__ import annotations

from .errors import EventLogError, StageDefinitionError
from .events import load_events
from .finding import LANGUAGE_COURSE_MAP_STAGES, data_pain_points, finding_problems, worst_map_stage
from .funnel import funnel, stage_times, time_between_stages, top_paths, transitions
from .mapping import FunnelAnnotation, StageFigures, annotate_map
from .plots import plot_flows, plot_funnel, plot_segments, plot_stage_times
from .reference import reference_funnel
from .sample import load_sample_events, sample_events, sample_path
from .stages import LANGUAGE_COURSE_STAGES, StageDefinition, define_stages
from .worst import worst_stage

__all__ = [
    "EventLogError", "StageDefinitionError", "load_events", "funnel", "stage_times",
    "time_between_stages", "top_paths", "transitions", "reference_funnel",
    "load_sample_events", "sample_events", "sample_path", "LANGUAGE_COURSE_STAGES",
    "StageDefinition", "define_stages", "worst_stage", "annotate_map", "FunnelAnnotation",
    "StageFigures", "plot_funnel", "plot_segments", "plot_stage_times", "plot_flows",
    "LANGUAGE_COURSE_MAP_STAGES", "data_pain_points", "finding_problems", "worst_map_stage",
]
