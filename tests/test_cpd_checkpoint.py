"""Points are recorded where the learner sees "Passed": the builder's Check records once, through task.check's path."""

from __future__ import annotations

import shutil

from pathlib import Path

from cjm_helpers.builder import FutureStateBuilder, MapBuilder
from cjm_helpers.cpd import load_records
from cjm_helpers.exercise_tasks import exercise_task
from cjm_helpers.storage import load_map, save_map

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"  # worked maps: the shipped examples are refused as "unchanged"


def exercise_folder(tmp_path, name="02_current_state"):
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(SOLUTIONS / "02_current_state" / "solution_current_state.json", folder / "my_current_state.json")
    return folder


def test_the_builders_check_records_a_passing_exercise_once(tmp_path):
    folder = exercise_folder(tmp_path)
    b = MapBuilder(folder / "my_current_state.json", autosave_delay=60, preview_delay=60)
    b.check()
    assert "Recorded in your CPD record: Exercise 2: A current-state map, 3 CPD points (90 minutes)." in b.report.value
    assert [r.activity for r in load_records()] == ["E02"]
    b.check()
    assert "E02 is already in your CPD record (it counts once)." in b.report.value
    result = exercise_task("E02").check(str(folder / "my_current_state.json"))  # the notebook's check cell
    assert result.correct and "already in your CPD record" in result.cpd_note
    assert [r.activity for r in load_records()] == ["E02"]  # never twice


def test_a_map_that_does_not_pass_records_nothing_and_says_why(tmp_path):
    folder = tmp_path / "02_current_state"
    folder.mkdir()
    b = MapBuilder(folder / "my_current_state.json", autosave_delay=60, preview_delay=60)
    b.map.persona.name = "Ana"
    b.save()
    b.check()
    assert "Not recorded in your CPD record yet: Exercise 2 records its points when the map passes" in b.report.value
    assert load_records() == []


def test_nothing_is_recorded_while_nbgrader_grades(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    folder = exercise_folder(tmp_path)
    b = MapBuilder(folder / "my_current_state.json", autosave_delay=60, preview_delay=60)
    b.check()
    assert "cjm-cpd-note" not in b.report.value and load_records() == []


def test_a_map_outside_an_exercise_folder_records_nothing(tmp_path):
    folder = exercise_folder(tmp_path, "my_own_maps")
    b = MapBuilder(folder / "my_current_state.json", autosave_delay=60, preview_delay=60)
    b.check()
    assert "cjm-cpd-note" not in b.report.value and load_records() == []


def test_the_future_state_builder_checks_against_the_current_map(tmp_path):
    folder = tmp_path / "03_future_state"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "03_future_state" / "solution_current_state.json", folder / "my_current_state.json")
    future = load_map(SOLUTIONS / "03_future_state" / "solution_future_state.json")
    future.based_on = "my_current_state.json"
    save_map(future, folder / "my_future_state.json")
    b = FutureStateBuilder(folder / "my_future_state.json", based_on=folder / "my_current_state.json",
                           autosave_delay=60, preview_delay=60)
    b.check()
    assert "Recorded in your CPD record: Exercise 3: A future-state map, 3 CPD points" in b.report.value
    assert [r.activity for r in load_records()] == ["E03"]
