"""One verdict: the self-check, the autograde and the cohort overview agree on every map.

For generated maps (worked solutions and shipped examples, cut about at
random) and for the shipped examples themselves, every exercise's
`task.check()` gives the same outcome and points as nbgrader would record from
the autograde preprocessors (a graded cell scores its points unless its output
is an error), and as the cohort overview's course verdict.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_helpers import examples
from cjm_helpers.assess.autograde import ScoreGradedCells, SnapshotMapFiles
from cjm_helpers.assess.criteria import EXERCISES
from cjm_helpers.cohort import cohort_overview
from cjm_helpers.exercise_tasks import exercise_task
from notebook_runner import ROOT

SOLUTIONS = {
    "E01": "01_persona/solution_persona.json", "E02": "02_current_state/solution_current_state.json",
    "E03": "03_future_state/solution_future_state.json", "E04": "04_day_in_the_life/solution_day_in_the_life.json",
    "E05": "05_service_blueprint/solution_service_blueprint.json",
}
SOLUTIONS_DIR = Path("solutions") / "03_future_state"
CURRENT_SOLUTION = ROOT / SOLUTIONS_DIR / "solution_current_state.json"


def bases() -> list[dict]:
    found = [json.loads((ROOT / "solutions" / p).read_text("utf-8")) for p in SOLUTIONS.values()]
    return found + [examples.load(name).to_dict() for name in examples.names()]


BASES = bases()
CUTS = ("stage", "touchpoint", "pain_point", "moment_of_truth", "feeling", "persona", "improvement",
        "deferred", "opportunity", "channel", "severity")


def cut(data: dict, what: str, n: int) -> dict:
    """The map with one thing taken away or changed (the n-th one, wrapping round)."""
    data = copy.deepcopy(data)
    stages = data.get("stages", [])
    tps = [tp for s in stages for tp in s.get("touchpoints", [])]
    if what == "stage" and stages:
        stages.pop(n % len(stages))
    elif what == "touchpoint" and tps:
        victim = tps[n % len(tps)]
        for s in stages:
            s["touchpoints"] = [tp for tp in s["touchpoints"] if tp is not victim]
    elif what == "pain_point" and tps:
        tps[n % len(tps)]["pain_points"] = []
    elif what == "moment_of_truth":
        for tp in tps:
            tp["moment_of_truth"] = False
    elif what == "feeling" and tps:
        tps[n % len(tps)]["feeling"] = (n % 5) - 2
    elif what == "persona":
        field = ("name", "description", "goals", "needs", "frustrations")[n % 5]
        data.setdefault("persona", {})[field] = "" if field in ("name", "description") else []
    elif what == "improvement" and data.get("improvements"):
        data["improvements"].pop(n % len(data["improvements"]))
    elif what == "deferred" and data.get("deferred"):
        data["deferred"] = []
    elif what == "opportunity":
        for tp in tps:
            tp["opportunities"] = []
    elif what == "channel" and tps:
        tps[n % len(tps)].pop("channel", None)
    elif what == "severity" and tps and tps[n % len(tps)].get("pain_points"):
        tps[n % len(tps)]["pain_points"][0]["severity"] = 3
    return data


def graded_notebook(exercise) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for item in exercise.criteria:
        cell = nbformat.v4.new_code_cell(f"show_criterion({item.grade_id!r}, map_path)")
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": item.grade_id,
                                     "points": item.points}
        cell.outputs = [nbformat.v4.new_output("stream", text="✓ passed (the kernel says)")]
        nb.cells.append(cell)
    return nb


def autograde_points(exercise, folder: Path) -> int:
    """What nbgrader records: each graded cell's points unless the preprocessors left an error output."""
    resources = {"nbgrader": {"notebook": exercise.notebook}, "metadata": {"path": str(folder)}}
    nb, resources = SnapshotMapFiles().preprocess(graded_notebook(exercise), resources)
    nb, _ = ScoreGradedCells().preprocess(nb, resources)
    return sum(cell.metadata["nbgrader"]["points"] for cell in nb.cells
               if not any(o.output_type == "error" for o in cell.outputs))


def assert_one_verdict(activity_id: str, files: dict[str, dict | None]) -> None:
    exercise = EXERCISES[activity_id]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "submitted" / "learner" / exercise.notebook
        folder.mkdir(parents=True)
        for name, data in files.items():
            if data is not None:
                (folder / name).write_text(json.dumps(data), "utf-8")
        result = exercise_task(activity_id).check(str(folder / exercise.map_file))
        graded = autograde_points(exercise, folder)
        overview = cohort_overview(Path(tmp) / "submitted").verdicts()
        row = overview[(overview["learner"] == "learner")].iloc[0]
    assert result.possible == exercise.points
    assert result.points == graded, f"{activity_id}: self-check {result.points}, autograde {graded}"
    assert result.correct == (graded == exercise.points)
    assert row["course points"] == graded and row["passed"] == result.correct


