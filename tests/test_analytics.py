"""Funnels from event logs: hand-computed logs, properties against the reference, bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_helpers.analytics import (
    LANGUAGE_COURSE_STAGES,
    EventLogError,
    StageDefinitionError,
    annotate_map,
    define_stages,
    funnel,
    load_events,
    load_sample_events,
    plot_flows,
    plot_funnel,
    plot_stage_times,
    reference_funnel,
    sample_events,
    sample_path,
    stage_times,
    top_paths,
    transitions,
    worst_stage,
)
from cjm_helpers.errors import CJMError
from cjm_helpers.draw.save import save_figure
from cjm_helpers.palette import BLUE, VERMILLION

ABC = {"A": ["a"], "B": ["b"], "C": ["c"]}


def log(*rows, **segments):
    """rows of (user, event, 'HH:MM') on 2024-01-01; keyword lists add segment columns."""
    frame = pd.DataFrame(rows, columns=["user_id", "event", "timestamp"])
    frame["timestamp"] = "2024-01-01 " + frame["timestamp"]
    for name, values in segments.items():
        frame[name] = values
    return frame


def minutes(n):
    return pd.Timedelta(minutes=n)


# --- funnels computed by hand -------------------------------------------------------

FIVE_USERS = log(
    ("u1", "a", "10:00"), ("u1", "b", "11:00"), ("u1", "c", "12:00"),   # all three stages
    ("u2", "a", "10:00"), ("u2", "b", "10:30"),                          # stops after B
    ("u3", "a", "09:00"),                                                # stops after A
    ("u4", "b", "08:00"), ("u4", "a", "09:00"),                          # B before A does not count
    ("u5", "a", "09:00"), ("u5", "c", "10:00"),                          # skips B: not counted at C
)


def test_funnel_by_hand():
    table = funnel(FIVE_USERS, ABC)
    assert list(table.columns) == ["stage", "users", "conversion_rate", "step_conversion_rate",
                                   "drop_off", "median_time_from_previous"]
    assert table["stage"].tolist() == ["A", "B", "C"]
    assert table["users"].tolist() == [5, 2, 1]
    assert table["conversion_rate"].tolist() == pytest.approx([1.0, 0.4, 0.2])
    assert table["step_conversion_rate"].tolist() == pytest.approx([1.0, 0.4, 0.5])
    assert table["drop_off"].tolist() == [0, 3, 1]
    assert pd.isna(table["median_time_from_previous"].iloc[0])
    assert table["median_time_from_previous"].iloc[1] == minutes(45)   # u1 60 min, u2 30 min
    assert table["median_time_from_previous"].iloc[2] == minutes(60)


def test_row_order_never_matters():
    shuffled = FIVE_USERS.sample(frac=1, random_state=3)
    reversed_rows = FIVE_USERS.iloc[::-1]
    expected = funnel(FIVE_USERS, ABC)
    pd.testing.assert_frame_equal(funnel(shuffled, ABC), expected)
    pd.testing.assert_frame_equal(funnel(reversed_rows, ABC), expected)


def test_loaded_log_is_sorted_by_time():
    events = load_events(FIVE_USERS.iloc[::-1])
    assert events["timestamp"].is_monotonic_increasing
    assert list(events.columns[:3]) == ["user_id", "event", "timestamp"]


def test_repeated_events_count_once_from_the_first_qualifying_one():
    events = log(("u", "b", "09:00"), ("u", "a", "10:00"), ("u", "a", "11:00"),
                 ("u", "b", "12:00"), ("u", "b", "13:00"), ("u", "c", "13:30"), ("u", "c", "14:00"))
    table = funnel(events, ABC)
    assert table["users"].tolist() == [1, 1, 1]
    # A at 10:00 (the first a), B at 12:00 (first b at or after 10:00), C at 13:30
    assert table["median_time_from_previous"].tolist()[1:] == [minutes(120), minutes(90)]


def test_an_event_at_the_same_time_counts_for_the_next_stage():
    events = log(("u", "b", "10:00"), ("u", "a", "10:00"), ("v", "a", "10:00"), ("v", "b", "09:59"))
    table = funnel(events, ABC, allow_empty_stages=True)
    assert table["users"].tolist() == [2, 1, 0]
    assert table["median_time_from_previous"].iloc[1] == pd.Timedelta(0)


def test_a_stage_with_several_events_starts_at_the_first_of_them():
    events = log(("u", "search", "10:00"), ("u", "ad", "09:00"), ("u", "buy", "09:30"))
    table = funnel(events, {"Find": ["ad", "search"], "Buy": ["buy"]})
    assert table["users"].tolist() == [1, 1]
    assert table["median_time_from_previous"].iloc[1] == minutes(30)


def test_within_drops_users_who_take_too_long():
    events = log(("u", "a", "10:00"), ("u", "b", "10:30"), ("u", "c", "12:00"),
                 ("v", "a", "10:00"), ("v", "b", "10:59"), ("v", "c", "11:00"))
    table = funnel(events, ABC, within="1h")
    assert table["users"].tolist() == [2, 2, 1]
    assert table.attrs["within"] == "0 days 01:00:00"


def test_stage_times_per_user():
    times = stage_times(FIVE_USERS, ABC)
    assert times.loc["u2", "B"] == pd.Timestamp("2024-01-01 10:30")
    assert pd.isna(times.loc["u4", "B"]) and pd.isna(times.loc["u5", "C"])
    assert sorted(times.index) == ["u1", "u2", "u3", "u4", "u5"]


def test_breakdown_by_segment_uses_the_segment_of_the_entry_event():
    events = log(("u1", "a", "10:00"), ("u1", "b", "11:00"),
                 ("u2", "a", "10:00"),
                 ("u3", "b", "08:00"), ("u3", "a", "09:00"), ("u3", "b", "09:30"),
                 device=["mobile", "desktop", "desktop", "mobile", "desktop", "mobile"])
    table = funnel(events, {"A": ["a"], "B": ["b"]}, by="device")
    assert table.columns[0] == "device"
    rows = {(r.device, r.stage): r.users for r in table.itertuples()}
    # u1 entered on mobile; u2 and u3 entered on desktop (u3's earlier b on mobile is not the entry)
    assert rows == {("desktop", "A"): 2, ("desktop", "B"): 1, ("mobile", "A"): 1, ("mobile", "B"): 1}
    desktop = table[table["device"] == "desktop"]
    assert desktop["step_conversion_rate"].tolist() == pytest.approx([1.0, 0.5])


def test_missing_segment_values_are_grouped_not_dropped():
    events = log(("u1", "a", "10:00"), ("u2", "a", "10:00"), channel=["social", None])
    table = funnel(events, {"A": ["a"]}, by="channel")
    assert dict(zip(table["channel"], table["users"])) == {"(missing)": 1, "social": 1}


def test_unknown_segment_column_is_named():
    with pytest.raises(EventLogError, match="no segment column 'region'"):
        funnel(FIVE_USERS, ABC, by="region")


def test_top_paths_by_hand():
    paths = top_paths(FIVE_USERS, ABC)
    counted = dict(zip(paths["path"], paths["users"]))
    assert counted == {"A → B → C": 1, "A → B": 1, "A": 1, "B → A": 1, "A → C": 1}
    events = log(("u1", "a", "10:00"), ("u1", "a", "10:05"), ("u1", "b", "11:00"),
                 ("u2", "a", "10:00"), ("u2", "b", "10:10"),
                 ("u3", "a", "10:00"))
    paths = top_paths(events, {"A": ["a"], "B": ["b"]})
    assert paths.iloc[0].to_dict() == {"path": "A → B", "users": 2, "share": pytest.approx(2 / 3), "steps": 2}


def test_transitions_by_hand():
    moves = transitions(FIVE_USERS, ABC)
    got = {(r.from_stage, r.to_stage): r.users for r in moves.itertuples()}
    assert got == {("A", "B"): 2, ("B", "C"): 1, ("B", "A"): 1, ("A", "C"): 1}


def test_ignored_events_are_reported():
    events = log(("u", "a", "10:00"), ("u", "page_view", "10:01"), ("u", "page_view", "10:02"))
    table = funnel(events, {"A": ["a"]})
    assert table.attrs["ignored_events"] == {"page_view": 2}
    with pytest.warns(UserWarning, match=r"page_view \(2\)"):
        funnel(events, {"A": ["a"]}, unknown_events="warn")
    with pytest.raises(EventLogError, match=r"events in no stage: page_view \(2\)"):
        funnel(events, {"A": ["a"]}, unknown_events="raise")


def test_a_stage_nobody_reaches_gives_nan_rates_after_it():
    events = log(("u", "a", "10:00"), ("u", "c", "11:00"))
    table = funnel(events, {"A": ["a"], "B": ["b"], "C": ["c"]}, allow_empty_stages=True)
    assert table["users"].tolist() == [1, 0, 0]
    assert table["step_conversion_rate"].iloc[1] == 0.0
    assert np.isnan(table["step_conversion_rate"].iloc[2])


def test_worst_stage_by_rate_and_by_users():
    table = pd.DataFrame({"stage": ["A", "B", "C"], "users": [100, 40, 10],
                          "conversion_rate": [1, .4, .1], "step_conversion_rate": [1, .4, .25],
                          "drop_off": [0, 60, 30], "median_time_from_previous": [pd.NaT] * 3})
    assert worst_stage(table)["stage"] == "C"
    assert worst_stage(table, measure="users")["stage"] == "B"
    with pytest.raises(StageDefinitionError, match="at least two stages"):
        worst_stage(table.iloc[:1])


# --- properties against the straightforward reference ---------------------------------

EVENTS = ["a", "b", "b2", "c", "d", "other"]
STAGES = {"A": ["a"], "B": ["b", "b2"], "C": ["c"], "D": ["d"]}


@st.composite
def random_logs(draw):
    n = draw(st.integers(1, 30))
    users = draw(st.lists(st.sampled_from(["u1", "u2", "u3", "u4", "u5"]), min_size=n, max_size=n))
    events = draw(st.lists(st.sampled_from(EVENTS), min_size=n, max_size=n))
    minutes_ = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))   # small range: many ties
    segment = draw(st.lists(st.sampled_from(["x", "y"]), min_size=n, max_size=n))
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(minutes_, unit="min")
    return pd.DataFrame({"user_id": users, "event": events, "timestamp": times, "segment": segment})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_logs())
def test_vectorised_funnel_equals_the_reference(events):
    fast = funnel(events, STAGES, allow_empty_stages=True)
    slow = reference_funnel(events, STAGES)
    assert fast["users"].tolist() == slow["users"].tolist()
    assert fast["drop_off"].tolist() == slow["drop_off"].tolist()
    np.testing.assert_allclose(fast["conversion_rate"], slow["conversion_rate"].astype(float))
    np.testing.assert_allclose(fast["step_conversion_rate"], slow["step_conversion_rate"].astype(float))
    for x, y in zip(fast["median_time_from_previous"], slow["median_time_from_previous"]):
        assert (pd.isna(x) and pd.isna(y)) or x == y


@settings(max_examples=60, deadline=None)
@given(random_logs())
def test_funnel_properties(events):
    table = funnel(events, STAGES, allow_empty_stages=True)
    users = table["users"].to_numpy()
    assert (np.diff(users) <= 0).all(), "counts never increase down the funnel"
    assert (table["drop_off"].to_numpy()[1:] == -np.diff(users)).all()
    for column in ("conversion_rate", "step_conversion_rate"):
        rates = table[column].to_numpy()
        known = ~np.isnan(rates)
        assert ((rates[known] >= 0) & (rates[known] <= 1)).all()
        denominators = np.r_[users[0], users[:-1]] if column == "step_conversion_rate" else np.full(len(users), users[0])
        assert (np.isnan(rates) == (denominators == 0)).all(), "NaN only where nobody could convert"
    gaps = table["median_time_from_previous"].iloc[1:].dropna()
    assert (gaps >= pd.Timedelta(0)).all()
    by = funnel(events, STAGES, by="segment", allow_empty_stages=True)
    if users[0]:
        assert by.groupby("stage", sort=False)["users"].sum().tolist() == users.tolist()
    else:
        assert by.empty, "nobody entered: no segment to show"


# --- the sample log --------------------------------------------------------------------

def test_shipped_sample_is_small_and_matches_the_generator():
    assert sample_path().stat().st_size < 300_000
    shipped = load_sample_events()
    generated = sample_events()
    assert list(shipped.columns) == ["user_id", "event", "timestamp", "channel", "device", "country"]
    assert shipped["user_id"].tolist() == generated["user_id"].tolist()
    assert shipped["event"].tolist() == generated["event"].tolist()
    assert (shipped["timestamp"].to_numpy() == generated["timestamp"].to_numpy()).all()


def test_sample_tells_a_clear_story():
    table = funnel(load_sample_events(), LANGUAGE_COURSE_STAGES)
    assert table["users"].iloc[0] == 1200
    # the exercise relies on both measures agreeing on the worst step
    assert worst_stage(table)["stage"] == worst_stage(table, measure="users")["stage"] == "Subscribe"
    assert table.attrs["ignored_events"] == {"contact_support": 240}
    # mobile users subscribe less often than desktop users
    by = funnel(load_sample_events(), LANGUAGE_COURSE_STAGES, by="device").set_index(["device", "stage"])
    assert by.loc[("mobile", "Subscribe"), "step_conversion_rate"] < by.loc[("desktop", "Subscribe"), "step_conversion_rate"]


def test_generator_is_seeded_and_scales():
    a, b = sample_events(users=300, seed=7), sample_events(users=300, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert not sample_events(users=300, seed=8)["timestamp"].equals(a["timestamp"])
    big = sample_events(users=20_000, seed=1)
    assert big["user_id"].nunique() == 20_000
    assert big["timestamp"].is_monotonic_increasing


# --- bad input ----------------------------------------------------------------------------

def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_column_names_the_file_and_the_column(tmp_path):
    path = write(tmp_path, "log.csv", "customer,event,timestamp\nu1,a,2024-01-01 10:00\n")
    with pytest.raises(EventLogError) as error:
        load_events(path)
    message = str(error.value)
    assert str(path) in message and "missing column 'user_id'" in message and "user=" in message
    assert load_events(path, user="customer")["user_id"].tolist() == ["u1"]


def test_other_column_names_are_mapped():
    raw = pd.DataFrame({"who": ["u1"], "what": ["a"], "when": ["2024-01-01 10:00"], "plan": ["pro"]})
    events = load_events(raw, user="who", event="what", time="when")
    assert list(events.columns) == ["user_id", "event", "timestamp", "plan"]


def test_unreadable_times_name_the_lines(tmp_path):
    path = write(tmp_path, "log.csv", "user_id,event,timestamp\nu1,a,2024-01-01 10:00\n"
                                      "u2,a,yesterday\nu3,a,2024-13-45 10:00\n")
    with pytest.raises(EventLogError) as error:
        funnel(path, {"A": ["a"]})
    message = str(error.value)
    assert str(path) in message and "cannot be read as a date and time" in message
    assert "'yesterday'" in message and "line 3, line 4" in message


def test_missing_values_name_the_lines_and_can_be_dropped(tmp_path):
    path = write(tmp_path, "log.csv", "user_id,event,timestamp\nu1,a,2024-01-01 10:00\n,a,2024-01-01 11:00\n"
                                      "u3,,2024-01-01 11:00\n")
    with pytest.raises(EventLogError, match="no user_id: line 3; no event: line 4"):
        load_events(path)
    with pytest.warns(UserWarning, match="left out 2 of 3 rows"):
        events = load_events(path, bad_rows="drop")
    assert events["user_id"].tolist() == ["u1"]


def test_empty_logs_are_errors(tmp_path):
    with pytest.raises(EventLogError, match="has no events"):
        load_events(write(tmp_path, "empty.csv", "user_id,event,timestamp\n"))
    with pytest.raises(EventLogError, match="has no events"):
        funnel(pd.DataFrame({"user_id": [], "event": [], "timestamp": []}), {"A": ["a"]})


def test_files_that_cannot_be_read(tmp_path):
    with pytest.raises(EventLogError, match="no such file"):
        load_events(tmp_path / "missing.csv")
    with pytest.raises(EventLogError, match="unsupported file type"):
        load_events(write(tmp_path, "log.xlsx", "x"))


def test_parquet_is_read(tmp_path):
    path = tmp_path / "log.parquet"
    FIVE_USERS.assign(timestamp=pd.to_datetime(FIVE_USERS["timestamp"])).to_parquet(path)
    pd.testing.assert_frame_equal(funnel(path, ABC), funnel(FIVE_USERS, ABC))


def test_numbers_and_mixed_time_zones_need_a_decision():
    numeric = pd.DataFrame({"user_id": ["u"], "event": ["a"], "timestamp": [1_700_000_000]})
    with pytest.raises(EventLogError, match="time_unit='s'"):
        load_events(numeric)
    assert load_events(numeric, time_unit="s")["timestamp"].iloc[0] == pd.Timestamp("2023-11-14 22:13:20")
    mixed = pd.DataFrame({"user_id": ["u", "u"], "event": ["a", "b"],
                          "timestamp": ["2024-01-01T10:00+01:00", "2024-01-01 10:00"]})
    with pytest.raises(EventLogError, match="utc=True"):
        load_events(mixed)
    table = funnel(load_events(mixed, utc=True), {"A": ["a"], "B": ["b"]})
    assert table["median_time_from_previous"].iloc[1] == minutes(60)


def test_stage_definition_errors():
    typo = log(("u", "ad_click", "10:00"), ("u", "subscribe", "11:00"))
    with pytest.raises(StageDefinitionError, match="event 'subscibe' does not occur in the log; did you mean 'subscribe'"):
        funnel(typo, {"A": ["ad_click"], "B": ["subscibe", "renewal"]})
    with pytest.raises(StageDefinitionError, match="none of its events"):
        funnel(FIVE_USERS, {"A": ["a"], "B": ["zzz_nothing"]})
    with pytest.raises(StageDefinitionError, match="'a' is in stages 'A' and 'B'"):
        define_stages({"A": ["a"], "B": ["a"]})
    with pytest.raises(StageDefinitionError, match="no events"):
        define_stages({"A": []})
    with pytest.raises(StageDefinitionError, match="at least one stage"):
        define_stages({})


def test_stage_files(tmp_path):
    good = write(tmp_path, "stages.json", json.dumps([{"name": "A", "events": ["a"]}, {"name": "B", "events": "b"}]))
    assert define_stages(good).to_dict() == {"A": ["a"], "B": ["b"]}
    bad = write(tmp_path, "bad.json", "{oops")
    with pytest.raises(StageDefinitionError, match=r"bad.json: not valid JSON"):
        define_stages(bad)


def test_errors_are_workbook_errors():
    assert issubclass(EventLogError, CJMError) and issubclass(StageDefinitionError, CJMError)


# --- from data to the map ---------------------------------------------------------------

def course_map():
    from cjm_helpers.model import JourneyMap

    return JourneyMap.model_validate({
        "title": "Language course",
        "stages": [
            {"name": "Discover", "touchpoints": [{"id": "t1", "name": "Sees an ad"}]},
            {"name": "compare", "touchpoints": [{"id": "t2", "name": "Compares offers"}]},
            {"name": "Sign up", "touchpoints": [{"id": "t3", "name": "Pays"},
                                                 {"id": "t4", "name": "Gets a receipt",
                                                  "pain_points": [{"id": "pp1", "text": "Slow", "severity": 1}]}]},
        ],
    })


def test_annotate_map_pairs_stages_and_suggests_a_pain_point(tmp_path):
    table = funnel(load_sample_events(), LANGUAGE_COURSE_STAGES)
    original = course_map()
    note = annotate_map(original, table, stage_names={"Subscribe": "Sign up"})
    assert note.for_stage("compare").users == table.loc[1, "users"]          # matched ignoring case
    assert note.worst.funnel_stage == "Subscribe" and note.worst.map_stage == "Sign up"
    assert "Keep learning" in note.unmatched_funnel_stages
    point = note.pain_point()
    assert point.id == "pp2" and point.severity == 3                            # pp1 is taken
    assert "77% of the people who reach Compare never reach Subscribe" in point.text
    assert "largest drop-off" in str(note) and "&lt;" not in note._repr_html_()
    updated = note.with_pain_point()
    assert [pp.id for pp in updated.find_touchpoint("t3").pain_points] == ["pp2"]
    assert original.find_touchpoint("t3").pain_points == []                     # the original is untouched
    from cjm_helpers.storage import load_map, save_map

    save_map(updated, tmp_path / "map.json")
    assert load_map(tmp_path / "map.json").find_pain_point("pp2") is not None


def test_annotate_map_explains_what_does_not_fit():
    table = funnel(load_sample_events(), LANGUAGE_COURSE_STAGES)
    with pytest.raises(CJMError, match="matches no stage of the map"):
        annotate_map(course_map(), table).with_pain_point()
    with pytest.raises(CJMError, match="'Nowhere', which is not a stage"):
        annotate_map(course_map(), table, stage_names={"Subscribe": "Nowhere"})
    with pytest.raises(CJMError, match="no touchpoint 'zz'"):
        annotate_map(course_map(), table, stage_names={"Subscribe": "Sign up"}).with_pain_point("zz")


# --- pictures --------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_plots_show_the_drop_off():
    import matplotlib.pyplot as plt

    events = load_sample_events()
    table = funnel(events, LANGUAGE_COURSE_STAGES)
    chart = ElementTree.fromstring(plot_funnel(table).svg().split("\n", 1)[1])
    shown = ["".join(t.itertext()).replace("\xa0", " ") for t in chart.iter(SVG + "text")]
    assert shown[0] == "Funnel: users reaching each stage, and who is lost at each step"
    labels = [t.text for t in chart.iter(SVG + "text") if t.get("id", "").startswith("bar-label:")]
    assert labels == list(LANGUAGE_COURSE_STAGES)
    worst = [t for t in chart.iter(SVG + "text") if "largest drop-off" in (t.text or "")]
    assert [t.text.replace("\xa0", " ") for t in worst] == ["186  (16%)   −621 lost (77% of Compare)  ← largest drop-off"]
    assert worst[0].get("fill") == VERMILLION and worst[0].get("font-weight") == "bold"
    assert "1,200  (100%)" in shown and "users (share of the first stage in brackets)" in shown
    bars = [p for p in chart.iter(SVG + "path") if p.get("fill") in (BLUE, VERMILLION)]
    assert [p.get("fill") for p in bars] == [BLUE, BLUE, VERMILLION, BLUE, BLUE, BLUE]
    assert plot_funnel(table).savefig(io.BytesIO(), format="png") is None     # PNG still made, by matplotlib
    flows = plot_flows(table)
    assert "−621\n(77% lost)" in texts(flows)
    plt.close("all")


def svg_texts(drawing) -> dict[str, str]:
    """The texts of a drawing's SVG that have an id, by id (spaces as typed)."""
    chart = ElementTree.fromstring(drawing.svg().split("\n", 1)[1])
    return {t.get("id"): "".join(t.itertext()).replace("\xa0", " ") for t in chart.iter(SVG + "text") if t.get("id")}


