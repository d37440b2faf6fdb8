"""course.toml at the door: bounded, a TOML error with line and column, every key problem at once, exit 2.
Hostile manifests are generated here (never committed)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cjm_helpers import limits
from cjm_helpers.course_file import CourseFileError, read_manifest
from test_limits import MEGABYTES, ROOT, SECONDS, run_cli

GOOD = (ROOT / "course.toml").read_text("utf-8")


def entry(n: int, **fields) -> str:
    values = {"id": f"X{n:04d}", "kind": "exercise", "title": f"Task {n}", "path": f"exercises/x/{n}.ipynb",
              "minutes": 30, "points": 1, **fields}
    return "\n[[activity]]\n" + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in values.items())


def hostile(folder) -> dict[str, tuple[str, str]]:
    """name -> (course.toml text or None for a special file, words the refusal must contain)."""
    typos = GOOD.replace('title = "Start here"', 'titel = "Start here"', 1).replace(
        "minutes = 35", "minuts = 35", 1).replace('kind = "exercise"', 'kind = "exercize"', 1)
    typos = typos.replace("[course]\n", "[course]\nlogo = 'x'\n", 1) + entry(1, id="L01")
    return {
        "typos": (typos, "not a valid course manifest: 7 problems"),
        "bad_toml": ('[course]\ntitle = "x"\n\n[[activity]\nid = "L01"\n', "not valid TOML: "
                     "Expected ']]' at the end of an array declaration (at line 4, column 11)"),
        "deep": ('[course]\ntitle = "x"\nx = ' + "[" * 100_000 + "]" * 100_000 + "\n", "not valid TOML"),
        "binary": ("\udcff\udcfe\x00\x01", "is not UTF-8 text (byte 0)"),
        "many": ('[course]\ntitle = "x"\n' + "".join(entry(n) for n in range(limits.MAX_ACTIVITIES + 1)),
                 f"activity: has {limits.MAX_ACTIVITIES + 1:,} entries; the limit is {limits.MAX_ACTIVITIES:,}"),
        "huge": (None, f"refused: the file is 209,715,200 bytes; the limit is {limits.MAX_COURSE_BYTES:,} bytes"),
        "pipe": (None, "not a regular file"),
        "empty": ("", "course: is required but missing"),
    }


def make(folder, name: str, text: str | None):
    course = folder / name
    course.mkdir()
    path = course / "course.toml"
    if name == "huge":
        with path.open("wb") as handle:     # 200 MB by its size, sparse on disk: refused unread
            handle.truncate(200 * 1024 * 1024)
    elif name == "pipe":
        os.mkfifo(path)
    else:
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return course, path


CASES = ["typos", "bad_toml", "deep", "binary", "many", "huge", "pipe", "empty"]


@pytest.mark.parametrize("name", CASES)
def test_read_manifest_refuses_naming_the_file_and_the_problem(tmp_path, name):
    text, words = hostile(tmp_path)[name]
    _, path = make(tmp_path, name, text)
    with pytest.raises(CourseFileError) as info:
        read_manifest(path)
    assert str(info.value).startswith(f"{path}: ") and words in str(info.value), str(info.value)


def test_every_key_problem_is_listed_one_a_line(tmp_path):
    text, _ = hostile(tmp_path)["typos"]
    _, path = make(tmp_path, "typos", text)
    with pytest.raises(CourseFileError) as info:
        read_manifest(path)
    found = {str(p) for p in info.value.problems}
    assert found == {
        "course.logo: unknown key (known keys: cpd_scheme, minutes_per_point, provider, short_title, title): "
        "remove it or rename it",
        "activity[0].title: is required but missing",
        "activity[0].titel: unknown key, did you mean title?",
        "activity[5].minutes: is required but missing",
        "activity[5].minuts: unknown key, did you mean minutes?",
        "activity[10].kind: must be one of 'lesson', 'exercise' or 'page', got 'exercize'",
        "activity[18].id: 'L01' is the id of an earlier activity; give each activity its own id",
    }
    lines = info.value.report_lines()
    assert lines[0] == f"{path}: not a valid course manifest: 7 problems:"
    assert len(lines) == 8 and all(line.startswith(f"  {path}: ") for line in lines[1:])


@pytest.mark.parametrize("name", ["typos", "deep", "huge", "pipe"])
@pytest.mark.parametrize("command", [["cpd"], ["course", "check"]])
def test_commands_that_read_the_manifest_exit_2_at_once(tmp_path, monkeypatch, name, command):
    text, words = hostile(tmp_path)[name]
    course, path = make(tmp_path, name, text)
    monkeypatch.setenv("CJM_COURSE_ROOT", str(course))
    monkeypatch.setenv("HOME", str(tmp_path))
    if command == ["cpd"]:
        log = tmp_path / "cpd-log.jsonl"
        log.write_text("")
        result, seconds, peak_mb = run_cli("cpd", "--log", str(log), "--name", "Ada")
    else:
        start = __import__("time").monotonic()
        result = subprocess.run([sys.executable, "-m", "cjm_helpers.course", "check"], cwd=course,
                                capture_output=True, text=True, timeout=120,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        seconds, peak_mb = __import__("time").monotonic() - start, 0
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and str(path) in result.stderr and words in result.stderr
    assert seconds < SECONDS and peak_mb < MEGABYTES


@pytest.mark.parametrize("module, args, label", [
    ("cjm_helpers", ["cpd", "--name", "Ada"], "error"),
    ("cjm_helpers.course", ["check"], "error"),
    ("cjm_helpers.quiz_files", ["check"], "error"),
    ("cjm_helpers.slides", ["slides-out", "--no-execute"], "slides"),
])
def test_every_entry_point_prints_the_manifest_problems_alike(tmp_path, module, args, label):
    text, _ = hostile(tmp_path)["typos"]
    course, path = make(tmp_path, "typos", text)
    with pytest.raises(CourseFileError) as info:
        read_manifest(path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), CJM_COURSE_ROOT=str(course), HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", module, *args], cwd=course, capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 2, (result.stdout, result.stderr)
    expected = info.value.report_lines()
    assert result.stderr.splitlines() == [f"{label}: {expected[0]}", *expected[1:]], result.stderr
    assert not (course / "slides-out").exists()


def test_the_course_and_a_thousand_activities_fit():
    manifest = read_manifest(ROOT / "course.toml")
    assert len(manifest.activity) * 100 <= limits.MAX_ACTIVITIES
    assert len(GOOD.encode()) * 100 < limits.MAX_COURSE_BYTES


def test_limits_are_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Limits of course.toml"):]
    for what, value in limits.COURSE_LIMITS.items():
        assert f"| {what} | {value} |" in section, (what, value)


def test_the_limits_are_in_the_help():
    result = subprocess.run([sys.executable, "-m", "cjm_helpers.course", "--help"], cwd=ROOT, capture_output=True,
                            text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    for what, value in limits.COURSE_LIMITS.items():
        assert f"{what}: at most {value}" in result.stdout
