"""Exports re-import to the same stages, touchpoints and feelings; Mermaid's own example reads."""

from __future__ import annotations

import csv
import io

import pytest

from cjm_helpers import examples, from_mermaid, to_csv, to_markdown, to_mermaid
from cjm_helpers.cli import main
from cjm_helpers.errors import MapFileError
from cjm_helpers.export import from_csv, from_markdown
from cjm_helpers.model import JourneyMap

MERMAID_DOCS = """journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def shape(journey: JourneyMap, unset=None):
    return [(s.name, [(tp.name, unset if tp.feeling is None and unset is not None else tp.feeling)
                      for tp in s.touchpoints]) for s in journey.stages]


@pytest.mark.parametrize("name", examples.names())
def test_mermaid_round_trip(name):
    journey = examples.load(name)
    text = to_mermaid(journey)
    assert text.startswith("journey\n")
    back = from_mermaid(text)
    assert shape(back) == shape(journey, unset=0)
    assert back.title == journey.title
    assert back.persona.name == journey.persona.name
    assert [tp.owner for _, tp in back.touchpoints()] == [tp.owner for _, tp in journey.touchpoints()]


def test_mermaid_score_is_feeling_plus_three_and_actors_are_persona_and_owner():
    text = to_mermaid(examples.load("language_course_current"))
    assert "      Job interview held partly in English: 2: Marta‚ logistics coordinator (29), the customer" in text
    assert "    section Need" in text


def test_reads_the_example_of_mermaids_documentation():
    journey = from_mermaid(MERMAID_DOCS)
    assert journey.title == "My working day"
    assert journey.persona.name == "Me"
    assert shape(journey) == [("Go to work", [("Make tea", 2), ("Go upstairs", 0), ("Do work", -2)]),
                              ("Go home", [("Go downstairs", 2), ("Sit down", 2)])]


def test_reads_what_mermaid_reads():
    text = """%% a comment
journey
  accTitle: Accessible title
  accDescr {
    A longer description
  }
  Before any section: 4: Someone, brand
  # a hash comment
  section A
    Out of range: 9: Someone
    Fraction: 2.6: Someone
