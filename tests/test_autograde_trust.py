"""Marks that cannot be faked: every attack a learner can make, in one real `nbgrader autograde` run.

Each attacking learner hands in the released 02_current_state notebook with
one change (their unlocked "your code" cell, or a file beside the notebook).
One autograde grades them all; the gradebook must show the points their saved
map files deserve (6 for the worked solution, 0 for no map), whatever the
kernel printed, and feedback must still be generated for every one of them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from cjm_helpers import release
from notebook_runner import ROOT
from course_copy import copy_course

pytestmark = pytest.mark.slow

ASSIGNMENT = "02_current_state"
COURSE_ID = "cjm-test-trust"
TIMEOUT = 10  # seconds per cell: the stubborn loop is stopped quickly, a slow import is not
YOUR_CODE = f"{ASSIGNMENT}_your_code"
SOLUTION_MAP = ROOT / "solutions" / ASSIGNMENT / "solution_current_state.json"
FAKE_PACKAGE = {
    "__init__.py": "",
    "grading.py": "def show_criterion(*args, **kwargs):\n    print('✓ passed')\n",
}


def attackers() -> dict[str, dict]:
    """learner -> their code cell, whether they hand in the worked solution map, the points they deserve."""
    copy_solution = f"import shutil\nshutil.copy({str(SOLUTION_MAP)!r}, map_path)\n"
    return {
        "solution": {"code": None, "map": True, "points": 6},
        "no_map": {"code": None, "map": False, "points": 0},
        "env_pop": {"code": "import os\nos.environ.pop('NBGRADER_EXECUTION', None)\n", "map": False, "points": 0},
        "fake_package": {"code": None, "map": False, "points": 0, "package": FAKE_PACKAGE},
        "patched_module": {"code": textwrap.dedent("""\
            import cjm_helpers.assess.verdict as verdict, cjm_helpers.grading as grading
            from cjm_helpers.assess.grading import Outcome
            verdict.judge_criterion = lambda *args, **kwargs: Outcome("passed")
            grading.show_criterion = lambda *args, **kwargs: print("✓ passed")
            """), "map": False, "points": 0},
        "writes_map": {"code": copy_solution, "map": False, "points": 0},
        "symlinked_map": {"code": None, "map": False, "points": 0, "link": True},
        "edits_graded_cells": {"code": None, "map": False, "points": 0, "graded": "print('✓ passed')\n"},
        "stubborn_loop": {"code": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
                          "map": True, "points": 6},
        "kernel_crash": {"code": "import os\nos._exit(1)\n", "map": True, "points": 6},
    }


def nbgrader(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-4000:]}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("trust") / "course"
    course.mkdir()
    copy_course(course, ASSIGNMENT)
    release.generate([ASSIGNMENT], root=course, db=True)
    released = course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    submitted = course / "build" / "nbgrader" / "submitted"
    for name, attack in attackers().items():
        folder = submitted / name / ASSIGNMENT
        folder.mkdir(parents=True)
        nb = nbformat.read(released, as_version=4)
        if attack["code"]:
            cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == YOUR_CODE)
            cell.source = attack["code"]
        for cell in nb.cells:
            if attack.get("graded") and cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
                cell.source = attack["graded"]  # a locked cell, edited in the file itself
        nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")
        if attack["map"]:
            shutil.copy(SOLUTION_MAP, folder / "my_current_state.json")
        if attack.get("link"):  # a link to the trainer's worked solution instead of a map
            (folder / "my_current_state.json").symlink_to(SOLUTION_MAP)
        for file, text in attack.get("package", {}).items():
            (folder / "cjm_helpers").mkdir(exist_ok=True)
            (folder / "cjm_helpers" / file).write_text(text, "utf-8")
    env = dict(os.environ, CJM_COURSE_ID=COURSE_ID, CJM_CELL_TIMEOUT=str(TIMEOUT),
               CJM_CPD_LOG=str(course / "cpd.jsonl"), MPLBACKEND="agg", CJM_COURSE_ROOT=str(ROOT))
    log = nbgrader(["autograde", ASSIGNMENT, "--create"], course, env)
    nbgrader(["generate_feedback", ASSIGNMENT], course, env)
    return {"course": course, "log": log}


def autograded(graded, name: str):
    path = graded["course"] / "build" / "nbgrader" / "autograded" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("name", list(attackers()))
def test_the_gradebook_gives_what_the_saved_map_deserves(graded, name):
    from nbgrader.api import Gradebook

    db = "sqlite:///" + str(graded["course"] / "build" / "nbgrader" / "gradebook.db")
    with Gradebook(db, COURSE_ID) as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, name)
        assert submission.max_code_score == 6
        assert submission.code_score == attackers()[name]["points"], f"{name}: {submission.code_score} of 6"


@pytest.mark.parametrize("name", ["writes_map", "patched_module", "fake_package", "env_pop", "edits_graded_cells"])
def test_graded_cells_show_the_graders_verdict_not_the_kernels(graded, name):
    nb = autograded(graded, name)
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert len(cells) == 4
    for cell in cells:
        (output,) = cell.outputs
        assert output.output_type == "error", f"{name}: {cell.metadata.nbgrader.grade_id} was not failed"
        assert "not attempted" in output.evalue and "no map saved" in output.evalue


@pytest.mark.parametrize("name", ["stubborn_loop", "kernel_crash"])
def test_a_cell_that_hangs_or_kills_the_kernel_costs_only_that_cell(graded, name):
    nb = autograded(graded, name)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == YOUR_CODE)
    assert any(o.output_type == "error" for o in cell.outputs), cell.outputs
    failed = [c for c in nb.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    assert failed == [cell], "the fresh kernel (with the parameters again) runs the rest without errors"
    feedback = graded["course"] / "build" / "nbgrader" / "feedback" / name / ASSIGNMENT / f"{ASSIGNMENT}.html"
    assert "Score: 6.0 / 8.0" in feedback.read_text("utf-8")


def test_solution_cells_say_passed(graded):
    nb = autograded(graded, "solution")
    texts = [o.text for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
             for o in c.outputs]
    assert len(texts) == 4 and all("✓ passed" in t for t in texts)
    assert "2 points: at least 3 stages and 5 touchpoints" in "".join(texts)


def test_a_symbolic_link_is_not_a_map_file(tmp_path):
    from cjm_helpers.assess.autograde import SNAPSHOT, SnapshotMapFiles

    (tmp_path / "my_current_state.json").symlink_to(SOLUTION_MAP)
    resources = {"nbgrader": {"notebook": ASSIGNMENT}, "metadata": {"path": str(tmp_path)}}
    _, out = SnapshotMapFiles().preprocess(nbformat.v4.new_notebook(), resources)
    assert out[SNAPSHOT] == {"my_current_state.json": None}
    (tmp_path / "my_current_state.json").unlink()
    (tmp_path / "my_current_state.json").write_text(json.dumps({"title": "x"}), "utf-8")
    _, out = SnapshotMapFiles().preprocess(nbformat.v4.new_notebook(), resources)
    assert out[SNAPSHOT]["my_current_state.json"] == b'{"title": "x"}'
