"""The map builder, driven the way a learner drives it: set widget values, click buttons, read the file.

No test sleeps: pending autosaves and previews are run with `builder.flush()`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import pytest
from matplotlib.figure import Figure

from cjm_helpers import examples
from cjm_helpers.builder import FutureStateBuilder, MapBuilder
from cjm_helpers.builder import preview as preview_module
from cjm_helpers.builder.controls import NOT_RATED
from cjm_helpers.errors import MapFileError
from cjm_helpers.storage import backup_path, load_map, save_map

ROOT = Path(__file__).resolve().parent.parent


def saved(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def click(control) -> None:
    """Click like the browser does, but let an exception through: Button.click() only logs it."""
    for handler in control._click_handlers.callbacks:
        handler(control)


def actions(b: MapBuilder) -> dict:
    """The recovery buttons under the problem message, by label."""
    return {c.description: c for c in b.problem_box.children[1].children}


def builder(path, **kwargs) -> MapBuilder:
    kwargs.setdefault("autosave_delay", 60)  # long: only flush() saves, so tests see the debounce
    kwargs.setdefault("preview_delay", 60)
    return MapBuilder(path, **kwargs)


def test_opening_a_new_map_writes_nothing_until_the_first_change(tmp_path):
    path = tmp_path / "my_map.json"
    b = builder(path, map_type="current_state", preset="five_stages")
    assert not path.exists()
    assert [s.name for s in b.map.stages] == ["Awareness", "Discovery", "Purchase", "Experience", "Participation"]
    assert "saved to" in b.status.value and "as soon as you change" in b.status.value
    b.persona.name.value = "Marta, 34, new job abroad"
    assert not path.exists(), "the autosave is debounced"
    b.flush()
    assert saved(path)["persona"]["name"] == "Marta, 34, new job abroad"
    assert "Saved" in b.status.value


def test_persona_and_scenario_widgets_are_saved(tmp_path):
    path = tmp_path / "persona.json"
    b = builder(path, preset=None)
    b.title.value = "Marta books a course"
    b.persona.description.value = "Needs English for work"
    b.persona.goals.value = "Pass the B2 exam\n\n  Speak in meetings  "
    b.persona.needs.value = "Evening classes"
    b.persona.frustrations.value = "Hidden fees"
    b.persona.scenario.value = "Looks for an online course"
    b.flush()
    data = saved(path)
    assert data["title"] == "Marta books a course"
    assert data["persona"]["goals"] == ["Pass the B2 exam", "Speak in meetings"]
    assert data["persona"]["needs"] == ["Evening classes"]
    assert data["persona"]["frustrations"] == ["Hidden fees"]
    assert data["scenario"] == "Looks for an online course"
    assert b.map.persona.description == "Needs English for work"


def test_stages_add_rename_move_and_remove_by_clicking(tmp_path):
    path = tmp_path / "stages.json"
    b = builder(path, preset="aida")
    b.stages.picker.value = 1                      # Interest
    b.stages.add.click()
    assert b.stages.selected == 2
    b.stages.name.value = "Trial lesson"
    b.stages.goal.value = "Try before paying"
    b.stages.left.click()                          # now before Interest
    b.flush()
    assert [s["name"] for s in saved(path)["stages"]] == ["Attention", "Trial lesson", "Interest", "Desire", "Action"]
    assert saved(path)["stages"][1]["goal"] == "Try before paying"
    b.stages.picker.value = 0
    b.stages.remove.click()
    b.stages.picker.value = 3
    b.stages.right.click()                         # last stage: button is disabled, nothing moves
    assert b.stages.right.disabled
    b.flush()
    assert [s["name"] for s in saved(path)["stages"]] == ["Trial lesson", "Interest", "Desire", "Action"]
    assert b.stages.picker.options[0][0].startswith("1. Trial lesson")


def test_touchpoint_every_field(tmp_path):
    path = tmp_path / "tp.json"
    b = builder(path, preset="five_stages")
    b.stages.picker.value = 2                      # Purchase
    b.touchpoints.add.click()
    t = b.touchpoints
    t.texts["name"].value = "Pays online"
    t.channel.value = t.channel.options[1][1]      # web
    t.owner.value = t.owner.options[1][1]          # brand
    t.texts["doing"].value = "Types card details"
    t.texts["thinking"].value = "Is this safe?"
    t.texts["intent"].value = "Book the course"
    t.feeling.value = -2
    t.moment_of_truth.value = True
    t.lists["opportunities"].value = "Show the total first\nOffer PayPal"
    t.pain_points.new_text.value = "Card refused twice"
    t.pain_points.new_severity.value = 3
    t.pain_points.add.click()
    b.flush()
    tp = saved(path)["stages"][2]["touchpoints"][0]
    assert tp == {
        "id": "tp1", "name": "Pays online", "channel": "web", "owner": "brand",
        "doing": "Types card details", "thinking": "Is this safe?", "feeling": -2, "intent": "Book the course",
        "pain_points": [{"id": "pp1", "text": "Card refused twice", "severity": 3}],
        "opportunities": ["Show the total first", "Offer PayPal"], "moment_of_truth": True,
    }
    # edit and remove a pain point through its row; feeling back to "not rated"
    text, severity, _ = t.pain_points.rows.children[0].children
    text.value = "Card refused"
    severity.value = 2
    t.feeling.value = NOT_RATED
    b.flush()
    tp = saved(path)["stages"][2]["touchpoints"][0]
    assert tp["pain_points"] == [{"id": "pp1", "text": "Card refused", "severity": 2}] and tp["feeling"] is None
    t.pain_points.rows.children[0].children[2].click()
    b.flush()
    assert saved(path)["stages"][2]["touchpoints"][0]["pain_points"] == []


def test_touchpoints_reorder_and_remove(tmp_path):
    path = tmp_path / "order.json"
    b = builder(path, preset="aida")
    for name in ("A", "B", "C"):
        b.touchpoints.add.click()
        b.touchpoints.texts["name"].value = name
    b.touchpoints.picker.value = 2
    b.touchpoints.up.click()
    b.touchpoints.up.click()
    b.flush()
    assert [tp["name"] for tp in saved(path)["stages"][0]["touchpoints"]] == ["C", "A", "B"]
    b.touchpoints.picker.value = 1
    b.touchpoints.remove.click()
    b.flush()
    assert [tp["id"] for tp in saved(path)["stages"][0]["touchpoints"]] == ["tp3", "tp2"]
    assert b.stages.picker.options[0][0] == "1. Attention (2)"


def test_a_touchpoint_moves_to_another_stage(tmp_path):
    path = tmp_path / "move.json"
    b = builder(path, preset="aida")
    for name in ("A", "B"):
        b.touchpoints.add.click()
        b.touchpoints.texts["name"].value = name
    assert [label for label, _ in b.touchpoints.move_to.options][1:] == ["2. Interest", "3. Desire", "4. Action"]
    b.touchpoints.move_to.value = 2            # B, shown, goes to "3. Desire"
    b.flush()
    stages = saved(path)["stages"]
    assert [tp["name"] for tp in stages[0]["touchpoints"]] == ["A"]
    assert [tp["name"] for tp in stages[2]["touchpoints"]] == ["B"]
    assert b.stages.picker.value == 2 and b.touchpoints.texts["name"].value == "B"
    assert b.stages.picker.options[0][0] == "1. Attention (1)"
    assert b.touchpoints.move_to.label == "another stage…" and "3. Desire" not in [o[0] for o in b.touchpoints.move_to.options]


def test_an_invalid_value_is_reported_and_not_saved(tmp_path):
    path = tmp_path / "bad.json"
    b = builder(path, preset="aida")
    b.touchpoints.add.click()
    b.touchpoints.texts["name"].value = "Sees the advert"
    b.touchpoints.texts["name"].value = ""
    assert "must not be empty" in b.status.value
    b.flush()
    assert saved(path)["stages"][0]["touchpoints"][0]["name"] == "Sees the advert"


def test_restored_after_recreating_the_builder(tmp_path):
    path = tmp_path / "again.json"
    b = builder(path, preset="five_stages")
    b.persona.name.value = "Priya"
    b.stages.picker.value = 1
    b.touchpoints.add.click()
    b.touchpoints.texts["name"].value = "Reads reviews"
    b.touchpoints.feeling.value = 1
    b.persona.goals.value = "See a dentist this week"  # still pending when the cell is re-run
    again = builder(path, preset="aida")               # re-running the cell: the old builder flushes first
    assert b.closed
    assert again.persona.name.value == "Priya"
    assert again.persona.goals.value == "See a dentist this week"
    assert [s.name for s in again.map.stages][:2] == ["Awareness", "Discovery"], "preset ignored for a saved map"
    again.stages.picker.value = 1
    assert again.touchpoints.texts["name"].value == "Reads reviews"
    assert again.touchpoints.feeling.value == 1
    assert "Restored your map" in again.status.value
    b.persona.name.value = "Changed in the old one"
    b.flush()
    assert saved(path)["persona"]["name"] == "Priya", "a replaced builder never saves"


def test_debounced_autosave_saves_once_after_a_burst(tmp_path, monkeypatch):
    path = tmp_path / "burst.json"
    b = builder(path, preset=None)
    writes = []
    real = b.file.save
    monkeypatch.setattr(b.file, "save", lambda journey, **kw: writes.append(1) or real(journey, **kw))
    for n in range(20):
        b.persona.name.value = "P" * (n + 1)
    assert writes == [] and b._autosave.pending
    b.flush()
    assert writes == [1] and saved(path)["persona"]["name"] == "P" * 20


def test_zero_delay_saves_synchronously(tmp_path):
    path = tmp_path / "sync.json"
    b = MapBuilder(path, preset=None, autosave_delay=0, preview_delay=0)
    b.persona.name.value = "Now"
    assert saved(path)["persona"]["name"] == "Now"


def test_a_real_short_delay_saves_by_itself(tmp_path):
    import time

    path = tmp_path / "timer.json"
    b = MapBuilder(path, preset=None, autosave_delay=0.05, preview_delay=60)
    b.persona.name.value = "On the timer thread"   # no event loop here: a threading.Timer saves it
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert path.exists(), "the debounced autosave did not run within 10 s"
    assert saved(path)["persona"]["name"] == "On the timer thread" and not b._autosave.pending


def test_save_and_load_from_code(tmp_path):
    path, other = tmp_path / "a.json", tmp_path / "b.json"
    b = builder(path, preset="aida")
    b.map.persona.name = "Coded"
    assert b.save() == path and saved(path)["persona"]["name"] == "Coded"
    save_map(examples.load("language_course_current"), other)
    journey = b.load(other)
    assert journey.persona.name == b.persona.name.value != "Coded"
    assert b.path == other


MALFORMED = '{"title": "My map", "stages": [\n'


@pytest.mark.parametrize("content,words", [
    (MALFORMED, "not valid JSON at line 2"),
    ('{"title": "x", "stages": [{"name": "A", "touchpoints": [{"id": "t", "name": "n", "feelings": 1}]}]}',
     "did you mean feeling"),
    ("[1, 2]", "must hold a JSON object"),
    (b"\xff\xfe\x00bad", "not UTF-8"),
])
def test_broken_file_is_left_intact_and_explained(tmp_path, content, words):
    path = tmp_path / "broken.json"
    raw = content if isinstance(content, bytes) else content.encode()
    path.write_bytes(raw)
    b = builder(path)
    assert b.map is None and b.problem.kind == "unreadable"
    assert words in b.problem_box.children[0].value
    assert b.editors.layout.display == "none"
    b.persona.name.value = "typing anyway"
    b.flush()
    with pytest.raises(MapFileError, match="nothing saved"):
        b.save()
    assert path.read_bytes() == raw
    report = b.check()
    assert not report.ok and words.split()[0] in b.report.value
    assert path.read_bytes() == raw


def test_every_problem_of_a_map_shows_on_its_own_line(tmp_path):
    """A map with a too-long name, an unknown key and a bad feeling lists all three, escaped."""
    path = tmp_path / "m.json"
    raw = json.dumps({"title": "x", "<script>alert(1)</script>": 1, "stages": [{"name": "A", "touchpoints": [
        {"id": "t1", "name": "n" * 5000}, {"id": "t2", "name": "m", "feeling": 9}]}]}).encode()
    path.write_bytes(raw)
    b = builder(path)
    shown = b.problem_box.children[0].value
    items = shown.split("<li>")[1:]
    assert len(items) == 3, shown
    assert any("stages[0].touchpoints[0].name" in i and "limit is 2,000" in i for i in items)
    assert any("stages[0].touchpoints[1].feeling" in i for i in items)
    assert any("&lt;script&gt;" in i and "unknown field" in i for i in items)
    assert "<script>" not in shown
    assert path.read_bytes() == raw


def test_restore_the_last_good_backup(tmp_path):
    path = tmp_path / "m.json"
    b = builder(path, preset="aida")
    b.persona.name.value = "First"
    b.flush()
    b.persona.name.value = "Second"
    b.flush()                                      # First is now the .bak
    path.write_text(MALFORMED, encoding="utf-8")   # a bad edit in a text editor
    again = builder(path)
    labels = [c.description for c in again.problem_box.children[1].children]
    assert labels == ["Restore last good backup", "Start a new map", "Read the file again"]
    again.problem_box.children[1].children[0].click()
    assert again.problem is None and again.map.persona.name == "First"
    assert load_map(path).persona.name == "First"
    assert (tmp_path / "m.json.corrupt").read_text("utf-8") == MALFORMED
    assert again.editors.layout.display == ""


def test_start_a_new_map_keeps_the_broken_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(MALFORMED, encoding="utf-8")
    b = builder(path, preset="aida")
    assert [c.description for c in b.problem_box.children[1].children] == ["Start a new map", "Read the file again"]
    b.problem_box.children[1].children[0].click()
    assert [s.name for s in b.map.stages] == ["Attention", "Interest", "Desire", "Action"]
    assert (tmp_path / "m.json.corrupt").read_text("utf-8") == MALFORMED
    assert load_map(path).map_type.value == "current_state"


def test_read_the_file_again_after_fixing_it(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(MALFORMED, encoding="utf-8")
    b = builder(path)
    save_map(examples.load("language_course_current"), path, overwrite_invalid=True)
    b.problem_box.children[1].children[-1].click()
    assert b.problem is None and b.map.persona.name.startswith("Marta")


def test_wrong_map_type_is_left_intact(tmp_path):
    path = tmp_path / "day.json"
    save_map(examples.load("language_course_current"), path)
    raw = path.read_bytes()
    b = builder(path, map_type="day_in_the_life")
    assert b.map is None and b.problem.kind == "wrong_type"
    assert "holds a current-state map, but this builder makes a day-in-the-life map" in b.problem_box.children[0].value
    assert path.read_bytes() == raw
    actions = {c.description: c for c in b.problem_box.children[1].children}
    actions["Edit it as it is"].click()
    assert b.map.map_type.value == "current_state" and path.read_bytes() == raw
    b2 = builder(path, map_type="day_in_the_life")
    {c.description: c for c in b2.problem_box.children[1].children}["Make it a day-in-the-life map"].click()
    assert saved(path)["map_type"] == "day_in_the_life"
    assert b2.stages.time.layout.display == ""
    assert backup_path(path).read_bytes() == raw


def test_a_file_changed_by_someone_else_is_not_overwritten(tmp_path):
    path = tmp_path / "m.json"
    b = builder(path, preset="aida")
    b.persona.name.value = "Builder"
    b.flush()
    solution = examples.load("language_course_current")
    save_map(solution, path)                       # e.g. the "prefer code" cell wrote the map
    b.persona.name.value = "Builder again"
    b.flush()
    assert load_map(path).persona.name == solution.persona.name
    assert b.problem.kind == "conflict" and "changed on disk" in b.status.value
    actions = {c.description: c for c in b.problem_box.children[1].children}
    assert set(actions) == {"Load the file's version", "Save mine over it"}
    actions["Save mine over it"].click()
    assert saved(path)["persona"]["name"] == "Builder again"
    assert load_map(backup_path(path)).persona.name == solution.persona.name


def test_start_a_new_map_over_a_folder_says_so_and_does_not_raise(tmp_path):
    path = tmp_path / "my_map.json"
    path.mkdir()                                   # a folder where the map file should be
    (path / "notes.txt").write_text("mine", encoding="utf-8")
    b = builder(path, preset="aida")
    assert b.map is None and b.problem.kind == "unreadable"
    click(actions(b)["Start a new map"])           # raises here if the button lets an error through
    assert path.is_dir() and [p.name for p in path.iterdir()] == ["notes.txt"]
    assert (path / "notes.txt").read_text("utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_map.json"], "no .corrupt, .bak or temporary file"
    assert "Not done: my_map.json is a folder, not a file" in b.status.value
    assert b.map is None and b.problem.kind == "unreadable" and b.problem_box.layout.display == ""
    with pytest.raises(MapFileError, match="is a folder"):
        b.start_new()                              # from code: a clear error, not IsADirectoryError


def test_make_it_a_map_of_this_type_over_a_changed_file_says_so_and_changes_nothing(tmp_path):
    path = tmp_path / "day.json"
    save_map(examples.load("language_course_current"), path)
    b = builder(path, map_type="day_in_the_life")
    assert b.problem.kind == "wrong_type"
    other = examples.load("language_course_current")
    other.persona.name = "Written by another cell"
    save_map(other, path)                          # the file changes after the builder read it
    raw = path.read_bytes()
    click(actions(b)["Make it a day-in-the-life map"])
    assert path.read_bytes() == raw and load_map(path).map_type.value == "current_state"
    assert "Not done: day.json changed on disk" in b.status.value and "not overwritten" in b.status.value
    assert b.map is None and b.problem.kind == "wrong_type", "not half switched to the new type"
    assert b.editors.layout.display == "none" and "Make it a day-in-the-life map" in actions(b)
    click(actions(b)["Read the file again"])       # the way out: read it, then convert it
    click(actions(b)["Make it a day-in-the-life map"])
    assert saved(path)["map_type"] == "day_in_the_life"
    assert saved(path)["persona"]["name"] == "Written by another cell"
    assert b.map.map_type.value == "day_in_the_life" and "Saved" in b.status.value


def test_blueprint_and_day_fields(tmp_path):
    bp = builder(tmp_path / "bp.json", map_type="service_blueprint", preset="pre_purchase_post")
    assert bp.touchpoints.fields.layout.display == "none"      # no touchpoint yet: fields hidden
    bp.touchpoints.add.click()
    assert bp.touchpoints.blueprint.layout.display == "" and bp.stages.time.layout.display == "none"
    bp.touchpoints.texts["name"].value = "Checks in"
    bp.touchpoints.lists["evidence"].value = "Key card"
    bp.touchpoints.lists["frontstage"].value = "Greets the guest"
    bp.touchpoints.lists["backstage"].value = "Prepares the room"
    bp.touchpoints.lists["support"].value = "Booking system"
    bp.touchpoints.fail_point.value = True
    bp.touchpoints.wait_minutes.value = 12
    bp.flush()
    tp = saved(tmp_path / "bp.json")["stages"][0]["touchpoints"][0]
    assert (tp["evidence"], tp["frontstage"], tp["backstage"], tp["support"], tp["fail_point"], tp["wait_minutes"]) \
        == (["Key card"], ["Greets the guest"], ["Prepares the room"], ["Booking system"], True, 12)
    day = builder(tmp_path / "day.json", map_type="day_in_the_life")
    day.stages.add.click()
    assert day.stages.time.layout.display == "" and day.touchpoints.blueprint.layout.display == "none"
    day.stages.time.value = "7:3"
    assert "24-hour time" in day.status.value
    day.stages.time.value = "07:30"
    day.flush()
    assert saved(tmp_path / "day.json")["stages"][0]["time"] == "07:30"
    assert day.stages.picker.options[0][0].startswith("1. 07:30 Stage 1")


def test_check_shows_the_escaped_report(tmp_path):
    path = tmp_path / "m.json"
    b = builder(path, preset="five_stages")
    b.persona.name.value = "<script>alert(1)</script>"
    b.check_button.click()
    assert path.exists(), "Check saves first"
    assert "cjm-report" in b.report.value and "Hint:" in b.report.value
    assert "<script>" not in b.report.value


def test_preview_updates_and_a_failing_drawing_is_a_message(tmp_path, monkeypatch):
    b = builder(tmp_path / "m.json", preset="aida")
    assert not b.preview.image.value, "no drawing until the learner asks for it"
    b.title.value = "Marta's course"
    b.flush()
    assert not b.preview.image.value, "a hidden drawing is not redrawn after an edit"
    b.preview.toggle.value = True                    # "Show drawing"
    first = bytes(b.preview.image.value)
    assert first and b.preview.message.value == "" and b.preview.widget.layout.display == ""
    assert b.preview.toggle.description == "Hide drawing" and b.wide.layout.display == ""
    assert first.lstrip().startswith(b"<?xml") and b"<svg" in first
    assert b"2. Interest<" in first, "the real drawing, with the stage names as text"
    b.stages.add.click()
    b.flush()
    assert bytes(b.preview.image.value) != first and b.preview.seconds is not None

    def broken(journey, current=None):
        raise ValueError("no room for <labels>")

    monkeypatch.setattr(preview_module, "figure_for", broken)
    b.stages.add.click()
    b.flush()
    assert "could not be drawn (ValueError: no room for &lt;labels&gt;)" in b.preview.message.value
    assert b.preview.image.layout.display == "none"
    assert "Stage 6" in [s["name"] for s in saved(tmp_path / "m.json")["stages"]], "the map is still saved"


def test_preview_uses_the_drawing_for_the_map_type(monkeypatch):
    import cjm_helpers.draw as draw

    calls = []
    for name in ("draw_map", "draw_comparison", "draw_blueprint", "draw_day"):
        monkeypatch.setattr(draw, name, lambda *maps, n=name: calls.append((n, len(maps))) or Figure(),
                            raising=False)
    current = examples.load("language_course_current")
    for map_type, expected in [("current_state", "draw_map"), ("service_blueprint", "draw_blueprint"),
                               ("day_in_the_life", "draw_day")]:
        assert preview_module.png_of(preview_module.figure_for(current.model_copy(update={"map_type": map_type})))
        assert calls[-1] == (expected, 1)
    future = examples.load("language_course_future")
    preview_module.figure_for(future, current)
    assert calls[-1] == ("draw_comparison", 2)
    preview_module.figure_for(future, None)
    assert calls[-1] == ("draw_map", 1)


def test_future_state_builder_starts_from_the_current_map(tmp_path):
    current = tmp_path / "my_current_state.json"
    save_map(examples.load("language_course_current"), current)
    path = tmp_path / "my_future_state.json"
    b = FutureStateBuilder(path, based_on=current, autosave_delay=60, preview_delay=60)
    assert not path.exists()
    assert b.map.map_type.value == "future_state" and b.map.based_on == "my_current_state.json"
    assert b.tabs.titles == ("Persona", "Stages & touchpoints", "Improvements")
    pains = examples.load("language_course_current").pain_points()
    assert [r.pp.id for r in b.future.rows] == [pp.id for _, _, pp in pains]
    severe = [pp for _, _, pp in pains if pp.severity == 3]
    assert f"{len(severe)} critical" in b.future.intro.value
    first = b.future.rows[0]
    assert f"Severity {first.pp.severity}<" in first.label.value and first.pp.id not in first.label.value
    first.decision.value = "Improve"
    assert "Write the change" in first.note.value
    b.flush()
    assert not path.exists() or saved(path)["improvements"] == []
    first.change.value = "Prices on the first page"
    first.expected.value = 2
    b.flush()
    data = saved(path)
    assert data["improvements"] == [{"pain_point": first.pp.id, "change": "Prices on the first page",
                                     "touchpoint": first.tp.id, "expected_feeling": 2}]
    second = b.future.rows[1]
    second.decision.value = "Defer"
    second.reason.value = "Needs a new booking system"
    first.decision.value = "Defer"                 # changing one's mind drops the improvement
    first.reason.value = "Later"
    b.flush()
    data = saved(path)
    assert data["improvements"] == []
    assert [d["pain_point"] for d in data["deferred"]] == [first.pp.id, second.pp.id]
    again = FutureStateBuilder(path, based_on=current, autosave_delay=60, preview_delay=60)
    assert again.future.row(second.pp.id).reason.value == "Needs a new booking system"
    assert again.future.row(second.pp.id).decision.value == "Defer"
    report = again.check()
    assert report.map_type == "future_state" and "future." in again.report.value


def test_future_state_with_a_missing_current_map_explains(tmp_path):
    b = FutureStateBuilder(tmp_path / "f.json", based_on=tmp_path / "nothing.json", autosave_delay=60)
    assert "no current-state map at" in b.future.intro.value.lower()
    assert b.map.map_type.value == "future_state"


def test_the_exercise_calls_work(tmp_path):
    for map_type, preset, stages in [("current_state", "five_stages", 5), ("current_state", None, 0),
                                     ("service_blueprint", None, 0), ("day_in_the_life", None, 0)]:
        path = tmp_path / f"{map_type}-{preset}.json"
        b = MapBuilder(path, map_type=map_type, preset=preset)
        assert b.map.map_type.value == map_type and len(b.map.stages) == stages
        assert "application/vnd.jupyter.widget-view+json" in b._repr_mimebundle_()
        # what the learner sees: the editors, the status line naming the file, and the preview or its hint
        assert b.editors.layout.display == "" and b.problem_box.layout.display == "none"
        assert path.name in b.status.value and "as soon as you change" in b.status.value
        assert b.tabs.titles == ("Persona", "Stages & touchpoints")
        assert b.preview.widget.layout.display == "none" and b.preview.toggle.description == "Show drawing"
        b.preview.toggle.value = True                # the learner asks for the picture
        if stages:
            assert b"1. Awareness" in bytes(b.preview.image.value) and b.preview.image.layout.display == ""
        else:
            assert "once the map has a stage" in b.preview.message.value
            assert b.preview.image.layout.display == "none"
        b.title.value = f"My {map_type} map"       # the first change saves it
        b.flush()
        assert saved(path)["title"] == f"My {map_type} map" and saved(path)["map_type"] == map_type


def test_wide_preview_puts_the_drawing_above(tmp_path):
    b = builder(tmp_path / "m.json", preset="aida")
    assert b.wide.layout.display == "none", "no wide drawing while the drawing is hidden"
    b.preview.toggle.value = True
    b.wide.value = True
    assert b.editors.layout.flex_flow == "column-reverse" and b.right.layout.width == "100%"
    b.preview.toggle.value = False                   # hiding the drawing puts the editors back
    assert b.editors.layout.flex_flow == "row" and b.tabs.layout.width == "46%" and not b.wide.value


def test_every_control_has_a_tooltip_or_description(tmp_path):
    import ipywidgets as w

    from cjm_helpers.builder.canvas import MapCanvas

    current = tmp_path / "c.json"
    save_map(examples.load("language_course_current"), current)
    b = FutureStateBuilder(tmp_path / "f.json", based_on=current, autosave_delay=60)
    b.stages.picker.value = 1
    seen, unlabelled, missing = 0, 0, []

    def walk(widget):
        nonlocal seen, unlabelled
        if isinstance(widget, w.Box):
            for child in widget.children:
                walk(child)
            return
        if isinstance(widget, (w.HTML, w.Image, MapCanvas)):
            return  # the canvas labels its own controls in the browser (tests/test_builder_canvas_browser.py)
        seen += 1
        description = (getattr(widget, "description", None) or "").strip()
        tooltip = (getattr(widget, "tooltip", None) or "").strip()
        unlabelled += not description
        if not (tooltip or description):
            missing.append(f"{type(widget).__name__} {widget.model_id}")

    walk(b.widget)
    assert seen > 40 and not missing
    assert unlabelled >= 4, "icon-only controls (arrows, remove) are among those checked: their tooltip says it all"


def test_workshop_builder_is_a_map_builder(tmp_path, monkeypatch):
    from cjm_helpers.workshop import workshop_builder

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CJM_WORKSHOP_PRESET", "six_stages")
    b = workshop_builder()
    assert isinstance(b, MapBuilder) and b.path == tmp_path / "workshop_map.json" and len(b.map.stages) == 6


def test_a_previewed_drawing_is_not_shown_again_below_the_cell():
    fig = Figure()
    fig.shown = False  # cjm_helpers.draw figures display themselves at the end of a cell unless shown
    assert preview_module.png_of(fig).startswith(b"\x89PNG") and fig.shown


def test_no_internal_id_in_what_the_learner_reads(tmp_path):
    """Pickers, labels and tooltips of the forms name touchpoints and pain points in words, never by id."""
    import ipywidgets as w

    current = tmp_path / "c.json"
    save_map(examples.load("language_course_current"), current)
    b = FutureStateBuilder(tmp_path / "f.json", based_on=current, autosave_delay=60)
    ids = {tp.id for _, tp in b.map.touchpoints()} | {pp.id for _, tp in b.map.touchpoints() for pp in tp.pain_points}
    texts = []

    def walk(widget):
        if isinstance(widget, w.Box):
            for child in widget.children:
                walk(child)
        shown = ("description", "tooltip", "placeholder") + (() if hasattr(widget, "_options_labels") else ("value",))
        for name in shown:                           # a picker's value is not shown, its labels are
            if isinstance(getattr(widget, name, None), str):
                texts.append(getattr(widget, name))
        texts.extend(str(label) for label in getattr(widget, "_options_labels", ()))
        texts.extend(getattr(widget, "tooltips", None) or ())

    walk(b.widget)
    words = [re.sub(r"<[^>]+>", " ", t) for t in texts]       # what a reader sees of an HTML label
    found = {i for i in ids for t in words if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", t)}
    assert not found, found
