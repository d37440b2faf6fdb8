"""The journey canvas from Python: the browser's edits validated, saved, undone and redone; faults placed on the map."""

from __future__ import annotations

import copy
import json

import pytest

from cjm_helpers import MapBuilder
from cjm_helpers.builder.canvas.history import History
from cjm_helpers.builder.canvas.words import canvas_words
from cjm_helpers.model import MapType


def send(builder, journey, action="edit"):
    """What the browser sends after an edit: the whole edited map."""
    builder.canvas.seq += 0
    builder._canvas_message("map", {"kind": "map", "map": journey, "action": action, "seq": builder.canvas.seq + 1})
    builder.flush()


def saved(path):
    return json.loads(path.read_text("utf-8"))


@pytest.fixture
def builder(tmp_path):
    return MapBuilder(tmp_path / "m.json", preset="five_stages", autosave_delay=0)


def with_touchpoint(builder, name="Sees an advert"):
    journey = copy.deepcopy(builder.canvas.journey)
    journey["stages"][0]["touchpoints"].append({"id": "tp1", "name": name, "feeling": -1})
    return journey


def test_an_edit_on_the_canvas_is_validated_saved_and_sent_back(builder):
    send(builder, with_touchpoint(builder), "add_touchpoint")
    assert saved(builder.path)["stages"][0]["touchpoints"][0]["name"] == "Sees an advert"
    assert builder.canvas.journey["stages"][0]["touchpoints"][0]["moment_of_truth"] is False  # the model's view
    assert builder.canvas.can_undo and not builder.canvas.can_redo and builder.canvas.seq == 1


def test_a_refused_edit_changes_nothing_and_says_why(builder):
    send(builder, with_touchpoint(builder))
    journey = copy.deepcopy(builder.canvas.journey)
    journey["stages"][0]["touchpoints"][0]["feeling"] = 7
    send(builder, journey)
    assert saved(builder.path)["stages"][0]["touchpoints"][0]["feeling"] == -1
    assert builder.canvas.journey["stages"][0]["touchpoints"][0]["feeling"] == -1
    assert "must be between -2 and 2" in builder.status.value and "stages." not in builder.status.value


def test_undo_and_redo_every_action_and_the_file_follows(builder):
    send(builder, with_touchpoint(builder))
    builder.title.value = "Marta books a course"  # a form edit is an action too
    builder.flush()
    assert builder.undo().title == ""
    builder.flush()
    assert saved(builder.path)["title"] == ""
    assert builder.undo().stages[0].touchpoints == []
    builder.flush()
    assert saved(builder.path)["stages"][0]["touchpoints"] == [] and builder.undo() is None
    builder.redo()
    builder.redo()
    builder.flush()
    assert saved(builder.path)["title"] == "Marta books a course"
    assert saved(builder.path)["stages"][0]["touchpoints"][0]["name"] == "Sees an advert"


def test_a_removal_keeps_the_version_before_it_in_the_backup(builder):
    send(builder, with_touchpoint(builder))
    journey = copy.deepcopy(builder.canvas.journey)
    journey["stages"][0]["touchpoints"] = []
    send(builder, journey, "remove")
    for title in ("one edit later", "two edits later"):
        journey = copy.deepcopy(builder.canvas.journey)
        journey["title"] = title
        send(builder, journey)
    assert saved(builder.path)["stages"][0]["touchpoints"] == []
    backup = saved(builder.path.with_name("m.json.bak"))
    assert backup["stages"][0]["touchpoints"][0]["name"] == "Sees an advert"


def test_check_marks_the_faults_where_they_are_and_the_report_follows_edits(builder):
    send(builder, with_touchpoint(builder))
    builder.check()
    faults = builder.canvas.faults
    assert any("no touchpoints" in text for text in faults["stage:1"]) and "map" in faults  # the persona
    journey = copy.deepcopy(builder.canvas.journey)
    journey["stages"][1]["touchpoints"].append({"id": "tp2", "name": "Calls the office"})
    send(builder, journey)
    assert "stage:1" not in builder.canvas.faults, "the faults follow the edit without pressing Check again"
    assert "tp" not in " ".join(sum(builder.canvas.faults.values(), [])).replace("touchpoint", ""), "no ids shown"


