"""Limits at the door: hostile files (generated here, never committed) are refused at once by every
command, naming the file, the limit and the value, within bounded time and memory."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cjm_helpers import examples, limits
from cjm_helpers.errors import MapFileError, MapValidationError
from cjm_helpers.storage import load_map, map_from_dict

ROOT = Path(__file__).resolve().parent.parent
SECONDS, MEGABYTES = 15, 500


# Linux keeps a process's peak memory across fork and exec, so a command started straight from a large
# pytest worker would report the worker's size. A small launcher forks the command and reports its peak.
LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "cjm_helpers", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump({"code": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss}, report)
"""


def run_cli(*args: str, cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run the real command line; (result, seconds, peak memory in MB of that process alone)."""
    import signal
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "usage.json"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(report), *args], cwd=cwd,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)), start_new_session=True)
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError(f"{args} ran over 120 s") from None
        seconds = time.monotonic() - start
        usage = json.loads(report.read_text())
    result = subprocess.CompletedProcess(proc.args, usage["code"], out, err)
    return result, seconds, usage["peak_kb"] / 1024


def hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the refusal must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    deep = folder / "deep.json"
    deep.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    out["deep"] = (deep, f"nested 100,001 deep; the limit is {limits.MAX_DEPTH} levels")
    huge = folder / "huge.json"
    with huge.open("wb") as handle:     # 200 MB by its size, sparse on disk: refused unread
        handle.truncate(200 * 1024 * 1024)
    out["huge"] = (huge, f"the file is 209,715,200 bytes; the limit is {limits.MAX_FILE_BYTES:,} bytes")
    many = folder / "many_stages.json"
    many.write_text(json.dumps({"stages": [{"name": f"s{i}", "touchpoints": [{"id": f"t{i}", "name": "x"}]}
                                           for i in range(5000)]}), "utf-8")
    out["many_stages"] = (many, f"stages: has 5,000 entries; the limit is {limits.MAX_STAGES}")
    long_text = folder / "long_title.json"
    long_text.write_text(json.dumps({"title": "x" * 100_000, "stages": []}), "utf-8")
    out["long_title"] = (long_text, f"title: is 100,000 characters long; the limit is {limits.MAX_TEXT:,}")
    digits = folder / "digits.json"
    digits.write_text('{"title": "a", "stages": [{"name": "s", "touchpoints": [{"id": "t", "name": "n", '
                      '"feeling": ' + "9" * 100_000 + "}]}]}", "utf-8")
    out["digits"] = (digits, "not valid JSON")
    everything = folder / "everything.json"     # beyond every count limit at once, each list full of problems
    stages = [{"name": "", "bogus": 1, "touchpoints": [{"id": f"t{i}-{k}", "name": "x" * (limits.MAX_TEXT + 1),
                                                        "feeling": 9, "opportunities": ["o"] * (limits.MAX_ITEMS + 1)}
                                                       for k in range(10)]} for i in range(limits.MAX_STAGES + 1)]
    everything.write_text(json.dumps({"titel": "x", "stages": stages}), "utf-8")
    out["everything"] = (everything, "problems:")
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_files(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("name", ["deep", "huge", "many_stages", "long_title", "digits"])
def test_load_map_refuses_with_file_limit_and_value(hostile, name):
    path, words = hostile[name]
    with pytest.raises(MapFileError) as info:
        load_map(path)
    message = str(info.value)
    assert message.startswith(str(path)) and words in message


@pytest.mark.parametrize("name", ["deep", "huge", "many_stages", "long_title"])
@pytest.mark.parametrize("command", ["check", "draw", "export"])
def test_every_command_exits_2_at_once_within_bounds(hostile, tmp_path, name, command):
    path, words = hostile[name]
    extra = {"check": [], "draw": ["-o", str(tmp_path / "out.png")], "export": ["--to", "csv"]}[command]
    result, seconds, peak_mb = run_cli(command, str(path), *extra)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr and words in result.stderr
    assert seconds < SECONDS and peak_mb < MEGABYTES, (seconds, peak_mb)
    assert not (tmp_path / "out.png").exists()


def test_every_problem_is_reported_at_once_unknown_keys_included(tmp_path):
    path = tmp_path / "typos.json"
    path.write_text(json.dumps({
        "titel": "My map", "map_type": "current",
        "stages": [{"name": "Buy", "touchpoints": [{"id": "t1", "name": "Pays", "feelings": 1, "feeling": 5,
                                                    "pain_points": [{"id": "p", "text": "slow", "sevrity": 3}]}]}],
        "persona": {"nmae": "Ada"}}), "utf-8")
    with pytest.raises(MapValidationError) as info:
        load_map(path)
    found = {str(p) for p in info.value.problems}
    assert found == {
        "titel: unknown field, did you mean title?",
        "map_type: must be one of 'current_state', 'future_state', 'day_in_the_life' or 'service_blueprint', "
        "got 'current'",
        "stages[0].touchpoints[0].feeling: must be between -2 and 2, got 5",
        "stages[0].touchpoints[0].feelings: unknown field, did you mean feeling?",
        "stages[0].touchpoints[0].pain_points[0].sevrity: unknown field, did you mean severity?",
        "persona.nmae: unknown field, did you mean name?",
    }
    result, _, _ = run_cli("check", str(path))
    assert result.returncode == 2 and "6 problems" in result.stderr and "did you mean severity?" in result.stderr


def test_too_many_touchpoints_in_all_stages_together():
    stages = [{"name": f"s{i}", "touchpoints": [{"id": f"t{i}-{k}", "name": "x"} for k in range(10)]}
              for i in range(limits.MAX_TOUCHPOINTS // 10 + 1)]
    with pytest.raises(MapValidationError, match=f"at most {limits.MAX_TOUCHPOINTS} touchpoints in a map, "
                                                 f"got {limits.MAX_TOUCHPOINTS + 10}"):
        map_from_dict({"stages": stages[: limits.MAX_STAGES]})


def test_nesting_of_python_data_is_bounded_without_recursion():
    data: dict = {"title": "x"}
    inner = data
    for _ in range(50_000):
        inner["persona"] = {}
        inner = inner["persona"]
    with pytest.raises(MapFileError, match=f"the limit is {limits.MAX_DEPTH} levels"):
        map_from_dict(data)
    loop: dict = {"title": "x"}
    loop["persona"] = loop
    with pytest.raises(MapFileError, match="nested more than"):
        map_from_dict(loop)


def test_depth_scan_ignores_brackets_inside_text():
    assert limits.nesting_depth(b'{"a": [1, {"b": "[[[[ {{{ \\" ]"}]}') == 3
    assert limits.nesting_depth(b'"no brackets"') == 0


def test_every_example_fits_with_room_to_spare():
    for name in examples.names():
        journey = examples.load(name)
        raw = examples.path(name).read_bytes()
        assert len(raw) * 10 < limits.MAX_FILE_BYTES
        assert limits.nesting_depth(raw) * 2 < limits.MAX_DEPTH
        assert len(journey.stages) * 10 <= limits.MAX_STAGES
        assert len(journey.touchpoints()) * 10 <= limits.MAX_TOUCHPOINTS


def test_limits_are_in_the_schema_and_the_readme():
    schema = json.loads((ROOT / "cjm_helpers" / "schema" / "cjm-map.schema.json").read_text("utf-8"))
    assert schema["properties"]["stages"]["maxItems"] == limits.MAX_STAGES
    assert schema["properties"]["title"]["maxLength"] == limits.MAX_TEXT
    assert schema["$defs"]["Touchpoint"]["properties"]["id"]["maxLength"] == limits.MAX_ID
    assert schema["$defs"]["Touchpoint"]["additionalProperties"] is False
    for what, value in limits.LIMITS.items():
        assert f"{what}: at most {value}" in schema["description"]
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Limits of a map file"):]
    for what, value in limits.LIMITS.items():
        assert re.search(rf"\|\s*{re.escape(what)}\s*\|\s*{re.escape(value)}\s*\|", section), (what, value)


def test_require_reports_a_hostile_file_instead_of_raising(hostile, capsys):
    from cjm_helpers.grading import require

    require(hostile["deep"][0], "current_state")
    assert "nested 100,001 deep" in capsys.readouterr().out


def test_limits_and_other_problems_are_all_reported_in_one_report(tmp_path):
    """Too many stages, a too-long field, an unknown key deep inside and one at the top: one report of all."""
    stages = [{"name": f"s{i}", "touchpoints": [{"id": f"t{i}", "name": "n"}]} for i in range(limits.MAX_STAGES + 20)]
    stages[3]["touchpoints"][0]["action"] = "pays"
    stages[5]["touchpoints"][0]["opportunities"] = ["o"] * (limits.MAX_ITEMS + 1)
    path = tmp_path / "everything.json"
    path.write_text(json.dumps({"title": "x" * (limits.MAX_TEXT + 1), "bogus": 1, "stages": stages}), "utf-8")
    expected = [
        f"stages: has {limits.MAX_STAGES + 20} entries; the limit is {limits.MAX_STAGES}: split the map or leave "
        f"some out; entries after the {limits.MAX_STAGES}th were not checked",
        f"stages[5].touchpoints[0].opportunities: has {limits.MAX_ITEMS + 1} entries; the limit is {limits.MAX_ITEMS}",
        f"title: is {limits.MAX_TEXT + 1:,} characters long; the limit is {limits.MAX_TEXT:,} characters: shorten it",
        "stages[3].touchpoints[0].action: unknown field (known fields: ",
        "bogus: unknown field (known fields: ",
    ]
    with pytest.raises(MapValidationError) as info:
        load_map(path)
    found = [str(p) for p in info.value.problems]
    assert len(found) == 5, found
    for words in expected:
        assert any(line.startswith(words) for line in found), (words, found)
    assert "remove it or rename it to one of these" in found[-1]
    for command, extra in [("check", []), ("draw", ["-o", str(tmp_path / "out.png")]), ("export", ["--to", "csv"])]:
        result, seconds, peak_mb = run_cli(command, str(path), *extra)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        lines = result.stderr.splitlines()
        assert lines[0] == f"error: {path}: not a valid journey map: 5 problems:"
        assert len(lines) == 6 and all(line.startswith(f"  {path}: ") for line in lines[1:]), lines
        for words in expected:
            assert any(line.startswith(f"  {path}: {words}") for line in lines[1:]), (command, words)
        assert seconds < SECONDS and peak_mb < MEGABYTES
    assert not (tmp_path / "out.png").exists()
    report = json.loads(run_cli("check", "--json", str(path))[0].stdout)
    assert [p["field"] for p in report["problems"]][:3] == ["stages", "stages[5].touchpoints[0].opportunities", "title"]


def test_touchpoints_beyond_the_map_limit_do_not_hide_other_problems():
    stages = [{"name": f"s{i}", "touchpoints": [{"id": f"t{i}-{k}", "name": "x"} for k in range(10)]}
              for i in range(limits.MAX_TOUCHPOINTS // 10 + 1)]
    stages[0]["touchpoints"][0]["feeling"] = 9
    with pytest.raises(MapValidationError) as info:
        map_from_dict({"stages": stages, "titel": "x"})
    found = [str(p) for p in info.value.problems]
    assert found[0].startswith(f"stages: at most {limits.MAX_TOUCHPOINTS} touchpoints in a map, got "
                               f"{limits.MAX_TOUCHPOINTS + 10}: split the journey")
    assert "stages[0].touchpoints[0].feeling: must be between -2 and 2, got 9" in found
    assert "titel: unknown field, did you mean title?" in found and len(found) == 3


def test_require_names_every_problem(tmp_path, capsys):
    from cjm_helpers.grading import require

    path = tmp_path / "map.json"
    path.write_text(json.dumps({"titel": "x", "stages": [{"name": f"s{i}"} for i in range(limits.MAX_STAGES + 1)]}))
    require(path, "current_state")
    out = capsys.readouterr().out
    assert "titel: unknown field" in out and f"has {limits.MAX_STAGES + 1} entries" in out
