"""The trainer's nbgrader flow end to end, on one machine, with a local exchange folder.

release_assignment -> fetch_assignment and submit (three learners, each with their
own folder, cache and student id) -> collect -> autograde (scores from the
gradebook) -> generate_feedback -> release_feedback -> fetch_feedback. The
trainer's steps run as the nbgrader commands a trainer types; the learners'
steps run nbgrader's own exchange classes in-process (what those commands
call), which saves a second of start-up each. One assignment
(02_current_state: autograded criteria and hand-marked reflection) keeps it quick.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cjm_helpers import release
from cjm_helpers.hidden_feedback import HIDDEN_NOTE, HideHiddenChecks
from notebook_runner import ROOT
from course_copy import copy_course

ASSIGNMENT = "02_current_state"
COURSE_ID = "cjm-test-cohort"
SCRIPT = '<script>alert("carol")</script>'
TIMEOUT = 5  # seconds per cell for this test; carol's loop never ends by itself

pytestmark = pytest.mark.slow  # the whole flow, about a minute


def nbgrader(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def solution_map() -> dict:
    return json.loads((ROOT / "solutions" / ASSIGNMENT / "solution_current_state.json").read_text("utf-8"))


def partial_map() -> dict:
    """Persona and pain points, but only two stages: the structure and checks cells fail."""
    data = solution_map()
    data["stages"] = data["stages"][2:4]
    return data


def learners() -> dict[str, dict]:
    return {
        "alice": {"map": solution_map(), "points": 6},  # complete
        "bob": {"map": partial_map(), "points": 2},      # partial: persona 1 + pain points 1
        # untouched map, HTML in an answer, and an endless loop in her code cell
        "carol": {"map": None, "points": 0, "loop": True},
    }


def learner_step(step: str, name: str, home: Path, exchange: Path) -> None:
    """A learner's fetch_assignment, submit or fetch_feedback, as nbgrader's commands run it."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import default
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(home / ".nbgrader-cache")
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.course_id = COURSE_ID
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = ASSIGNMENT
    coursedir.student_id = name
    kind = {"fetch_assignment": default.ExchangeFetchAssignment, "submit": default.ExchangeSubmit,
            "fetch_feedback": default.ExchangeFetchFeedback}[step]
    kind(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()


def edit_notebook(path: Path, learner: dict, name: str) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        grading = cell.metadata.get("nbgrader", {})
        if learner.get("loop") and grading.get("solution") and cell.cell_type == "code":
            cell.source = "while True:\n    pass\n"
        if grading.get("grade_id") == f"{ASSIGNMENT}_reflection_moment":
            cell.source = f"My answer, {name}: {SCRIPT} <img src=x onerror=alert(1)>"
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    """Run the whole flow once; the tests read what it left behind."""
    base = tmp_path_factory.mktemp("trainer-flow")
    course, exchange = base / "course", base / "exchange"
    course.mkdir()
    exchange.mkdir()
    copy_course(course, ASSIGNMENT)
    release.generate([ASSIGNMENT], root=course, db=True)

    env = dict(os.environ, CJM_COURSE_ID=COURSE_ID, CJM_CELL_TIMEOUT=str(TIMEOUT),
               CJM_CPD_LOG=str(base / "cpd.jsonl"), MPLBACKEND="agg", CJM_COURSE_ROOT=str(ROOT))
    exchange_args = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={COURSE_ID}"]
    nbgrader(["release_assignment", ASSIGNMENT, *exchange_args], course, env)

    homes = {}
    for name, learner in learners().items():
        home = base / f"home-{name}"
        home.mkdir()
        homes[name] = home
        learner_step("fetch_assignment", name, home, exchange)
        folder = home / ASSIGNMENT
        if learner["map"] is not None:
            (folder / "my_current_state.json").write_text(json.dumps(learner["map"]), "utf-8")
        edit_notebook(folder / f"{ASSIGNMENT}.ipynb", learner, name)
        learner_step("submit", name, home, exchange)

    nbgrader(["collect", ASSIGNMENT, *exchange_args], course, env)
    autograde_log = nbgrader(["autograde", ASSIGNMENT, "--create"], course, env)
    nbgrader(["generate_feedback", ASSIGNMENT], course, env)
    nbgrader(["release_feedback", ASSIGNMENT, *exchange_args], course, env)
    feedback = {}
    for name, home in homes.items():
        learner_step("fetch_feedback", name, home, exchange)
        found = sorted((home / ASSIGNMENT / "feedback").rglob("*.html"))
        assert found, f"{name} fetched no feedback"
        feedback[name] = found[-1].read_text("utf-8")
    return {"course": course, "feedback": feedback, "log": autograde_log}


def test_autograde_scores(flow):
    from nbgrader.api import Gradebook

    db = "sqlite:///" + str(flow["course"] / "build" / "nbgrader" / "gradebook.db")
    with Gradebook(db, COURSE_ID) as gradebook:
        for name, learner in learners().items():
            submission = gradebook.find_submission(ASSIGNMENT, name)
            assert submission.code_score == learner["points"], f"{name}: autograded {submission.code_score}"
            assert submission.max_code_score == 6
            assert submission.needs_manual_grade, "the reflection answers are marked by the trainer"


def test_endless_loop_is_stopped_and_the_rest_graded(flow):
    graded = flow["course"] / "build" / "nbgrader" / "autograded" / "carol" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(graded, as_version=4)
    loop_cell = next(c for c in nb.cells if c.source.startswith("while True"))
    errors = [o for o in loop_cell.outputs if o.output_type == "error"]
    assert errors and errors[0].ename in ("CellTimeoutError", "KeyboardInterrupt"), loop_cell.outputs


def test_feedback_states_every_requirement_and_hides_nothing(flow):
    """No hidden checks: every graded cell's feedback says what it asks for and what was found."""
    from html import unescape

    from cjm_helpers.assess.criteria import for_notebook

    for name, page in flow["feedback"].items():
        assert "BEGIN HIDDEN TESTS" not in page, f"{name}'s feedback shows hidden checks"
        for item in for_notebook(ASSIGNMENT).criteria:
            assert item.requirement in unescape(page), f"{name}: {item.grade_id} not stated"
    assert "stages: 2 (at least 3 needed)" in flow["feedback"]["bob"]


def test_feedback_shows_the_outcome_and_escapes_learner_text(flow):
    carol = flow["feedback"]["carol"]
    assert "not attempted" in carol
    assert "Score: 0.0 / 8.0" in carol
    assert "Score: 6.0 / 8.0" in flow["feedback"]["alice"]
    assert SCRIPT not in carol and "<img src=x onerror" not in carol and 'onerror="' not in carol
    assert "My answer, carol" in carol
    assert '&lt;script&gt;alert("carol")&lt;/script&gt;' in carol, "her words are shown as text"


def test_hide_hidden_checks_unit():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("require(a)\n### BEGIN HIDDEN TESTS\nsecret_check()\n### END HIDDEN TESTS")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="not yet: x",
                                           traceback=["  secret_check()", "AssertionError: not yet: x"])]
    nb.cells = [cell, nbformat.v4.new_code_cell("secret_check  # a visible cell is left alone")]
    out, _ = HideHiddenChecks().preprocess(nb, {})
    assert "secret_check" not in out.cells[0].source and HIDDEN_NOTE in out.cells[0].source
    assert out.cells[0].outputs[0].traceback == ["AssertionError: not yet: x"]
    assert out.cells[1].source.startswith("secret_check")


def test_cohort_overview_puts_the_course_verdict_beside_nbgrader_score(flow):
    from cjm_helpers.cohort import cohort_overview

    build = flow["course"] / "build" / "nbgrader"
    overview = cohort_overview(build / "submitted", db_url=f"sqlite:///{build / 'gradebook.db'}", course_id=COURSE_ID)
    table = overview.verdicts().set_index("learner")
    for name, learner in learners().items():
        row = table.loc[name]
        assert row["status"] == "graded" and row["nbgrader score"].startswith(f"{learner['points']:g} of ")
        assert row["course points"] == learner["points"], f"{name}: course {row['course points']}"
    assert "carol has no map for 02_current_state (graded)" in overview.no_map()
