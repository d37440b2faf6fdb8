"""`python -m cjm_helpers check`: exit codes, text and JSON output, and never a traceback."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_helpers import MapFileError, check_map, examples, load_map
from cjm_helpers.cli import main
from cjm_helpers.model import Channel, MapType, Owner

ROOT = Path(__file__).resolve().parent.parent


def test_example_passes_with_exit_0(capsys):
    assert main(["check", str(examples.path("language_course_current"))]) == 0
    out = capsys.readouterr().out
    assert "Passed: 0 errors" in out and "Every check passed" in out


def test_errors_give_exit_1(tmp_path, capsys):
    data = examples.load("language_course_current").to_dict()
    data["persona"]["name"] = "customer"
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data))
    assert main(["check", str(path)]) == 1
    assert "Error: persona: 'customer' is everyone and no one" in capsys.readouterr().out


def test_unreadable_or_invalid_give_exit_2_naming_file_field_problem(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.json")]) == 2
    assert capsys.readouterr().err == f"error: file '{tmp_path / 'none.json'}': no such file\n"
    bad = tmp_path / "bad.json"
    bad.write_text('{"stages": [{"name": "A", "touchpoints": [{"id": "t", "name": "x", "feelings": 1}]}]}')
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "stages[0].touchpoints[0].feelings: unknown field, did you mean feeling?" in err


def test_json_output(capsys):
    assert main(["check", str(examples.path("hotel_blueprint")), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["map_type"] == "service_blueprint" and data["findings"] == []


def test_current_option(tmp_path, capsys):
    future = tmp_path / "future.json"
    future.write_text(examples.path("language_course_future").read_text("utf-8"))
    assert main(["check", str(future)]) == 1
    assert "based_on names 'language_course_current.json'" in capsys.readouterr().out
    assert main(["check", str(future), "--current", str(examples.path("language_course_current"))]) == 0
    capsys.readouterr()
    assert main(["check", str(future), "--current", str(tmp_path / "nope.json"), "--json"]) == 1
    assert "nope.json" in json.loads(capsys.readouterr().out)["findings"][0]["message"]


def test_real_command_line_has_no_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[")
    out = subprocess.run([sys.executable, "-m", "cjm_helpers", "check", str(bad)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "not valid JSON at line 1" in out.stderr


# --- properties: arbitrary JSON and arbitrary valid maps never crash load, check or the CLI ------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
        st.sampled_from(["title", "map_type", "stages", "persona", "name", "touchpoints", "feeling",
                         "based_on", "improvements", "time", "id", "format", "channels", "channel", "label",
                         "owners"]) | st.text(max_size=8), kids, max_size=5),
    max_leaves=20,
)
words = st.text(max_size=15)
ids = st.sampled_from(["a", "b", "c", "p1", "p2"])
pain = st.fixed_dictionaries({"id": ids, "text": st.text(min_size=1, max_size=10).filter(str.strip),
                              "severity": st.integers(1, 3)})
touchpoint = st.fixed_dictionaries(
    {"id": ids, "name": st.just("tp")},
    optional={"channel": st.sampled_from([c.value for c in Channel] + ["kiosk"]),  # kiosk: the map's own
              "owner": st.sampled_from([o.value for o in Owner]), "doing": words, "thinking": words,
              "intent": words, "feeling": st.integers(-2, 2), "pain_points": st.lists(pain, max_size=2),
              "opportunities": st.lists(words, max_size=2), "moment_of_truth": st.booleans(),
              "frontstage": st.lists(words, max_size=2), "backstage": st.lists(words, max_size=2),
              "support": st.lists(words, max_size=2), "fail_point": st.booleans(),
              "wait_minutes": st.floats(0, 100)})
stage = st.fixed_dictionaries(
    {"name": st.sampled_from(["Awareness", "Purchase", "Need", "Interest", "Loyalty", "Own"])},
    optional={"time": st.sampled_from(["07:00", "12:30", "23:59"]), "touchpoints": st.lists(touchpoint, max_size=3)})
label = st.text(min_size=1, max_size=20).filter(str.strip)
valid_maps = st.fixed_dictionaries(
    {"map_type": st.sampled_from([m.value for m in MapType]), "stages": st.lists(stage, max_size=5),
     "channels": st.lists(st.fixed_dictionaries({"id": st.sampled_from(["kiosk", "store", "portal"]), "label": label}),
                          min_size=1, max_size=3, unique_by=lambda w: w["id"]).map(
         lambda ws: ws if any(w["id"] == "kiosk" for w in ws) else ws + [{"id": "kiosk", "label": "Kiosk"}])},
    optional={"owners": st.lists(st.fixed_dictionaries({"id": st.sampled_from([o.value for o in Owner]),
                                                        "label": label}), max_size=4, unique_by=lambda w: w["id"]),
              "title": words, "persona": st.fixed_dictionaries({"name": words}),
              "based_on": st.sampled_from(["", "missing.json", "current.json", "future.json", "."]),
              "improvements": st.lists(st.fixed_dictionaries({
                  "pain_point": ids, "change": st.just("x"), "touchpoint": ids,
                  "expected_feeling": st.integers(-2, 2)}), max_size=2),
              "deferred": st.lists(st.fixed_dictionaries({"pain_point": ids, "reason": st.just("later")}),
                                   max_size=2)})
documents = json_values | valid_maps


_FOLDER = tempfile.TemporaryDirectory(prefix="cjm-cli-check-")  # one folder for every generated map
(Path(_FOLDER.name) / "current.json").write_text(examples.path("language_course_current").read_text("utf-8"))


def _never_crashes(document) -> None:
    if True:
        path = Path(_FOLDER.name) / "map.json"
        path.write_text(json.dumps(document), "utf-8")
        try:
            load_map(path)
        except MapFileError:
            pass
        report = check_map(path)
        assert not [f for f in report.findings if f.rule == "checks.internal"], str(report)
        str(report), report._repr_html_()
        code = main(["check", str(path), "--json"])
        assert code in (0, 1, 2)
        assert (code == 2) == (not report.loaded)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_arbitrary_documents_never_crash(document, capsys):
    _never_crashes(document)
    capsys.readouterr()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=valid_maps)
def test_arbitrary_valid_maps_load_and_check(document, capsys):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.json"
        path.write_text(json.dumps(document), "utf-8")
        journey = load_map(path)
        assert journey.map_type.value == document["map_type"]
        assert main(["check", str(path)]) in (0, 1)
        capsys.readouterr()


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("CJM_FUZZ_EXAMPLES", "4000")), deadline=None, suppress_health_check=list(HealthCheck))
@given(document=documents)
def test_thousands_of_documents_never_crash(document, capsys):
    """4,000 generated documents by default (about a minute); CJM_FUZZ_EXAMPLES=10000 for a longer hunt."""
    _never_crashes(document)
    capsys.readouterr()