def test_typing_in_a_form_is_one_undo_step_per_word_not_per_letter():
    history = History()
    history.reset({"title": ""})
    for text in ("M", "Ma", "Mar"):
        history.record({"title": text}, "type:form")
    history.record({"title": "Mar", "x": 1}, "canvas:edit")
    assert history.undo() == {"title": "Mar"} and history.undo() == {"title": ""} and history.undo() is None


def test_words_fit_public_services_and_b2b_and_can_be_extended():
    words = canvas_words(MapType.service_blueprint, {"owners": {"partner": "the council's contractor"}})
    assert ["brand", "we (the organisation)"] in words["owners"]
    assert ["partner", "the council's contractor"] in words["owners"]
    assert ["in_person", "in person"] in words["channels"]
    assert ["letter", "letter or post"] in words["channels"] and ["chat", "chat or messaging"] in words["channels"]
    assert [lane for lane, _ in words["lanes"]][5:9] == ["evidence", "frontstage", "backstage", "support"]
    with pytest.raises(KeyError, match="owners has no value 'boss'"):
        canvas_words(MapType.current_state, {"owners": {"boss": "x"}})


def test_the_canvas_ships_inside_the_package():
    from cjm_helpers.builder.canvas import HERE, MapCanvas

    assert (HERE / "canvas.js").read_text("utf-8").rstrip().endswith("export default { render };")
    assert "cjm-canvas" in (HERE / "canvas.css").read_text("utf-8")
    assert str(MapCanvas._esm).rstrip().endswith("export default { render };")


def test_export_buttons_save_beside_the_map_with_a_link(builder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    send(builder, with_touchpoint(builder))
    heads = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF", "mmd": b"journey"}
    for fmt, head in heads.items():
        target = builder.exports.export(fmt)
        assert target == tmp_path / f"m.{fmt}" and target.read_bytes().startswith(head)
        assert f'href="m.{fmt}"' in builder.exports.link.value
    assert "Sees an advert" in (tmp_path / "m.mmd").read_text("utf-8")
    # the SVG keeps its text as text (searchable, read aloud); the PNG carries the map's description
    assert "Sees an advert" in (tmp_path / "m.svg").read_text("utf-8")
    from PIL import Image

    assert "Sees an advert" in Image.open(tmp_path / "m.png").info.get("Description", "")


def test_hint_gives_the_next_tier_and_check_gives_the_exercise_verdict(tmp_path):
    b = MapBuilder(tmp_path / "m.json", preset="five_stages", autosave_delay=0, task="E02")
    assert b.hint_button.layout.display == ""
    first, second = b.hint(), b.hint()
    assert (first.number, second.number) == (1, 2) and "Hint 2 of" in b.hint_box.value
    b.check()
    assert "cjm-task-result" in b.report.value and "Not attempted" in b.report.value
    b.title.value = "Marta joins the library"
    b.flush()
    assert "Updated as you edit" in b.report.value and "cjm-task-result" not in b.report.value
    plain = MapBuilder(tmp_path / "n.json", preset="five_stages", autosave_delay=0)
    assert plain.hint_button.layout.display == "none" and plain.hint() is None


def test_the_future_state_canvas_shows_the_current_curve_behind(tmp_path):
    from cjm_helpers import FutureStateBuilder, examples
    from cjm_helpers.storage import save_map

    current = tmp_path / "c.json"
    journey = examples.load("language_course_current")
    save_map(journey, current)
    b = FutureStateBuilder(tmp_path / "f.json", based_on=current, autosave_delay=0)
    expected = {tp.id: tp.feeling for _, tp in journey.touchpoints() if tp.feeling is not None}
    assert b.canvas.baseline == expected and expected