"""
    journey = from_mermaid(text)
    assert journey.scenario == "A longer description"
    assert shape(journey) == [("Journey", [("Before any section", 1)]), ("A", [("Out of range", 2), ("Fraction", 0)])]
    assert journey.stages[0].touchpoints[0].owner.value == "brand"


def test_awkward_names_survive():
    data = {"title": "Costs: #1; plan", "persona": {"name": "Ann, buyer"}, "stages": [
        {"name": "Pay: now; #2", "touchpoints": [
            {"id": "a", "name": "Title page: read", "feeling": -2},
            {"id": "b", "name": "section, the next", "feeling": None},
        ]}]}
    journey = JourneyMap.model_validate(data)
    back = from_mermaid(to_mermaid(journey))
    assert back.title == journey.title and back.persona.name == "Ann, buyer"
    assert shape(back) == shape(journey, unset=0)


@pytest.mark.parametrize("text, problem", [
    ("", "starts with 'journey'"),
    ("flowchart LR\n  A --> B", "starts with 'journey'"),
    ("journey\n  section S\n  no colon here", "line 3"),
    ("journey\n  Task: lots: Me", "must be a number"),
])
def test_bad_mermaid_is_a_clear_error(text, problem):
    with pytest.raises(MapFileError, match=problem):
        from_mermaid(text)


@pytest.mark.parametrize("name", examples.names())
def test_csv_and_markdown_round_trip(name):
    journey = examples.load(name)
    back = from_csv(to_csv(journey))
    assert shape(back) == shape(journey)
    assert [len(tp.pain_points) for _, tp in back.touchpoints()] == [len(tp.pain_points) for _, tp in journey.touchpoints()]
    rows = from_markdown(to_markdown(journey))
    assert [(r["Stage"], r["Touchpoint"].removesuffix(" ★"), r["Feeling"]) for r in rows] == [
        (s.name, tp.name, "" if tp.feeling is None else f"{tp.feeling:+d}" if tp.feeling else "0")
        for s, tp in journey.touchpoints()]


def test_csv_keeps_pain_points_with_pipes_and_line_breaks_and_their_ids():
    journey = JourneyMap.model_validate({"stages": [{"name": "Pay", "touchpoints": [
        {"id": "checkout", "name": "Checkout", "feeling": -1,
         "pain_points": [{"id": "pp-fees", "text": "Fees | taxes shown late", "severity": 3},
                         {"id": "pp-form", "text": "Form resets\n  and the card is asked again", "severity": 1}],
         "opportunities": ["Show the total | early", "Keep the form\nafter an error"]}]}]})
    text = to_csv(journey)
    back = from_csv(text)
    assert back.model_dump() == journey.model_dump()
    tp = back.find_touchpoint("checkout")
    assert [(pp.id, pp.severity, pp.text) for pp in tp.pain_points] == [
        ("pp-fees", 3, "Fees | taxes shown late"), ("pp-form", 1, "Form resets\n  and the card is asked again")]
    assert tp.opportunities == ["Show the total | early", "Keep the form\nafter an error"]
    row = next(csv.DictReader(io.StringIO(text)))     # what a spreadsheet shows: one pain point a line
    assert row["pain_points"] == "3: Fees | taxes shown late\n1: Form resets\n    and the card is asked again"
    assert row["pain_point_ids"] == "pp-fees\npp-form"


def test_csv_of_a_future_map_keeps_the_pain_point_ids_its_improvements_name():
    current = examples.load("language_course_current")
    back = from_csv(to_csv(current))
    assert [pp.id for _, _, pp in back.pain_points()] == [pp.id for _, _, pp in current.pain_points()]
    future = examples.load("language_course_future")
    named = {i.pain_point for i in future.improvements} | {d.pain_point for d in future.deferred}
    assert named and all(back.find_pain_point(pid) for pid in named)


def test_csv_of_a_blueprint_keeps_its_lanes():
    blueprint = examples.load("hotel_blueprint")
    back = from_csv(to_csv(blueprint))
    assert back.stages == blueprint.stages
    lanes = [(tp.evidence, tp.frontstage, tp.backstage, tp.support, tp.fail_point, tp.wait_minutes)
             for _, tp in back.touchpoints()]
    assert any(lane[0] for lane in lanes) and any(lane[4] for lane in lanes)
    assert any(lane[5] is not None for lane in lanes)


def test_csv_of_an_earlier_version_still_reads():
    old = ("stage,stage_goal,time,touchpoint_id,touchpoint,channel,owner,doing,thinking,feeling,intent,"
           "moment_of_truth,pain_points,opportunities\n"
           "Pay,,,checkout,Checkout,web,brand,,,-1,,yes,3: Fees shown late | 1: Form resets,Show total | Keep form\n")
    tp = from_csv(old).find_touchpoint("checkout")
    assert [(pp.id, pp.severity, pp.text) for pp in tp.pain_points] == [
        ("checkout-pp1", 3, "Fees shown late"), ("checkout-pp2", 1, "Form resets")]
    assert tp.opportunities == ["Show total", "Keep form"]


def test_csv_with_a_bad_severity_names_the_line():
    journey = JourneyMap.model_validate({"stages": [{"name": "S", "touchpoints": [
        {"id": "a", "name": "A"}, {"id": "b", "name": "B", "pain_points": [
            {"id": "p1", "text": "Two\nlines", "severity": 2}, {"id": "p2", "text": "Slow", "severity": 2}]}]}]})
    text = to_csv(journey).replace("\n2: Slow", "\nsevere: Slow")
    with pytest.raises(MapFileError, match=r"CSV text: line 6 \(touchpoint 'b'\), pain_points: .*'severe: Slow'"):
        from_csv(text)


def test_markdown_escapes_pipes():
    journey = JourneyMap.model_validate({"stages": [{"name": "A|B", "touchpoints": [
        {"id": "x", "name": "pipe | inside", "feeling": 1}]}]})
    rows = from_markdown(to_markdown(journey))
    assert rows == [dict(rows[0], Stage="A|B", Touchpoint="pipe | inside", Feeling="+1")]


def test_a_markdown_table_reads_back_the_text_as_typed():
    typed = {"name": "Pays $5 * 2 <script>alert(1)</script>", "doing": "Types C:\\Users\\ada and \\href{x}{y}",
             "thinking": "Is [this](javascript:alert(2)) &lt; safe? A & B | C", "feeling": -1}
    journey = JourneyMap.model_validate({"stages": [{"name": "Pay \\def\\x", "touchpoints": [dict(id="x", **typed)]}]})
    table = to_markdown(journey)
    assert "<script>" not in table and "\u200b" in table          # escaped on the way out
    (row,) = from_markdown(table)
    assert (row["Stage"], row["Touchpoint"], row["Doing"], row["Thinking"]) == (
        "Pay \\def\\x", typed["name"], typed["doing"], typed["thinking"])
    assert not any("\u200b" in value for value in row.values())


def test_export_command(tmp_path, capsys):
    path = examples.path("language_course_current")
    assert main(["export", str(path), "--to", "mermaid"]) == 0
    assert from_mermaid(capsys.readouterr().out).stages[0].name == "Need"
    out = tmp_path / "map.csv"
    assert main(["export", str(path), "--to", "csv", "-o", str(out)]) == 0
    assert shape(from_csv(out.read_text())) == shape(examples.load("language_course_current"))


def test_draw_command(tmp_path, capsys):
    future, current = examples.path("language_course_future"), examples.path("language_course_current")
    out = tmp_path / "cmp.svg"
    assert main(["draw", str(future), "-o", str(out), "--current", str(current)]) == 0
    assert "What changed" in out.read_text()
    assert main(["draw", str(examples.path("hotel_blueprint")), "-o", str(tmp_path / "b.pdf")]) == 0
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    # without --current, a future map's based_on file next to it gives the comparison
    assert main(["draw", str(future), "-o", str(tmp_path / "alone.svg")]) == 0
    assert "What changed" in (tmp_path / "alone.svg").read_text()


def test_commands_exit_2_naming_the_problem(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"stages": [{"name": "S", "touchpoints": [{"id": "a", "name": "A", "feelings": 1}]}]}')
    assert main(["draw", str(bad), "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "feelings" in err and "did you mean feeling" in err
    assert main(["draw", str(examples.path("hotel_blueprint")), "-o", str(tmp_path / "x.gif")]) == 2
    assert "x.gif: cannot save a drawing as '.gif'" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.json"), "--to", "csv"]) == 2
    assert "missing.json: no such file" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
