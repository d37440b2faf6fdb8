"""Map files: round trip, diff-friendly text, backups, never losing good data, surviving a killed writer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_helpers import MapFileError, examples, load_map, restore_backup, save_map
from cjm_helpers.schema import generate_schema, map_schema, schema_text
from cjm_helpers.atomic import atomic_write_bytes, atomic_write_text
from cjm_helpers.storage import backup_path, dumps_map

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", examples.names())
def test_save_load_round_trip(tmp_path, name):
    journey = examples.load(name)
    path = save_map(journey, tmp_path / "map.json")
    again = load_map(path)
    assert again == journey
    assert path.read_text("utf-8") == examples.path(name).read_text("utf-8")  # canonical text


def test_file_is_indented_utf8_with_stable_key_order(tmp_path):
    journey = examples.load("language_course_current")
    journey.persona.name = "Zoë"
    text = save_map(journey, tmp_path / "m.json").read_text("utf-8")
    assert "Zoë" in text and text.endswith("}\n") and '\n  "title": ' in text
    assert list(json.loads(text))[:3] == ["format", "title", "map_type"]
    assert dumps_map(load_map(tmp_path / "m.json")) == text


def test_previous_version_is_kept_as_backup_and_can_be_restored(tmp_path):
    path = tmp_path / "m.json"
    journey = examples.load("language_course_current")
    save_map(journey, path)
    journey.title = "Second version"
    save_map(journey, path)
    assert load_map(backup_path(path)).title.endswith("(current state)")
    path.write_text("{ broken", "utf-8")
    restored = restore_backup(path)
    assert restored.title.endswith("(current state)") and load_map(path) == restored
    assert (tmp_path / "m.json.corrupt").read_text("utf-8") == "{ broken"


def test_invalid_map_is_never_written_and_a_bad_file_is_not_overwritten(tmp_path):
    path = tmp_path / "m.json"
    save_map(examples.load("hotel_blueprint"), path)
    before = path.read_bytes()
    bad = examples.load("hotel_blueprint").to_dict()
    bad["stages"][0]["touchpoints"][0]["feeling"] = 9
    with pytest.raises(MapFileError, match=r"stages\[0\]\.touchpoints\[0\]\.feeling: must be between -2 and 2, got 9"):
        save_map(bad, path)
    assert path.read_bytes() == before
    path.write_text('{"title": 1', "utf-8")
    with pytest.raises(MapFileError, match="not overwritten, because the file there is not a valid map"):
        save_map(examples.load("hotel_blueprint"), path)
    assert path.read_text("utf-8") == '{"title": 1'


def test_load_messages_name_file_and_problem(tmp_path):
    with pytest.raises(MapFileError, match=r"nothing\.json: no such file"):
        load_map(tmp_path / "nothing.json")
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(MapFileError, match="must hold a JSON object, found list"):
        load_map(tmp_path / "list.json")
    (tmp_path / "latin.json").write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(MapFileError, match="is not UTF-8"):
        load_map(tmp_path / "latin.json")
    with pytest.raises(MapFileError, match="is a folder"):
        load_map(tmp_path)


def test_a_pipe_named_like_a_map_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "my_map.json"
    os.mkfifo(fifo)                                  # nobody writes to it: opening it to read would wait forever
    with pytest.raises(MapFileError, match="not a regular file"):
        load_map(fifo)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda kids: st.lists(kids, max_size=5) | st.dictionaries(
        st.sampled_from(["title", "stages", "persona", "name", "touchpoints", "feeling", "map_type", "x"])
        | st.text(max_size=10), kids, max_size=5),
    max_leaves=25,
)


@settings(max_examples=100, deadline=None)
@given(value=json_values)
def test_loading_arbitrary_json_gives_a_map_or_a_clear_error(value):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.json"
        path.write_text(json.dumps(value), "utf-8")
        try:
            load_map(path)
        except MapFileError as exc:
            assert str(exc).startswith(str(path))


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=200))
def test_loading_arbitrary_bytes_never_crashes(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.json"
        path.write_bytes(raw)
        try:
            load_map(path)
        except MapFileError:
            pass


WRITER = """
import sys
from cjm_helpers import examples, save_map
from cjm_helpers.storage import map_from_dict
path = sys.argv[1]
data = examples.load("language_course_current").to_dict()
stages = []
for n in range(16):  # a big map within the limits: 96 stages, 272 touchpoints
    for s in data["stages"]:
        stages.append(dict(s, name=f"{s['name']} {n}", touchpoints=[
            dict(t, id=f"{t['id']}-{n}", pain_points=[dict(p, id=f"{p['id']}-{n}") for p in t["pain_points"]])
            for t in s["touchpoints"]]))
data["stages"] = stages
i = 0
while True:
    i += 1
    data["title"] = f"version {i}"
    save_map(map_from_dict(data), path)
    print(i, flush=True)
"""


def test_killing_a_writer_mid_save_leaves_a_valid_file(tmp_path):
    path = tmp_path / "big.json"
    save_map(examples.load("language_course_current"), path)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, "utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for round_ in range(4):
        proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, env=env)
        try:
            assert proc.stdout.readline(), "the writer never saved"
            time.sleep(0.01 + 0.037 * round_)  # kill at different moments of a save
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        journey = load_map(path)  # the file is whole and valid: one complete version
        assert journey.title.startswith("version ")
        assert len(journey.stages) == 96
        if backup_path(path).exists():
            load_map(backup_path(path))


def test_atomic_writes_make_the_folder_replace_the_file_and_leave_nothing_behind(tmp_path):
    target = tmp_path / "new" / "picture.png"
    atomic_write_bytes(target, b"\x89PNG first")
    atomic_write_bytes(target, b"\x89PNG second")
    assert target.read_bytes() == b"\x89PNG second"
    atomic_write_text(tmp_path / "new" / "notes.txt", "caf\u00e9\n")
    assert (tmp_path / "new" / "notes.txt").read_bytes() == "caf\u00e9\n".encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["notes.txt", "picture.png"]


def test_shipped_schema_equals_the_generated_one():
    assert map_schema() == generate_schema()
    shipped = (ROOT / "cjm_helpers" / "schema" / "cjm-map.schema.json").read_text("utf-8")
    assert shipped == schema_text(), "regenerate: python -c 'from cjm_helpers.schema import schema_text; ...'"


def test_schema_command_prints_the_schema():
    out = subprocess.run([sys.executable, "-m", "cjm_helpers", "schema"], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    schema = json.loads(out.stdout)
    assert schema["title"] == "JourneyMap" and "stages" in schema["properties"]
