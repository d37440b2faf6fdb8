"""Parallel autograde: the same gradebook as sequential nbgrader, and nothing lost when a worker dies.

One synthetic cohort (benchmarks/_cohort.py: complete, partial, missing, example
and persona-less maps, plus one learner whose notebook is not valid JSON) is
graded by `nbgrader autograde` first; every parallel run must leave the
gradebook with exactly the rows that run left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _cohort import (ASSIGNMENT, environment, gradebook_rows, make_course,  # noqa: E402
                     nbgrader_autograde, parallel_autograde)

BROKEN = "learner99"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("cohort") / "course", students=6)
    broken = course / "build" / "nbgrader" / "submitted" / BROKEN / ASSIGNMENT
    broken.mkdir(parents=True)
    (broken / f"{ASSIGNMENT}.ipynb").write_text("{ this is not a notebook", "utf-8")
    done = nbgrader_autograde(course, ASSIGNMENT)
    assert done.returncode != 0, "sequential nbgrader fails the broken notebook too"
    rows = gradebook_rows(course)
    assert rows["learner01"][0][2] == 6, "the complete map gets full marks"
    return course, rows


@pytest.fixture
def in_course(cohort, monkeypatch):
    course, _ = cohort
    for key, value in environment().items():
        monkeypatch.setenv(key, value)
    return course


def test_parallel_gradebook_equals_sequential_and_failures_are_reported(cohort):
    course, sequential = cohort
    done = parallel_autograde(course, ASSIGNMENT, 2)
    assert gradebook_rows(course) == sequential
    lines = done.stdout.splitlines()
    assert "learner01: 6 / 6 points autograded" in done.stdout
    assert any(line.startswith(f"{BROKEN}: FAILED") and f"{BROKEN}.log" in line for line in lines), done.stdout
    assert lines[-1] == f"{ASSIGNMENT}: 7 students: 6 graded, 1 failed ({BROKEN})"
    assert done.returncode == 1, "a failed student makes the command fail"


def _kill_when(course: Path, student: str, every_time: bool = False):
    """An on_start hook that kills the worker's whole process group once it executes `student`'s notebook."""
    killed = []
    log = course / "build" / "nbgrader" / "autograde-logs" / f"{student}.log"

    def kill_mid_run(pid: int) -> None:
        for _ in range(1200):  # nbgrader logs "Autograding" as it starts the kernel
            if log.exists() and "Autograding" in log.read_text("utf-8", errors="replace"):
                break
            threading.Event().wait(0.05)
        os.killpg(pid, signal.SIGKILL)

    def on_start(name: str, pid: int) -> None:
        if name == student and (every_time or not killed):
            killed.append(pid)
            log.unlink(missing_ok=True)
            threading.Thread(target=kill_mid_run, args=(pid,)).start()

    return on_start, killed


def test_a_worker_killed_mid_run_loses_nothing(cohort, in_course):
    from cjm_helpers.assess.parallel import GRADED, autograde_cohort

    _, sequential = cohort
    on_start, killed = _kill_when(in_course, "learner03")
    results = autograde_cohort(ASSIGNMENT, jobs=2, nbgrader_args=["--force", "--student", "learner0*"],
                               root=in_course, on_start=on_start)
    assert killed, "the hook fired"
    by_name = {r.student: r for r in results}
    assert sorted(by_name) == [f"learner0{n}" for n in range(1, 7)]
    assert all(r.status == GRADED for r in results), [r.summary() for r in results]
    assert by_name["learner03"].attempts == 2
    assert "graded again" in by_name["learner03"].summary()
    rows = gradebook_rows(in_course)
    assert {s: rows[s] for s in by_name} == {s: sequential[s] for s in by_name}


def test_a_student_whose_grading_always_dies_is_reported_and_the_rest_kept(cohort, in_course):
    from cjm_helpers.assess.parallel import FAILED, GRADED, autograde_cohort

    _, sequential = cohort
    on_start, killed = _kill_when(in_course, "learner02", every_time=True)
    results = autograde_cohort(ASSIGNMENT, jobs=2, nbgrader_args=["--force", "--student", "learner0[1-4]"],
                               root=in_course, on_start=on_start, retries=1)
    by_name = {r.student: r for r in results}
    assert len(killed) == 2, "tried, then retried once"
    assert by_name["learner02"].status == FAILED
    assert "grading process died (2 attempts)" in by_name["learner02"].summary()
    assert "grading process died" in Path(by_name["learner02"].log).read_text("utf-8")
    assert all(by_name[s].status == GRADED for s in ("learner01", "learner03", "learner04"))
    rows = gradebook_rows(in_course)
    assert all(rows[s] == sequential[s] for s in ("learner01", "learner03", "learner04"))


def test_make_autograde_runs_the_command():
    dry = subprocess.run(["make", "--no-print-directory", "-n", "autograde", f"ASSIGNMENT={ASSIGNMENT}", "JOBS=3"],
                         cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert f'-m cjm_helpers autograde "{ASSIGNMENT}" --jobs 3' in dry.stdout


def test_the_graded_copy_shows_notes_instead_of_drawings_and_the_builder(cohort):
    import nbformat

    course, _ = cohort
    graded = course / "build" / "nbgrader" / "autograded" / "learner01" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    outputs = [o for c in nbformat.read(graded, as_version=4).cells if c.cell_type == "code" for o in c.outputs]
    shown = [o for o in outputs if o.output_type in ("display_data", "execute_result")]
    assert not any("image/png" in o.data or "image/svg+xml" in o.data for o in shown), "no drawing"
    assert not any("application/vnd.jupyter.widget-view+json" in o.data for o in shown), "no builder widget"
    notes = [o.data.get("text/markdown", "") for o in shown]
    assert any("map builder is left out of the graded copy" in n and "my_current_state.json" in n for n in notes)


def test_a_student_past_the_timeout_is_reported_and_the_rest_kept(cohort, in_course):
    from cjm_helpers.assess.parallel import FAILED, GRADED, autograde_cohort

    _, sequential = cohort
    results = autograde_cohort(ASSIGNMENT, jobs=1, nbgrader_args=["--force", "--student", "learner0[12]"],
                               root=in_course, retries=0, timeout=0.5)
    assert all(r.status == FAILED for r in results), "no grading is done in half a second"
    assert "not done within 0.5 s (1 attempts)" in results[0].summary()
    assert gradebook_rows(in_course)["learner01"] == sequential["learner01"], "the gradebook is kept as it was"
    again = autograde_cohort(ASSIGNMENT, jobs=1, nbgrader_args=["--force", "--student", "learner01"],
                             root=in_course, timeout=600)
    assert again[0].status == GRADED

