"""The model: validation messages with field paths, did-you-mean for unknown keys, presets, lazy import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cjm_helpers import MapValidationError, STAGE_PRESETS, new_map
from cjm_helpers.model import JourneyMap, feeling_face, next_id
from cjm_helpers.storage import map_from_dict


def problems(data):
    with pytest.raises(MapValidationError) as info:
        map_from_dict(data, "my_map.json")
    return [str(p) for p in info.value.problems], str(info.value)


def stage(name, *tps):
    return {"name": name, "touchpoints": list(tps)}


def test_out_of_range_feeling_names_the_field_path():
    data = {"stages": [stage("A"), stage("B"), stage("C", {"id": "t1", "name": "Pays", "feeling": 7})]}
    found, text = problems(data)
    assert found == ["stages[2].touchpoints[0].feeling: must be between -2 and 2, got 7"]
    assert text.startswith("my_map.json: not a valid journey map: stages[2]")


def test_several_problems_are_all_listed():
    data = {"map_type": "future", "stages": [stage("A", {"id": "t", "name": "x", "pain_points": [
        {"id": "p", "text": "slow", "severity": 5}], "channel": "fax"})]}
    found, text = problems(data)
    assert "stages[0].touchpoints[0].pain_points[0].severity: must be between 1 and 3, got 5" in found
    assert any(p.startswith("map_type: must be one of") and "'future'" in p for p in found)
    assert any(p.startswith("stages[0].touchpoints[0].channel: unknown channel 'fax'; use one of web") for p in found)
    assert "3 problems" in text


def test_unknown_key_suggests_the_nearest_field():
    data = {"stages": [stage("A", {"id": "t", "name": "x", "feelings": 1})]}
    assert problems(data)[0] == ["stages[0].touchpoints[0].feelings: unknown field, did you mean feeling?"]
    assert problems({"titel": "x"})[0] == ["titel: unknown field, did you mean title?"]
    far = problems({"zzzzzz": 1})[0][0]
    assert far.startswith("zzzzzz: unknown field (known fields:") and "stages" in far


def test_missing_and_wrongly_typed_fields():
    found, _ = problems({"stages": [{"touchpoints": "none"}]})
    assert "stages[0].name: is required but missing" in found
    assert "stages[0].touchpoints: must be a list, got 'none'" in found
    assert problems({"stages": [stage("A"), stage("B", "just text")]})[0] == [
        "stages[1].touchpoints[0]: must be an object with named fields, got 'just text'"]


def test_time_and_format_messages():
    assert problems({"stages": [{"name": "Morning", "time": "7.30"}]})[0] == [
        "stages[0].time: must be a 24-hour time like \"07:30\", got '7.30'"]
    with pytest.raises(Exception, match="newer version of the workbook"):
        map_from_dict({"format": "cjm-map/9"}, "m.json")
    with pytest.raises(Exception, match=r'm.json: format: must be text like "cjm-map/1", got \[\]'):
        map_from_dict({"format": []}, "m.json")


def test_presets_start_an_empty_map():
    journey = new_map("five_stages", "current_state", title="T", persona_name="Ana")
    assert [s.name for s in journey.stages] == STAGE_PRESETS["five_stages"].names
    assert journey.persona.name == "Ana" and journey.touchpoints() == []
    with pytest.raises(KeyError, match="known presets"):
        new_map("seven_stages")


def test_helpers():
    journey = map_from_dict({"stages": [stage("A", {"id": "t1", "name": "x", "pain_points": [
        {"id": "p1", "text": "slow"}]})]})
    assert journey.find_touchpoint("t1").name == "x" and journey.find_touchpoint("t9") is None
    assert journey.find_pain_point("p1")[2].severity == 2
    assert next_id("t", {"t1", "t2"}) == "t3"
    assert feeling_face(-2) == "😠" and feeling_face(None) == "·"
    assert "based_on" not in JourneyMap().to_dict()


def test_importing_the_package_loads_no_heavy_libraries():
    code = (
        "import sys, cjm_helpers; from cjm_helpers import check_map, Task, load_map, examples; "
        "heavy = [m for m in ('matplotlib', 'pandas', 'ipywidgets') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_format_value_is_quoted_in_the_message():
    from cjm_helpers.model import JourneyMap
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="this workbook reads 'cjm-map/1' maps, got 'x'"):
        JourneyMap(format="x")
