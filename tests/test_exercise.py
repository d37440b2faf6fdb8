"""The learner's handle: outcomes, points, hints, solution, CPD recording, escaped HTML."""

from __future__ import annotations

import copy
import json

import pytest

from cjm_helpers import MapType, examples, save_map
from cjm_helpers.exercise import CORRECT, INCORRECT, NOT_ATTEMPTED, Task, grade
from cjm_helpers.presets import new_map

CURRENT = json.loads(examples.path("language_course_current").read_text("utf-8"))


def current_task(**kw):
    args = dict(activity_id="E02", title="Your current-state map", map_type=MapType.current_state, points=10,
                hints=["Start with the persona.", "Every stage needs a touchpoint.", "Mark a moment of truth."],
                solution="language_course_current")
    return Task(**(args | kw))


def write(tmp_path, data, name="my_map.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def read_log(tmp_path):
    log = tmp_path / "cpd-log.jsonl"
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []


def test_correct_map_earns_every_point_and_records_cpd(tmp_path):
    task = current_task()
    result = task.check(examples.path("language_course_current"))
    assert result.outcome == CORRECT and result.correct
    assert (result.points, result.possible) == (10, 10)
    assert "Correct: 10 of 10 marks" in str(result)
    assert "Recorded in your CPD record: Exercise 2: " in str(result)
    (record,) = read_log(tmp_path)
    assert record["activity"] == "E02" and record["evidence"]["summary"] == "checks passed: 10 of 10 marks"
    again = task.check(examples.load("language_course_current"))  # a JourneyMap works too
    assert again.correct and len(read_log(tmp_path)) == 1  # never counted twice
    assert task.grade(examples.path("language_course_current")) == (10, 10)
    assert grade(task, examples.path("language_course_current")) == (10, 10)


def test_no_file_yet_is_not_attempted(tmp_path):
    result = current_task().check(tmp_path / "my_map.json")
    assert result.outcome == NOT_ATTEMPTED and result.points == 0
    assert "No map saved yet" in str(result)
    assert read_log(tmp_path) == []


def test_untouched_template_and_empty_map_are_not_attempted(tmp_path):
    template = new_map("five_stages", MapType.current_state, title="My map")
    path = save_map(template, tmp_path / "my_map.json")
    assert current_task(template=template).check(path).outcome == NOT_ATTEMPTED
    assert current_task().check(path).outcome == NOT_ATTEMPTED  # empty: no persona, no touchpoints
    started = template.model_copy(deep=True)
    started.persona.name = "Ana"
    assert current_task(template=template).check(started).outcome == INCORRECT
    task = current_task(template="language_course_current")  # an example name as the template
    assert task.check(examples.path("language_course_current")).outcome == NOT_ATTEMPTED


def test_partial_credit_follows_the_share_of_passed_rules(tmp_path):
    data = copy.deepcopy(CURRENT)
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            tp["moment_of_truth"] = False
    task = current_task()
    result = task.check(write(tmp_path, data))
    counted = task.counted_rules()
    assert result.outcome == INCORRECT
    assert result.points == (10 * (len(counted) - 1)) // len(counted) == 9
    assert "1 thing to fix" in result.message
    assert "No touchpoint is marked as a moment of truth." in str(result)
    assert read_log(tmp_path) == []


def test_points_never_reach_full_marks_when_incorrect():
    data = copy.deepcopy(CURRENT)
    data["stages"][0]["touchpoints"][0]["moment_of_truth"] = False
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            tp["moment_of_truth"] = False
    result = current_task(points=1).check(data)
    assert result.outcome == INCORRECT and result.points == 0


def test_warnings_and_tips_cost_nothing():
    data = copy.deepcopy(CURRENT)
    data["stages"][0]["touchpoints"][0]["thinking"] = ""
    result = current_task().check(data)
    assert result.correct and result.points == 10 and result.report.tips


def test_wrong_map_type_is_incorrect_with_a_clear_message():
    result = current_task().check(examples.path("hotel_blueprint"))
    assert result.outcome == INCORRECT and result.points == 0
    assert result.message.startswith(
        "This task asks for a current-state map, but this map is a service blueprint map")


def test_malformed_json_is_incorrect_and_names_file_field_and_problem(tmp_path):
    path = tmp_path / "my_map.json"
    path.write_text('{"stages": [{"name": "A", "touchpoints": [{"id": "t", "name": "x", "feeling": 7}]}]}')
    result = current_task().check(path)
    assert result.outcome == INCORRECT and result.points == 0
    text = str(result)
    assert "my_map.json" in text and "stages[0].touchpoints[0].feeling: must be between -2 and 2, got 7" in text
    assert "Traceback" not in text
    path.write_text("{ not json")
    assert "not valid JSON at line 1" in str(current_task().check(path))


def test_rules_subset_counts_only_those_rules():
    data = copy.deepcopy(CURRENT)
    data["persona"]["name"] = "Customer"
    task = current_task(rules=["stages.count", "touchpoint.basics"])
    result = task.check(data)
    assert result.correct and not result.report.findings
    assert task.counted_rules() == ["stages.count", "touchpoint.basics"]
    with pytest.raises(ValueError, match="unknown rule ids: no.such"):
        current_task(rules=["no.such"])


def test_future_state_task_uses_based_on_or_current(tmp_path):
    task = Task("E03", "Future state", MapType.future_state, points=9)
    assert task.check(examples.path("language_course_future")).correct
    future = json.loads(examples.path("language_course_future").read_text("utf-8"))
    path = write(tmp_path, future, "future.json")  # no current-state file next to it
    lost = task.check(path)
    assert lost.outcome == INCORRECT and 0 < lost.points < 9
    assert "based_on names 'language_course_current.json'" in str(lost)
    assert task.check(path, current=examples.path("language_course_current")).correct


def test_hints_are_tiered():
    task = current_task()
    assert str(task.hint()) == "Hint 1 of 3: Start with the persona."
    assert str(task.hint()) == "Hint 2 of 3: Every stage needs a touchpoint."
    assert str(task.hint(3)) == "Hint 3 of 3: Mark a moment of truth."
    assert str(task.hint()) == "Hint 3 of 3: Mark a moment of truth."  # stays at the last tier
    assert str(task.hint(1)).startswith("Hint 1 of 3")
    assert str(task.hint(7)) == "There are 3 hints: ask for .hint(1) to .hint(3)."
    assert task.hint(2)._repr_markdown_() == "💡 **Hint 2 of 3:** Every stage needs a touchpoint."
    assert "no hints" in str(current_task(hints=[]).hint())


def test_solution_only_when_asked():
    task = current_task()
    result = task.check(examples.path("hotel_blueprint"))
    assert "Worked solution" not in str(result) and "Worked solution" not in result._repr_html_()
    solution = task.solution()
    text = str(solution)
    assert text.startswith("### Worked solution: Learning English online")
    assert "`pp-hidden-price` (severity 3)" in text and solution.map.title
    assert str(current_task(solution="Compare with **the lesson**.").solution()) == "Compare with **the lesson**."


def test_results_do_not_list_the_checks():
    data = copy.deepcopy(CURRENT)
    data["persona"]["name"] = "users"
    result = current_task().check(data)
    shown = str(result) + result._repr_html_()
    assert "persona.specific" in shown  # the rule that found something
    assert "stages.count" not in shown and "ids.unique" not in shown  # rules that found nothing


def test_missing_cpd_module_is_tolerated(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_cpd(name, globals=None, locals=None, fromlist=(), level=0):
        if fromlist and "cpd" in fromlist or name.endswith("cpd"):
            raise ImportError("no cpd here")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", no_cpd)
    result = current_task().check(examples.load("language_course_current"))
    assert result.correct and result.cpd_note == ""


def test_cpd_problem_does_not_break_a_passing_check():
    result = current_task(activity_id="X99").check(examples.load("language_course_current"))
    assert result.correct and result.points == 10
    assert "Your CPD record was not updated" in result.cpd_note


def test_no_cpd_record_while_nbgrader_grades(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert current_task().check(examples.path("language_course_current")).correct
    assert read_log(tmp_path) == []


def test_html_result_has_colour_icon_and_is_escaped():
    data = copy.deepcopy(CURRENT)
    data["title"] = "<i>mine</i>"
    data["stages"][0]["name"] = "<script>alert(1)</script>"
    data["stages"][0]["touchpoints"][0]["intent"] = ""
    task = current_task(title="Task <b>one</b>")
    page = task.check(data)._repr_html_()
    assert "❌" in page and "#b2182b" in page and "Not yet" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>one</b>" not in page and "Task &lt;b&gt;one&lt;/b&gt;" in page
