"""The printed record proves the work: per exercise the map's title, a picture and summary, the date, the reflections."""

from __future__ import annotations

import json
import shutil

import nbformat

from pathlib import Path

from cjm_helpers.cpd import cpd_record, load_records
from cjm_helpers.cpd.evidence import exercise_evidence
from cjm_helpers.cpd.printable import render_png
from cjm_helpers.exercise_tasks import exercise_task
from cjm_helpers.storage import load_map
from pdf_text import page_count, text_runs

# a worked map of the learner's own kind (the shipped examples are refused as "the worked example unchanged")
WORKED_MAP = Path(__file__).resolve().parent.parent / "solutions" / "02_current_state" / "solution_current_state.json"

ANSWER = "The trial lesson <script>alert(1)</script> & the renewal: Marta decides there."


def passed_exercise(tmp_path, root):
    """A learner's Exercise 2 folder: their map and their notebook with one reflection answered; then a pass."""
    folder = tmp_path / "02_current_state"
    folder.mkdir()
    shutil.copy(WORKED_MAP, folder / "my_current_state.json")
    nb = nbformat.read(root / "exercises/02_current_state/02_current_state.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").endswith("reflection_moment"):
            cell.source = ANSWER
    nbformat.write(nb, folder / "02_current_state.ipynb")
    result = exercise_task("E02").check(str(folder / "my_current_state.json"))
    assert result.correct and "Recorded in your CPD record: Exercise 2: A current-state map, 3 CPD points" in str(result)
    return folder


def test_the_log_keeps_the_map_path_and_a_summary_of_the_map(tmp_path, root):
    folder = passed_exercise(tmp_path, root)
    (record,) = load_records()
    assert record.evidence["map"] == str((folder / "my_current_state.json").resolve())
    summary = record.evidence["map_summary"]
    assert summary["title"] == load_map(WORKED_MAP).title
    assert summary["stages"] >= 3 and summary["touchpoints"] >= 5
    (folder / "my_current_state.json").unlink()  # the summary survives the file
    (item,) = exercise_evidence(cpd_record())
    assert item.map_title == summary["title"] and item.map_path is None and "touchpoints" in item.summary


def test_html_record_shows_title_picture_date_and_escaped_reflections(tmp_path, root):
    passed_exercise(tmp_path, root)
    record = cpd_record(name="Ana")
    page = record.export(tmp_path / "record.html").read_text("utf-8")
    title = load_map(WORKED_MAP).title
    assert "Evidence: Exercise 2: A current-state map" in page and title in page
    assert "src='data:image/png;base64," in page  # the thumbnail
    (item,) = exercise_evidence(record)
    assert f"<dd>{item.passed}</dd>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; the renewal" in page and "<script>" not in page
    assert "Which touchpoint is the moment of truth in your map" in page
    assert "(not answered yet)" in page  # the second reflection was left empty
    assert "Manager&#x27;s signature" in page or "Manager's signature" in page


def test_pdf_record_has_an_evidence_page_with_the_picture_and_answers(tmp_path, root):
    passed_exercise(tmp_path, root)
    record = cpd_record(name="Ana")
    data = record.export(tmp_path / "record.pdf").read_bytes()
    assert page_count(data) == 2
    text = " ".join(text_runs(data))
    assert "Evidence: Exercise 2: A current-state map" in text
    assert load_map(WORKED_MAP).title in text
    assert "The trial lesson <script>alert(1)</script> & the renewal" in text  # PDF text is literal
    assert "Discussed with my manager: manager's signature" in text
    assert b"/Subtype /Image" in data  # the map's picture
    png = render_png(record, tmp_path / "page2.png", page=2)
    assert png.stat().st_size > 10_000


def test_an_exercise_recorded_without_a_map_still_prints(tmp_path):
    from cjm_helpers.cpd import record_activity

    record_activity("E03", {"summary": "checks passed"})
    (item,) = exercise_evidence(cpd_record())
    assert item.map_title == "(map not found)" and item.map_path is None
    data = cpd_record().export(tmp_path / "r.pdf").read_bytes()
    assert page_count(data) == 2 and "No picture" in " ".join(text_runs(data))
    json.dumps(item.reflections)  # the course copy's (empty) answers, readable


def test_a_damaged_learner_notebook_leaves_the_answers_out_not_the_record(tmp_path, root):
    folder = passed_exercise(tmp_path, root)
    (folder / "02_current_state.ipynb").write_text('{"nbformat": 4, "cells": [42, {"cell_type": "markdown"', "utf-8")
    (item,) = exercise_evidence(cpd_record())
    assert item.reflections == []
    page = cpd_record(name="Ana").export(tmp_path / "record.html").read_text("utf-8")
    assert "Evidence: Exercise 2: A current-state map" in page


def test_reflections_are_read_without_loading_nbformat(tmp_path, root):
    """Printing the record reads the answers as JSON: nbformat (jsonschema and its grammars) costs seconds."""
    import subprocess
    import sys

    folder = passed_exercise(tmp_path, root)
    code = ("import sys; from cjm_helpers.cpd.evidence import reflections; "
            f"answers = reflections({str(folder / '02_current_state.ipynb')!r}); "
            "print('nbformat' in sys.modules, answers[0][1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"False {ANSWER}"