def test_segments_and_stage_times_are_drawings_with_their_numbers():
    events = load_sample_events()
    segments = plot_funnel(funnel(events, LANGUAGE_COURSE_STAGES, by="device"))     # a segment column: lines
    shown = svg_texts(segments)
    assert shown["chart-title"] == "Conversion by device" and shown["legend-title"] == "device"
    assert shown["legend:0"] == "desktop: 534 users, 6% reach Renew"
    assert shown["legend:1"] == "mobile: 666 users, 4% reach Renew"
    assert [shown[f"step:{k}"] for k in range(6)] == list(LANGUAGE_COURSE_STAGES)
    assert "mobile (666 users): Discover 100%, Compare 68%, Subscribe 13%" in segments.description
    times = plot_stage_times(events, LANGUAGE_COURSE_STAGES)
    shown = svg_texts(times)
    assert shown["box-label:0"] == "Discover → Compare" and shown["box-note:0"] == "median 19.6 h, 807 users"
    assert shown["box-note:4"] == "median 28.3 days, 56 users"
    assert "Keep learning → Renew: median 28.3 days, 56 users" in times.description
    for drawing in (segments, times):
        assert drawing.savefig(io.BytesIO(), format="png") is None and drawing.savefig(io.BytesIO(), format="pdf") is None


