"""A submission of 02_current_state full of script and event-handler attacks, autograded.

    course = hostile_course(tmp)   # a course copy, mallory's submission autograded, feedback generated

Every payload sets `window.__pwned` and opens a dialog if it ever runs, so a
browser test can tell. The reflection answers carry the markup and TeX attacks
(and some harmless formatting and a formula, which should render); the
learner's unlocked code cell displays active outputs. The map itself is the
worked solution, so the rest of the notebook grades normally.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from course_copy import copy_course

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "02_current_state"
STUDENT = "mallory"
COURSE_ID = "cjm-hostile"

# Markdown answers (the two hand-marked reflection cells).
SCRIPT = "<script>window.__pwned='script';alert(1)</script>"
IMG = "<img src=x onerror=\"window.__pwned='img';alert(2)\">"
LINK = "<a href=\"javascript:window.__pwned='link';alert(3)\">x</a>"
SVG = "<svg onload=\"window.__pwned='svg';alert(4)\">"
IFRAME = "<iframe srcdoc=\"<script>parent.__pwned='iframe';parent.alert(9)</script>\"></iframe>"
MD_LINK = "[click me](javascript:window.__pwned='mdlink')"
# TeX that MathJax would typeset into javascript: links: directly, and built by a macro.
TEX_LINK = r"$\href{javascript:window.__pwned='tex';alert(12)}{texlink}$"
TEX_MACRO = r"$\newcommand{\go}[1]{\href{java#1}{macrolink}}\go{script:window.__pwned='macro';alert(13)}$"
FORMULA = r"$\frac{1}{2}$"
# Harmless formatting a learner may use: it should show as formatting.
FORMATTING = "<b>bold answer</b> and <i>slanted</i>\n\n<ul><li>listed point</li></ul>"
ANSWER_MOMENT = f"The moment of truth is the phone call. {SCRIPT} {IMG} {LINK}\n\n{FORMATTING}"
ANSWER_EVIDENCE = (f"The hold times come from reports. {SVG} {IFRAME} {MD_LINK} "
                   f"Half the calls wait {FORMULA} hour. {TEX_LINK} {TEX_MACRO}")
# The learner's own code cell: HTML, JavaScript and an HTML output with a handler.
CODE = """\
from IPython.display import HTML, Javascript, display
display(HTML("<b>bold words</b><script>window.__pwned='html-output';alert(6)</script>"))
display(Javascript("window.__pwned='javascript-output'; alert(5)"))
display({"text/html": "<p>shown text</p><img src=x onerror=\\"window.__pwned='onerror-output';alert(7)\\">"}, raw=True)
display({"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg' onload=\\"window.__pwned='svg-output'\\"></svg>"}, raw=True)
"""
PAYLOADS = [SCRIPT, IMG, LINK, SVG, IFRAME]
# The gradebook's names for her (a roster or a hub account), printed on Formgrader's page.
FIRST_NAME = "<img src=x onerror=\"window.__pwned='name';alert(10)\">"
LAST_NAME = "Mallory<script>alert(11)</script>"


def nbgrader(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def course_env(base: Path) -> dict[str, str]:
    return dict(os.environ, CJM_COURSE_ID=COURSE_ID, CJM_CPD_LOG=str(base / "cpd.jsonl"), MPLBACKEND="agg",
                CJM_COURSE_ROOT=str(ROOT), CJM_CELL_TIMEOUT="60")


def hostile_notebook(exercise: Path) -> nbformat.NotebookNode:
    """The released exercise with mallory's answers in it."""
    nb = nbformat.read(exercise, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id == f"{ASSIGNMENT}_your_code":
            cell.source = CODE
        elif grade_id == f"{ASSIGNMENT}_reflection_moment":
            cell.source = ANSWER_MOMENT
        elif grade_id == f"{ASSIGNMENT}_reflection_evidence":
            cell.source = ANSWER_EVIDENCE
    # A markdown cell of her own, and an instructions cell she rewrote.
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(f"My own notes {SCRIPT}"))
    return nb


def hostile_course(base: Path) -> Path:
    """A course copy under `base` with mallory's submission autograded and her feedback generated."""
    from cjm_helpers import release

    course = base / "course"
    course.mkdir()
    copy_course(course, ASSIGNMENT)
    release.generate([ASSIGNMENT], root=course, db=True)
    submitted = course / "build" / "nbgrader" / "submitted" / STUDENT / ASSIGNMENT
    submitted.mkdir(parents=True)
    shutil.copy(course / "solutions" / ASSIGNMENT / "solution_current_state.json", submitted / "my_current_state.json")
    nb = hostile_notebook(course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    nbformat.write(nb, submitted / f"{ASSIGNMENT}.ipynb")
    env = course_env(base)
    nbgrader(["autograde", ASSIGNMENT, "--create"], course, env)
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "build" / "nbgrader" / "gradebook.db"), COURSE_ID) as gradebook:
        gradebook.update_or_create_student(STUDENT, first_name=FIRST_NAME, last_name=LAST_NAME)
    nbgrader(["generate_feedback", ASSIGNMENT], course, env)
    return course


def autograded_path(course: Path) -> Path:
    return course / "build" / "nbgrader" / "autograded" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def feedback_path(course: Path) -> Path:
    return course / "build" / "nbgrader" / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html"


if __name__ == "__main__":  # reproduce by hand: python tests/hostile_submission.py /tmp/somewhere
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    print(json.dumps({"course": str(hostile_course(target))}))
