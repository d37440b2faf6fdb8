"""Lesson 1's knowledge check in real front ends (JupyterLab, Notebook 7, Voila), driven by Chromium.

No server extension is involved: only the widget manager that ships with ipywidgets.
Screenshots are kept under build/test-artifacts/.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from browser import BIN, _serve, chromium_page, free_port, jupyter_lab, open_notebook, private_env, run_all, screenshot
from cjm_helpers.quiz import load_quiz, quiz_cells
from notebook_runner import ROOT

pytestmark = pytest.mark.browser

LESSON = ROOT / "lessons" / "01_customer_journeys.ipynb"
NOTEBOOK = "quiz.ipynb"


def write_quiz_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (cell,) = quiz_cells(LESSON)
    nb.cells = [nbformat.v4.new_markdown_cell("# Knowledge check"),
                nbformat.v4.new_code_cell(cell.source, metadata={"tags": ["cjm-quiz"]})]
    nbformat.write(nb, folder / NOTEBOOK)


def answer(page, quiz, right: bool = True) -> None:
    """Click the right options (or, with right=False, a wrong one for the first question)."""
    for index, question in enumerate(quiz.questions):
        block = page.locator(".cjm-quiz").first
        for option_index, option in enumerate(question.options):
            choose = option.correct
            if not right and index == 0:
                choose = not option.correct and option_index == min(
                    i for i, o in enumerate(question.options) if not o.correct)
            if not choose:
                continue
            if question.kind == "multiple":
                block.locator(".widget-checkbox", has_text=option.text).locator("input").check()
            else:
                block.locator(".widget-radio-box label", has_text=option.text).nth(0).locator("input").check()


def check_and_read(page, score: str) -> str:
    """Press Check and wait until the score line says `score`; the quiz's text."""
    page.locator(".cjm-quiz button", has_text="Check").click()
    page.locator(".cjm-quiz-score", has_text=score).wait_for(timeout=15_000)
    return page.locator(".cjm-quiz").first.inner_text()


def records(log: Path) -> list[str]:
    if not log.exists():
        return []
    return [json.loads(line)["activity"] for line in log.read_text("utf-8").splitlines() if line.strip()]


def exercise_quiz(page, log: Path, shot: str) -> None:
    quiz = load_quiz(LESSON)
    page.wait_for_selector(".cjm-quiz .widget-radio-box", timeout=30_000)
    answer(page, quiz, right=False)
    text = check_and_read(page, f"Score: {quiz.total - 1} of {quiz.total} correct.")
    assert "Not quite." in text and "(your choice, not right)" in text
    right = next(o for o in quiz.questions[0].options if o.correct)
    assert right.feedback not in text  # only the options chosen are explained
    assert records(log) == []  # no record for a partial score
    # Try again: answers cleared, options reshuffled; answer everything right this time
    page.locator(".cjm-quiz button", has_text="Try again").click()
    page.locator(".cjm-quiz-score").wait_for(state="detached", timeout=15_000)
    answer(page, quiz, right=True)
    text = check_and_read(page, f"Score: {quiz.total} of {quiz.total} correct.")
    assert "Recorded in your CPD record: Lesson 1: " in text and "(first attempt: " in text
    for question in quiz.questions:
        for option in question.options:
            if option.correct:
                assert option.feedback in text  # the chosen (right) options are explained in the page
    screenshot(page, shot)
    assert records(log) == ["L01"]


def test_quiz_in_jupyterlab_and_notebook7(chromium, tmp_path):
    write_quiz_notebook(tmp_path)
    log = tmp_path / "cpd-log.jsonl"
    with jupyter_lab(tmp_path, env={"CJM_CPD_LOG": str(log)}) as server, chromium_page(chromium) as page:
        open_notebook(page, server, NOTEBOOK)
        run_all(page)
        exercise_quiz(page, log, "quiz-lab.png")
        # Notebook 7 ("classic" interface) on the same server: the same widgets
        log.unlink()
        page.goto(server.page_url(f"/notebooks/{NOTEBOOK}"))
        page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"], #jp-notebook-kernel-status',
                               timeout=60_000)
        page.click('.lm-MenuBar-itemLabel:text-is("Run")')
        page.click('li.lm-Menu-item[data-command="runmenu:run-all"]')
        exercise_quiz(page, log, "quiz-notebook7.png")


def test_quiz_in_voila(chromium, tmp_path):
    write_quiz_notebook(tmp_path)
    log = tmp_path / "cpd-log.jsonl"
    port = free_port()
    state = tmp_path / "state"
    state.mkdir()
    command = [str(BIN / "voila"), NOTEBOOK, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    env = private_env(state, {"CJM_CPD_LOG": str(log)})
    with _serve(command, tmp_path, env, f"http://127.0.0.1:{port}", "", "/", 90, state) as server, \
            chromium_page(chromium) as page:
        page.goto(server.url)
        exercise_quiz(page, log, "quiz-voila.png")