def test_box_stats_follow_matplotlibs_boxplot():
    from matplotlib.cbook import boxplot_stats

    from cjm_helpers.draw.boxes import box_stats

    values = [0.2, 1, 1.5, 2, 2.2, 3, 3.1, 4, 40, 90]
    ours, theirs = box_stats(values), boxplot_stats(values)[0]
    assert (ours["q1"], ours["median"], ours["q3"]) == (theirs["q1"], theirs["med"], theirs["q3"])
    assert (ours["low"], ours["high"]) == (theirs["whislo"], theirs["whishi"])
    assert ours["fliers"] == list(theirs["fliers"])


def test_chart_labels_are_text_never_markup_or_mathtext(tmp_path):
    """Stage and segment names come from a learner's log: escaped in the SVG, never parsed as mathtext."""
    events = load_sample_events().copy()
    events["device"] = events["device"].map({"mobile": "$$ <b>phone</b>", "desktop": "$x^2$ & desk"})
    stages = {"$$ <i>seen</i>": ["ad_click", "course_search"], "Compare & $pay$": ["compare_offers"]}
    pictures = [plot_funnel(funnel(events, stages)), plot_funnel(funnel(events, stages, by="device")),
                plot_stage_times(events, stages)]
    for k, drawing in enumerate(pictures):
        svg = drawing.svg()
        assert "<b>" not in svg and "<i>" not in svg and "&lt;i&gt;seen&lt;/i&gt;" in svg
        ElementTree.fromstring(svg.split("\n", 1)[1])      # still well-formed
        for kind in ("png", "pdf"):
            save_figure(drawing, tmp_path / f"chart{k}.{kind}")
        assert not any(t.get_parse_math() for ax in drawing.figure.axes for t in ax.texts)
    flows = plot_flows(funnel(events, stages), title="Flows of $$ and $x^2$")   # a matplotlib Figure
    save_figure(flows, tmp_path / "flows.png")
    assert "$$ <i>seen</i>\n1,200" in texts(flows)


