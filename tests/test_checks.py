"""The checks: one failing and one passing map per rule, where-in-words, reports, never raising."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_helpers import examples
from cjm_helpers.checks import RULES, Report, check_map

CURRENT = json.loads(examples.path("language_course_current").read_text("utf-8"))
FUTURE = json.loads(examples.path("language_course_future").read_text("utf-8"))
BLUEPRINT = json.loads(examples.path("hotel_blueprint").read_text("utf-8"))
DAY = json.loads(examples.path("language_learner_day").read_text("utf-8"))
BASES = {"current": CURRENT, "future": FUTURE, "blueprint": BLUEPRINT, "day": DAY}


def tps(data):
    return [tp for stage in data["stages"] for tp in stage["touchpoints"]]


def run(base: str, change=None) -> Report:
    data = copy.deepcopy(BASES[base])
    if change:
        change(data)
    current = examples.path("language_course_current") if base == "future" else None
    return check_map(data, current=current)


# --- the failing variant of each rule: (base map, change that breaks exactly that rule) -----------
def set_all(key, value):
    def change(data):
        for tp in tps(data):
            tp[key] = value
    return change


def _rename(*names):
    def change(data):
        for stage, name in zip(data["stages"], names):
            stage["name"] = name
    return change


def _flat(data):
    for tp in tps(data):
        tp["feeling"] = 0


def _no_pain(data):
    for tp in tps(data):
        tp["pain_points"] = []
        if tp["feeling"] == -2:
            tp["feeling"] = -1


def _dup_tp(data):
    tps(data)[1]["id"] = tps(data)[0]["id"]


def _dup_pp(data):
    with_pain = [tp for tp in tps(data) if tp["pain_points"]]
    with_pain[1]["pain_points"][0]["id"] = with_pain[0]["pain_points"][0]["id"]


def _unlink(data):
    data["improvements"][0]["pain_point"] = "no-such-pain"
    data["improvements"][1]["touchpoint"] = "no-such-touchpoint"


def _drop_severe(data):
    data["improvements"] = [i for i in data["improvements"] if i["pain_point"] != "pp-hidden-price"]


def _not_higher(data):
    data["improvements"][0]["expected_feeling"] = -2  # pp-hidden-price is at -2 today


def _time_order(data):
    data["stages"][2]["time"] = "08:00"


FAILING = {
    "persona.specific": ("current", lambda d: d["persona"].update(name="Customer")),
    "persona.details": ("current", lambda d: d["persona"].update(goals=[], frustrations=[])),
    "stages.count": ("current", lambda d: d.update(stages=d["stages"][:2])),
    "stages.order": ("current", _rename("Purchase", "Awareness", "Consideration")),
    "stages.unique_names": ("current", _rename("Need", "Need")),
    "stages.touchpoints": ("current", lambda d: d["stages"][5].update(touchpoints=[])),
    "touchpoint.basics": ("current", lambda d: tps(d)[3].update(doing=" ", intent="")),
    "touchpoint.channel_owner": ("current", lambda d: tps(d)[3].pop("owner")),
    "touchpoint.thinking": ("current", lambda d: tps(d)[0].update(thinking="")),
    "current.pain_points": ("current", _no_pain),
    "current.moment_of_truth": ("current", set_all("moment_of_truth", False)),
    "current.opportunities": ("current", set_all("opportunities", [])),
    "emotion.not_flat": ("day", _flat),
    "emotion.low_without_pain": ("current", lambda d: tps(d)[1].update(feeling=-2)),
    "ids.unique": ("current", _dup_tp),
    "future.based_on": ("future", None),  # special-cased below: no current-state file
    "future.improvements": ("future", lambda d: d.update(improvements=[], deferred=[
        {"pain_point": p, "reason": "later"} for p in ("pp-hidden-price", "pp-support-wait")])),
    "future.severe_addressed": ("future", _drop_severe),
    "future.improvement_links": ("future", _unlink),
    "future.feeling_higher": ("future", _not_higher),
    "blueprint.lanes": ("blueprint", lambda d: tps(d)[1].update(backstage=[])),
    "blueprint.support": ("blueprint", set_all("support", [])),
    "blueprint.fail_points": ("blueprint", set_all("fail_point", False)),
    "blueprint.evidence": ("blueprint", lambda d: tps(d)[1].update(evidence=[])),
    "day.times": ("day", _time_order),
}


def test_every_rule_has_a_failing_case_here():
    assert set(FAILING) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_rule_fails_on_a_broken_map_and_passes_on_the_example(rule_id):
    base, change = FAILING[rule_id]
    rule = RULES[rule_id]
    passing = run(base)
    assert rule_id in passing.rules_applied
    assert not [f for f in passing.findings if f.rule == rule_id]
    if rule_id == "future.based_on":
        failing = check_map(copy.deepcopy(FUTURE) | {"based_on": "nowhere/missing.json"})
    else:
        failing = run(base, change)
    mine = [f for f in failing.findings if f.rule == rule_id]
    assert mine, f"{rule_id} did not fire: {failing}"
    assert all(f.severity == rule.severity and f.message and f.hint and f.where for f in mine)
    assert failing.ok is not (rule.severity == "error")
    assert not [f for f in failing.findings if f.rule == "checks.internal"]


def test_where_is_said_in_words():
    report = run("current", lambda d: tps(d)[5].pop("channel"))
    (finding,) = [f for f in report.findings if f.rule == "touchpoint.channel_owner"]
    assert finding.where == "stage 'Comparison' > touchpoint 'Compares prices and plans on the school websites'"
    assert finding.message == "No channel chosen."


def test_persona_missing_or_without_description():
    assert "no persona" in run("current", lambda d: d["persona"].update(name=""))._of("error")[0].message
    vague = run("current", lambda d: d.update(persona={"name": "Marta"}))
    assert [f.message for f in vague.errors] == ["The persona 'Marta' has a name but no description, goals or needs."]


def test_stage_order_follows_known_vocabularies_only():
    ordered = run("current", _rename("Awareness", "Consideration", "Purchase", "Retention", "Advocacy"))
    assert not [f for f in ordered.findings if f.rule == "stages.order"]
    reversed_ = run("current", _rename("Advocacy", "Retention", "Purchase", "Consideration", "Awareness"))
    assert [f for f in reversed_.findings if f.rule == "stages.order"]
    own_names = run("current", _rename("Zebra", "Apple"))  # names outside any vocabulary: no opinion
    assert not [f for f in own_names.findings if f.rule == "stages.order"]


def test_duplicate_pain_point_ids_are_found():
    report = run("current", _dup_pp)
    assert any("pain point id" in f.message for f in report.findings if f.rule == "ids.unique")


def test_touchpoint_basics_names_what_is_missing():
    report = run("current", lambda d: tps(d)[0].pop("feeling"))
    (finding,) = [f for f in report.findings if f.rule == "touchpoint.basics"]
    assert finding.message == "Missing how they feel (feeling, -2 to +2)."


def test_improvement_links_name_both_missing_ids():
    messages = [f.message for f in run("future", _unlink).findings if f.rule == "future.improvement_links"]
    assert "There is no pain point 'no-such-pain' in the current-state map." in messages
    assert "There is no touchpoint 'no-such-touchpoint' in this map." in messages


def test_feeling_higher_quotes_both_feelings():
    (finding,) = [f for f in run("future", _not_higher).findings if f.rule == "future.feeling_higher"]
    assert "(-2) is not higher than today's (-2" in finding.message


def test_day_without_a_time():
    report = run("day", lambda d: d["stages"][1].pop("time"))
    assert [f.where for f in report.findings if f.rule == "day.times"] == ["stage 'Work'"]


def test_future_state_resolves_based_on_next_to_the_map_file(tmp_path):
    (tmp_path / "mine.json").write_text(json.dumps(CURRENT), "utf-8")
    future = copy.deepcopy(FUTURE) | {"based_on": "mine.json"}
    (tmp_path / "sub").mkdir()
    path = tmp_path / "future.json"
    path.write_text(json.dumps(future), "utf-8")
    assert check_map(path).ok
    elsewhere = tmp_path / "sub" / "future.json"
    elsewhere.write_text(json.dumps(future), "utf-8")
    report = check_map(elsewhere)
    (finding,) = report.errors
    assert finding.rule == "future.based_on" and "mine.json" in finding.message
    assert sorted(report.rules_not_run) == ["future.feeling_higher", "future.severe_addressed"]
    assert check_map(elsewhere, current=tmp_path / "mine.json").ok


def test_based_on_a_map_that_is_not_a_current_state(tmp_path):
    report = check_map(FUTURE, current=examples.path("hotel_blueprint"))
    assert "is a service blueprint map, not a current-state map" in report.errors[0].message


def test_unreadable_files_become_one_error_finding(tmp_path):
    missing = check_map(tmp_path / "nothing.json")
    assert [(f.rule, f.severity) for f in missing.findings] == [("map.readable", "error")]
    assert missing.findings[0].message == "no such file" and "nothing.json" in missing.findings[0].where
    bad = tmp_path / "bad.json"
    bad.write_text('{"stages": [{"name": "A", "touchpoints": [{"id": "t", "name": "x", "feeling": 7}]}]}')
    (finding,) = check_map(bad).findings
    assert "stages[0].touchpoints[0].feeling: must be between -2 and 2, got 7" in finding.message
    assert not check_map(bad).loaded
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": ')
    assert "not valid JSON at line 1" in check_map(broken).findings[0].message
    assert check_map(12).findings[0].message == "expected a map, a dict or a file path, got int"


def test_report_text_counts_and_dict():
    report = run("current", lambda d: (d["persona"].update(name="users"), tps(d)[0].update(thinking="")))
    assert report.counts == {"error": 1, "warning": 0, "tip": 1}
    text = str(report)
    assert text.splitlines()[1] == "Needs work: 1 error, 0 warnings, 1 tip"
    assert "Error: persona: 'users' is everyone and no one" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert data["ok"] is False and data["findings"][0]["rule"] == "persona.specific"
    clean = run("current")
    assert clean.ok and "Every check passed" in str(clean) and "Every check passed" in clean._repr_html_()


def test_html_report_has_colour_icons_and_no_raw_learner_html():
    report = run("current", lambda d: tps(d)[3].update(name="<b>Checkout</b> & pay", channel=None))
    page = report._repr_html_()
    assert "❌" in page and "#b2182b" in page
    assert "<b>Checkout</b>" not in page and "&lt;b&gt;Checkout&lt;/b&gt; &amp; pay" in page


# --- never raising ---------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
paths_in_map = st.sampled_from([
    ("persona",), ("persona", "name"), ("stages",), ("stages", 0), ("stages", 0, "name"), ("stages", 0, "time"),
    ("stages", 1, "touchpoints"), ("stages", 1, "touchpoints", 0), ("stages", 1, "touchpoints", 0, "feeling"),
    ("stages", 2, "touchpoints", 0, "pain_points"), ("stages", 2, "touchpoints", 0, "channel"),
    ("improvements",), ("improvements", 0, "touchpoint"), ("based_on",), ("map_type",), ("format",),
])


def put(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), path=paths_in_map, value=json_values)
def test_check_never_raises_on_damaged_maps(base, path, value):
    data = copy.deepcopy(BASES[base])
    try:
        put(data, path, value)
    except (IndexError, KeyError, TypeError):
        return
    report = check_map(data)
    assert isinstance(report, Report)
    assert not [f for f in report.findings if f.rule == "checks.internal"], str(report)
    str(report), report._repr_html_(), report.to_dict()


# --- escaping: <script> in every text field never reaches HTML raw -----------------------------
SCRIPT = "<script>alert(1)</script>"
NOT_TEXT = {"map_type", "channel", "owner", "format", "time", "based_on"}


def scripted(value, key=None):
    if isinstance(value, dict):
        return {k: scripted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scripted(v, key) for v in value]
    if isinstance(value, str) and key not in NOT_TEXT:
        return SCRIPT + value
    return value


def test_script_in_every_text_field_is_escaped_in_report_and_task_html(tmp_path):
    from cjm_helpers.exercise import Task

    current = scripted(CURRENT)
    current["stages"][1]["touchpoints"][0]["doing"] = ""
    _dup_tp(current)
    (tmp_path / "language_course_current.json").write_text(json.dumps(current), "utf-8")
    future = scripted(FUTURE)
    future["improvements"] = future["improvements"][2:]  # the critical pain points are left unaddressed
    future["improvements"][0]["pain_point"] = SCRIPT
    future["deferred"] = []
    (tmp_path / "future.json").write_text(json.dumps(future), "utf-8")
    broken = dict(current, **{SCRIPT: 1})
    (tmp_path / "broken.json").write_text(json.dumps(broken), "utf-8")
    blueprint = scripted(BLUEPRINT)
    set_all("backstage", [])(blueprint)
    day = scripted(DAY)
    _time_order(day)

    cases = [
        (check_map(tmp_path / "language_course_current.json"), "current_state"),
        (check_map(tmp_path / "future.json"), "future_state"),
        (check_map(tmp_path / "broken.json"), "current_state"),
        (check_map(blueprint), "service_blueprint"),
        (check_map(day), "day_in_the_life"),
    ]
    sources = [tmp_path / "language_course_current.json", tmp_path / "future.json", tmp_path / "broken.json",
               blueprint, day]
    for (report, map_type), source in zip(cases, sources):
        assert any(SCRIPT in f.where + f.message for f in report.findings), str(report)
        page = report._repr_html_()
        assert "<script" not in page and "&lt;script&gt;" in page
        task = Task("E02", SCRIPT, map_type, points=3, hints=[SCRIPT])
        result = task.check(source)
        assert not result.correct
        for shown in (result._repr_html_(), check_map(source)._repr_html_()):
            assert "<script" not in shown and "&lt;script&gt;" in shown