@pytest.mark.parametrize("activity_id", sorted(SOLUTIONS))
@pytest.mark.parametrize("name", examples.names())
def test_the_shipped_examples_get_one_verdict(activity_id, name):
    exercise = EXERCISES[activity_id]
    files = {exercise.map_file: examples.load(name).to_dict()}
    if exercise.current_file:
        files[exercise.current_file] = examples.load("language_course_current").to_dict()
        files[exercise.map_file]["based_on"] = exercise.current_file
    assert_one_verdict(activity_id, files)


def test_the_worked_solutions_get_full_marks_everywhere():
    for activity_id, path in SOLUTIONS.items():
        exercise = EXERCISES[activity_id]
        files = {exercise.map_file: json.loads((ROOT / "solutions" / path).read_text("utf-8"))}
        if exercise.current_file:
            files[exercise.current_file] = json.loads(CURRENT_SOLUTION.read_text("utf-8"))
        assert_one_verdict(activity_id, files)
        assert exercise_task(activity_id).check(_write(files, exercise)).correct, activity_id


def _write(files: dict, exercise) -> str:
    folder = Path(tempfile.mkdtemp())
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data), "utf-8")
    return str(folder / exercise.map_file)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activity_id=st.sampled_from(sorted(SOLUTIONS)), base=st.sampled_from(range(len(BASES))),
       cuts=st.lists(st.tuples(st.sampled_from(CUTS), st.integers(0, 20)), max_size=3),
       current_cuts=st.lists(st.tuples(st.sampled_from(CUTS), st.integers(0, 20)), max_size=2))
def test_generated_maps_get_one_verdict(activity_id, base, cuts, current_cuts):
    exercise = EXERCISES[activity_id]
    data = BASES[base]
    for what, n in cuts:
        data = cut(data, what, n)
    files: dict[str, dict | None] = {exercise.map_file: data}
    if exercise.current_file:
        current = json.loads(CURRENT_SOLUTION.read_text("utf-8"))
        for what, n in current_cuts:
            current = cut(current, what, n)
        files[exercise.current_file] = current
        data["based_on"] = exercise.current_file
    assert_one_verdict(activity_id, files)


def test_the_criteria_points_are_the_notebooks_points():
    for exercise in EXERCISES.values():
        nb = nbformat.read(ROOT / "solutions" / exercise.notebook / f"{exercise.notebook}.ipynb", as_version=4)
        cells = {c.metadata.nbgrader.grade_id: c for c in nb.cells
                 if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}
        assert {k: c.metadata.nbgrader.points for k, c in cells.items()} == {
            c.grade_id: c.points for c in exercise.criteria}, exercise.notebook
        assert all("BEGIN HIDDEN TESTS" not in c.source for c in cells.values()), "no hidden checks"


def test_a_future_state_that_does_not_change_says_which_improvement():
    future = json.loads((ROOT / SOLUTIONS_DIR / "solution_future_state.json").read_text("utf-8"))
    current = json.loads(CURRENT_SOLUTION.read_text("utf-8"))
    unchanged = next(tp for s in future["stages"] for tp in s["touchpoints"] if tp["id"] == "tp4")
    unchanged["feeling"] = -2  # as today
    path = _write({"my_future_state.json": future, "my_current_state.json": current}, EXERCISES["E03"])
    result = exercise_task("E03").check(path)
    assert not result.correct
    text = str(result)
    assert "improvement 2 (pain point 'pp2') shows no change" in text and "-2 today" in text


def test_the_worked_example_as_current_state_fails_e03_in_plain_words():
    future = examples.load("language_course_future").to_dict()
    future["based_on"] = "my_current_state.json"
    path = _write({"my_future_state.json": future,
                   "my_current_state.json": examples.load("language_course_current").to_dict()}, EXERCISES["E03"])
    result = exercise_task("E03").check(path)
    assert not result.correct and "the current-state map is the worked example unchanged" in str(result)


def test_a_critical_pain_point_left_alone_fails_e03():
    future = json.loads((ROOT / SOLUTIONS_DIR / "solution_future_state.json").read_text("utf-8"))
    current = json.loads(CURRENT_SOLUTION.read_text("utf-8"))
    pp = current["stages"][0]["touchpoints"][0]
    pp.setdefault("pain_points", []).append({"id": "pp-new", "text": "Cannot sleep for the pain", "severity": 3})
    path = _write({"my_future_state.json": future, "my_current_state.json": current}, EXERCISES["E03"])
    result = exercise_task("E03").check(path)
    assert not result.correct and "Cannot sleep for the pain" in str(result)