def test_funnel_chart_fits_long_stage_names():
    long = "A very long stage name that a learner might well type in full"
    table = funnel(load_sample_events(), {long: ["ad_click", "course_search"], "Compare": ["compare_offers"]})
    chart = ElementTree.fromstring(plot_funnel(table).svg().split("\n", 1)[1])
    label = chart.find(f".//{SVG}text[@id='bar-label:0']")
    assert [t.text for t in label.iter(SVG + "tspan")] == ["A very long stage name", "that a learner might …"]
    notes = [n for n in ("".join(t.itertext()).replace("\xa0", " ") for t in chart.iter(SVG + "text")) if n.startswith("−")]
    assert len(notes) == 1 and notes[0].startswith("−393 lost (33% of A very long")
    assert notes[0].endswith("…  ← largest drop-off")      # cut to fit the chart, the mark kept


def test_showing_the_funnel_segments_and_stage_times_does_not_load_matplotlib():
    script = """
import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shown = []
shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append(sorted(data))
shell.run_cell("from cjm_helpers.analytics import LANGUAGE_COURSE_STAGES, funnel, load_sample_events, plot_funnel, "
               "plot_segments, plot_stage_times")
shell.run_cell("from IPython.display import display")
shell.run_cell("display(plot_funnel(funnel(load_sample_events(), LANGUAGE_COURSE_STAGES)))")
shell.run_cell("display(plot_segments(funnel(load_sample_events(), LANGUAGE_COURSE_STAGES, by='device')))")
shell.run_cell("display(plot_stage_times(load_sample_events(), LANGUAGE_COURSE_STAGES))")
print(json.dumps({"matplotlib": [m for m in sys.modules if m.startswith("matplotlib")][:3], "shown": shown}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"matplotlib": [], "shown": [["image/svg+xml", "text/plain"]] * 3}


def test_importing_the_workbook_does_not_load_pandas():
    code = ("import sys, cjm_helpers; assert 'pandas' not in sys.modules; "
            "import cjm_helpers.analytics; assert 'matplotlib' not in sys.modules; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


# --- command line ------------------------------------------------------------------------------

def test_funnel_command(tmp_path, capsys):
    from cjm_helpers.cli import main

    stages = write(tmp_path, "stages.json", json.dumps(LANGUAGE_COURSE_STAGES))
    out_csv = tmp_path / "funnel.csv"
    assert main(["funnel", str(sample_path()), "--stages", str(stages), "--paths", "2",
                 "--csv", str(out_csv)]) == 0
    captured = capsys.readouterr()
    assert "Largest drop-off: Subscribe (77% of the previous stage lost, 621 users)" in captured.out
    assert "Discover → Compare" in captured.out
    assert "warning: events in no stage: contact_support (240)" in captured.err
    assert pd.read_csv(out_csv)["users"].tolist() == funnel(sample_path(), LANGUAGE_COURSE_STAGES)["users"].tolist()
    picture = tmp_path / "funnel.png"
    assert main(["funnel", str(sample_path()), "--stages", str(stages), "--plot", str(picture)]) == 0
    from PIL import Image

    with Image.open(picture) as image:      # the funnel Drawing, saved through its matplotlib Figure
        assert image.format == "PNG" and image.size[0] > 1000 and image.size[1] > 500
    vector = tmp_path / "funnel.svg"        # text kept as text: the stage names can be searched
    assert main(["funnel", str(sample_path()), "--stages", str(stages), "--plot", str(vector)]) == 0
    assert "Subscribe" in vector.read_text("utf-8") and "<text" in vector.read_text("utf-8")
    capsys.readouterr()
    assert main(["funnel", str(sample_path()), "--stages", str(stages), "--plot", str(tmp_path / "f.gif")]) == 2
    assert "cannot save a drawing as '.gif'" in capsys.readouterr().err
    bad = write(tmp_path, "log.csv", "who,event,timestamp\nu1,a,2024-01-01\n")
    assert main(["funnel", str(bad), "--stages", "language_course"]) == 2
    assert "missing column 'user_id'" in capsys.readouterr().err
