"""The command line behaves: a closed pipe or Ctrl-C ends it without a traceback, the funnel's advice
names flags it accepts, files are created with the user's umask, temporaries do not pile up."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cjm_helpers import examples, save_map
from cjm_helpers.cli import build_parser
from cjm_helpers.commands.funnel import ADVICE
from cjm_helpers.atomic import atomic_write_bytes

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def big_map(path: Path, stages: int = 60, per_stage: int = 6) -> Path:
    """A large legal map with many findings: long output."""
    data = {"title": "Big", "stages": [
        {"name": f"Stage {s}", "touchpoints": [
            {"id": f"t{s}-{k}", "name": f"Touchpoint {s}.{k} " + "words " * 30, "doing": "x " * 200,
             "pain_points": [{"id": f"p{s}-{k}", "text": "slow " * 20, "severity": 3}]}
            for k in range(per_stage)]} for s in range(stages)]}
    path.write_text(json.dumps(data), "utf-8")
    return path


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cjm_helpers", *args], capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=120, **kwargs)


@pytest.mark.parametrize("args", [["check", "{map}"], ["check", "{map}", "--json"],
                                  ["export", "{map}", "--to", "markdown"]])
def test_a_closed_pipe_ends_the_command_quietly(tmp_path, args):
    path = big_map(tmp_path / "big.json")
    argv = [a.format(map=path) for a in args]
    proc = subprocess.Popen([sys.executable, "-m", "cjm_helpers", *argv], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()                 # like `| head -1`
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert code in (0, 1, 141)


def test_head_in_a_real_shell(tmp_path):
    path = big_map(tmp_path / "big.json")
    done = subprocess.run(f"{sys.executable} -m cjm_helpers check {path} | head -1", shell=True, cwd=ROOT,
                          env=ENV, capture_output=True, text=True, timeout=120)
    assert done.stdout.count("\n") == 1 and done.stderr == ""


def test_ctrl_c_ends_a_command_with_130_and_no_traceback(tmp_path):
    script = ("import sys, time\nimport cjm_helpers.commands.check as c\n"
              "c.run = lambda args: (print('ready', flush=True), time.sleep(60))\n"
              "from cjm_helpers.cli import main\nraise SystemExit(main(['check', 'x.json']))\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err.strip() == "interrupted"


def wait_until_the_command_runs(pid: int, timeout: float = 60) -> None:
    """Wait until the command's own code is loading (pydantic's compiled core is mapped in). A Ctrl-C
    earlier, while the interpreter itself starts, ends any Python program with the interpreter's message."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if "pydantic_core" in Path(f"/proc/{pid}/maps").read_text():
            return
        time.sleep(0.005)
    raise AssertionError("the command never started")


def test_ctrl_c_during_a_real_draw_leaves_no_traceback_and_no_temporary(tmp_path):
    path = big_map(tmp_path / "big.json")
    for delay in (0, 0.02, 0.05, 1.0):     # in the imports (a compiled core starting), then drawing
        proc = subprocess.Popen([sys.executable, "-m", "cjm_helpers", "draw", str(path), "-o",
                                 str(tmp_path / "big.png")], cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        wait_until_the_command_runs(proc.pid)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        assert "Traceback" not in err and "panicked" not in err, err
        # 130, or ended by the signal itself as CPython does after an interrupted inner run (a shell shows 130)
        assert proc.returncode in (0, 130, -signal.SIGINT)
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_funnel_advice_is_in_flags_the_command_accepts(tmp_path):
    parser = build_parser()
    funnel_parser = parser._subparsers._group_actions[0].choices["funnel"]
    accepted = {opt for action in funnel_parser._actions for opt in action.option_strings}
    for _, advice in ADVICE:
        for flag in re.findall(r"--[\w-]+", advice):
            assert flag in accepted, flag
    for flag in re.findall(r"(?<![-\w])--[a-z][\w-]*", (ROOT / "cjm_helpers" / "analytics" / "events.py").read_text()):
        assert flag in accepted | {"--user", "--event", "--time"}, flag


@pytest.mark.parametrize("rows, flags, advice", [
    ("u,a,2024-01-01T10:00+01:00\nu,b,2024-01-01 10:00\n", ["--utc"], "add --utc"),
    ("u,a,2024-01-01 10:00\n,b,2024-01-01 11:00\nu,b,2024-01-01 12:00\n", ["--drop-bad-rows"],
     "add --drop-bad-rows"),
    ("u,a,1700000000\nu,b,1700003600\n", ["--time-unit", "s"], "add --time-unit s"),
])
def test_following_the_funnel_advice_works(tmp_path, rows, flags, advice):
    log = tmp_path / "log.csv"
    log.write_text("user_id,event,timestamp\n" + rows, "utf-8")
    stages = tmp_path / "stages.json"
    stages.write_text(json.dumps({"A": ["a"], "B": ["b"]}), "utf-8")
    refused = cli("funnel", str(log), "--stages", str(stages))
    assert refused.returncode == 2 and advice in refused.stderr, refused.stderr
    assert "=True" not in refused.stderr and "='" not in refused.stderr
    done = cli("funnel", str(log), "--stages", str(stages), *flags)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_files_are_created_with_the_users_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        save_map(examples.load("smartphone_purchase"), tmp_path / "map.json")
        atomic_write_bytes(tmp_path / "picture.png", b"png")
        done = cli("export", str(tmp_path / "map.json"), "--to", "csv", "-o", str(tmp_path / "map.csv"))
        assert done.returncode == 0, done.stderr
    finally:
        os.umask(old)
    for name in ("map.json", "picture.png", "map.csv"):
        assert (tmp_path / name).stat().st_mode & 0o777 == mode, name


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = save_map(examples.load("smartphone_purchase"), tmp_path / "map.json")
    path.chmod(0o640)
    journey = examples.load("smartphone_purchase")
    journey.title = "changed"
    save_map(journey, path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_temporaries_of_killed_saves_are_removed_and_ignored_by_git(tmp_path):
    stale = tmp_path / ".map.json.k3j4h5.tmp"
    fresh = tmp_path / ".map.json.a1b2c3.tmp"
    stale.write_bytes(b"half a map")
    fresh.write_bytes(b"another writer, now")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    save_map(examples.load("smartphone_purchase"), tmp_path / "map.json")
    assert not stale.exists() and fresh.exists()
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "exercises/01_x/.my_map.json.k3j4h5.tmp",
                              "lessons/.picture.png.abc.tmp"], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == ["exercises/01_x/.my_map.json.k3j4h5.tmp", "lessons/.picture.png.abc.tmp"]
