"""The CPD record: a log that survives concurrent writers and damage, counts each activity once,
and exports a record a learner can hand in (CSV, HTML, one-page A4 PDF)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import tomllib
import warnings
from pathlib import Path

import pytest

from cjm_helpers import cli
from cjm_helpers.cpd import (
    CPDError, CPDLogWarning, cpd_record, load_records, log_path, progress, read_log, record_activity,
    record_quietly,
)
from pdf_text import media_boxes, page_count, text_runs

NAME = "Zoë <b>O'Brien</b> & Co"


def manifest(root: Path) -> list[dict]:
    """The manifest read directly (not through cjm_helpers), to check totals against."""
    with open(root / "course.toml", "rb") as handle:
        return [a for a in tomllib.load(handle)["activity"] if a["kind"] in ("lesson", "exercise")]


def log_lines() -> list[dict]:
    return [json.loads(line) for line in log_path().read_text("utf-8").splitlines()]


# --- recording -------------------------------------------------------------------

def test_record_quietly_gives_the_note_a_check_shows_and_never_raises(monkeypatch):
    assert record_quietly("L04", {"summary": "passed"}, already="Seen before.") == (
        "Recorded in your CPD record: Lesson 4: Touchpoints, channels and moments of truth, 1 CPD point (40 minutes).")
    assert record_quietly("L04", {"summary": "passed"}, already="Seen before.") == "Seen before."
    assert record_quietly("L04") == "L04 is already in your CPD record (it counts once)."
    assert record_quietly("L99") == "Your CPD record was not updated: no activity 'L99' in the course manifest (course.toml)"
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert record_quietly("E02") == ""
    assert [r.activity for r in load_records()] == ["L04"]


def test_log_goes_where_cjm_cpd_log_says(tmp_path):
    assert log_path() == tmp_path / "cpd-log.jsonl"
    assert record_activity("L01") is True
    assert (tmp_path / "cpd-log.jsonl").exists()


def test_default_log_is_in_the_learners_home(monkeypatch, tmp_path):
    monkeypatch.delenv("CJM_CPD_LOG")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert log_path() == tmp_path / ".cjm-workbook" / "cpd-log.jsonl"


def test_a_record_holds_the_manifest_facts_and_the_evidence(root):
    assert record_activity("E02", {"summary": "checks passed: 3 of 3 marks"}) is True
    (line,) = log_lines()
    e02 = next(a for a in manifest(root) if a["id"] == "E02")
    assert (line["activity"], line["title"], line["kind"]) == ("E02", e02["title"], "exercise")
    assert (line["minutes"], line["points"]) == (e02["minutes"], e02["points"])
    assert line["evidence"] == {"summary": "checks passed: 3 of 3 marks"}
    assert "T" in line["completed"] and line["completed"][-6] in "+-"  # ISO date-time with offset


def test_doing_an_activity_again_never_counts_twice():
    assert record_activity("L03", {"summary": "4 of 4"}) is True
    assert record_activity("L03", {"summary": "4 of 4 again"}) is False
    assert record_activity("L03") is False
    assert [r.activity for r in load_records()] == ["L03"]
    assert len(log_lines()) == 1
    record = cpd_record()
    assert record.points == 1 and len(record.records) == 1


def test_total_matches_the_manifest(root):
    activities = manifest(root)
    for a in activities:
        record_activity(a["id"], "done")
    record = cpd_record()
    assert record.points == record.total_points == sum(a["points"] for a in activities)
    assert record.minutes == sum(a["minutes"] for a in activities)
    assert f"{record.total_points:g} of {record.total_points:g} CPD points" in str(record)


def test_unknown_activities_and_pages_are_refused():
    with pytest.raises(CPDError, match="no activity 'L99' in the course manifest"):
        record_activity("L99")
    with pytest.raises(CPDError, match="P01 is a page"):
        record_activity("P01")
    assert not log_path().exists()


def test_evidence_that_json_cannot_hold_is_kept_as_text():
    class Report:
        def __str__(self):
            return "2 errors, 1 tip"

    record_activity("L04", {"report": Report(), "points": 1})
    assert log_lines()[0]["evidence"] == {"report": "2 errors, 1 tip", "points": 1}


# --- two writers at once ------------------------------------------------------------

WRITER = """
import os, sys, time
from pathlib import Path
from cjm_helpers.cpd import record_activity
ids, go = sys.argv[1].split(","), Path(sys.argv[2])
Path(sys.argv[3]).touch()
while not go.exists():
    time.sleep(0.001)
print(sum(record_activity(i, {"summary": "writer " + sys.argv[4]}) for i in ids))
"""


def _course_with(tmp_path: Path, n: int) -> Path:
    course = tmp_path / "course"
    course.mkdir()
    entries = "".join(
        f'\n[[activity]]\nid = "X{i:04d}"\nkind = "exercise"\ntitle = "Task {i}"\n'
        f'path = "exercises/x/X{i:04d}.ipynb"\nminutes = 1\npoints = 1\n'
        for i in range(n)
    )
    (course / "course.toml").write_text('[course]\ntitle = "Load test"\n' + entries, "utf-8")
    return course


def _run_writers(tmp_path, root, course, id_lists) -> list[int]:
    env = {**os.environ, "CJM_COURSE_ROOT": str(course), "PYTHONPATH": str(root)}
    go = tmp_path / "go"
    procs = []
    for n, ids in enumerate(id_lists):
        procs.append(subprocess.Popen(
            [sys.executable, "-c", WRITER, ",".join(ids), str(go), str(tmp_path / f"ready{n}"), str(n)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready{n}").exists() for n in range(len(procs))):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), \
            [p.communicate() for p in procs if p.poll() is not None]
        time.sleep(0.01)
    go.touch()  # both start writing at the same moment
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(int(out))
    return results


def _switches(lines: list[dict]) -> int:
    writers = [line["evidence"]["summary"] for line in lines]
    return sum(a != b for a, b in zip(writers, writers[1:]))


def test_two_writers_with_distinct_activities_lose_and_corrupt_nothing(tmp_path, root):
    course = _course_with(tmp_path, 1000)
    ids = [f"X{i:04d}" for i in range(1000)]
    new = _run_writers(tmp_path, root, course, [ids[:500], ids[500:]])
    assert new == [500, 500]
    lines = log_lines()  # every line is whole JSON, or this raises
    assert len(lines) == 1000
    assert sorted(line["activity"] for line in lines) == ids
    assert _switches(lines) > 1, "the two writers never overlapped: the test did not test concurrency"
    assert not read_log().problems


def test_two_writers_of_the_same_activities_never_double_count(tmp_path, root):
    course = _course_with(tmp_path, 500)
    ids = [f"X{i:04d}" for i in range(500)]
    new = _run_writers(tmp_path, root, course, [ids, ids[::-1]])
    assert sum(new) == 500  # each activity was new to exactly one writer
    lines = log_lines()
    assert sorted(line["activity"] for line in lines) == ids
    assert _switches(lines) > 1, "the two writers never overlapped: the test did not test concurrency"


# --- a damaged log ---------------------------------------------------------------------

def test_corrupt_lines_are_reported_and_the_other_records_kept(capsys):
    record_activity("L01")
    path = log_path()
    with path.open("a", encoding="utf-8") as handle:
        handle.write("this is not json\n")
        handle.write('{"activity": "L02", "title": "cut off in the midd\n')
        handle.write('{"activity": "L05", "title": "no date"}\n')
    record_activity("L02")
    contents = read_log()
    assert [r.activity for r in contents.records] == ["L01", "L02"]
    assert [(p.path, p.line) for p in contents.problems] == [(str(path), 2), (str(path), 3), (str(path), 4)]
    assert "lacks the field 'kind'" in contents.problems[2].message
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [r.activity for r in load_records()] == ["L01", "L02"]
    assert [w.category for w in caught] == [CPDLogWarning] * 3
    assert str(caught[0].message).startswith(f"{path}, line 2: not valid JSON")
    assert "line 3" in str(cpd_record()) and "line 3" in cpd_record()._repr_html_()
    assert cli.main(["cpd"]) == 1
    out, err = capsys.readouterr()
    assert f"{path}, line 4" in err and "Lesson 2: Personas" in out


def test_a_torn_last_line_does_not_swallow_the_next_record():
    record_activity("L01")
    with log_path().open("a", encoding="utf-8") as handle:
        handle.write('{"activity": "L0')  # a write cut short, no newline
    assert record_activity("L02") is True
    contents = read_log()
    assert [r.activity for r in contents.records] == ["L01", "L02"]
    assert [p.line for p in contents.problems] == [2]


def test_a_record_written_twice_by_hand_counts_once():
    record_activity("L01")
    line = log_path().read_text("utf-8")
    log_path().write_text(line + line, "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_records()) == 1
    assert cpd_record().points == 1


# --- what the learner sees -------------------------------------------------------------------

def _some_work():
    record_activity("L01", {"summary": "knowledge check passed: 4 of 4"})
    record_activity("E02", {"summary": "checks passed: 3 of 3 marks <ok>"})


def test_notebook_table_is_escaped_and_totals_against_the_course(root):
    _some_work()
    html = cpd_record(name=NAME)._repr_html_()
    assert "Zoë &lt;b&gt;O&#x27;Brien&lt;/b&gt; &amp; Co" in html and "<b>O'" not in html
    assert "3 of 3 marks &lt;ok&gt;" in html
    total = sum(a["points"] for a in manifest(root))
    assert f"4 of {total:g} CPD points" in html
    text = repr(cpd_record(name=NAME))
    assert "Exercise 2: A current-state map" in text and f"4 of {total:g}" in text


def test_learner_name_from_argument_environment_or_settings(monkeypatch, capsys):
    assert cpd_record().learner is None
    assert cli.main(["cpd", "--set-name", "Ada Lovelace"]) == 0
    assert cpd_record().learner == "Ada Lovelace"
    monkeypatch.setenv("CJM_LEARNER_NAME", "Grace Hopper")
    assert cpd_record().learner == "Grace Hopper"
    assert cpd_record(name="Alan Turing").learner == "Alan Turing"
    capsys.readouterr()
    assert cli.main(["cpd", "--name", "Alan Turing"]) == 0
    assert "Learner: Alan Turing" in capsys.readouterr().out


def test_csv_export(tmp_path, root, capsys):
    _some_work()
    assert cli.main(["cpd", "--export", str(tmp_path / "record.csv"), "--name", "=Mallory"]) == 0
    assert "wrote" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO((tmp_path / "record.csv").read_text("utf-8"))))
    assert [r["activity_id"] for r in rows] == ["L01", "E02"]
    e02 = next(a for a in manifest(root) if a["id"] == "E02")
    assert rows[1]["activity"] == f"Exercise 2: {e02['title']}"
    assert (int(rows[1]["minutes"]), float(rows[1]["cpd_points"])) == (e02["minutes"], e02["points"])
    assert rows[0]["learner"] == "'=Mallory"  # never a spreadsheet formula
    assert rows[0]["evidence"] == "knowledge check passed: 4 of 4"


def test_html_export_is_escaped(tmp_path, capsys):
    _some_work()
    assert cli.main(["cpd", "--export", str(tmp_path / "record.html"), "--name", NAME]) == 0
    page = (tmp_path / "record.html").read_text("utf-8")
    assert "Zoë &lt;b&gt;O&#x27;Brien&lt;/b&gt; &amp; Co" in page and "<b>O'" not in page
    assert "Exercise 2: A current-state map" in page and "Total: 2 activities" in page
    assert "Manager&#x27;s signature" in page or "Manager's signature" in page
    assert "@page { size: A4" in page


def test_pdf_export_is_a4_with_the_record_first_and_a_page_per_exercise(tmp_path, root, capsys):
    _some_work()
    assert cli.main(["cpd", "--export", str(tmp_path / "record.pdf"), "--name", "Zoë O'Brien (ACME)"]) == 0
    data = (tmp_path / "record.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) == 2  # the record, then Exercise 2's evidence
    for (x0, y0, width, height) in media_boxes(data):
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4 in millimetres
    runs = text_runs(data)
    page = " ".join(runs)
    total = sum(a["points"] for a in manifest(root))
    for expected in ("Zoë O'Brien (ACME)", "Customer Journey Mapping workbook",
                     "Lesson 1: What a customer journey is, and why map it", "Exercise 2: A current-state map",
                     "Total: 2 activities (2.0 hours)", "90", f"4 of {total:g}", "Learner's signature",
                     "Manager's signature", "Evidence: Exercise 2: A current-state map"):
        assert expected in page, f"{expected!r} not on the page: {runs}"


def test_pdf_with_every_activity_and_long_evidence_keeps_the_table_on_one_page(tmp_path, root):
    for a in manifest(root):
        record_activity(a["id"], "a long account of the evidence " * 20)
    record = cpd_record(name="A. Learner")
    data = record.export(tmp_path / "full.pdf").read_bytes()
    exercises = [a for a in manifest(root) if a["kind"] == "exercise"]
    assert page_count(data) == 1 + len(exercises)
    runs = text_runs(data)
    assert runs.count("Learner's signature") == 1 and runs.count("Manager's signature") == 1
    first_page = " ".join(runs[:runs.index("Learner's signature")])
    headings = [record.course.get(a["id"]).heading for a in manifest(root)]
    at = [first_page.find(h[:24]) for h in headings]
    assert -1 not in at and at == sorted(at), "every activity on the first page, in order"


def test_unknown_export_format_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["cpd", "--export", str(tmp_path / "record.docx")]) == 2
    err = capsys.readouterr().err
    assert "record.docx" in err and ".csv, .html or .pdf" in err
    assert not (tmp_path / "record.docx").exists()


# --- progress page ------------------------------------------------------------------------

def test_progress_shows_done_next_and_points_with_working_links(root):
    _some_work()
    page = progress()
    lessons = root / "lessons"
    for row in page.rows:
        target = (lessons / row.link).resolve()
        assert target == (root / next(a["path"] for a in manifest(root) if a["id"] == row.id)).resolve()
    done = {r.id for r in page.rows if r.done}
    assert done == {"L01", "E02"}
    assert page.next.id == "L02"
    total = sum(a["points"] for a in manifest(root))
    html = page._repr_html_()
    assert f"4 of {total:g} CPD points so far" in html
    assert "href='02_personas.ipynb'" in html
    assert "href='../exercises/02_current_state/02_current_state.ipynb'" in html
    assert "next" in str(page) and "done" in str(page)


@pytest.mark.notebook
def test_progress_page_notebook_shows_the_learners_progress_and_saves_the_pdf(tmp_path, root):
    from notebook_runner import outputs_text, run_notebook

    _some_work()
    nb = run_notebook("lessons/progress.ipynb", tmp_path)
    shown = outputs_text(nb)
    total = sum(a["points"] for a in manifest(root))
    assert f"2 of {len(manifest(root))} activities done; 4 of {total:g} CPD points so far" in shown
    assert "href='02_personas.ipynb'>Personas: who the map is about</a>" in shown  # next
    assert "Exercise 2: A current-state map" in shown and "knowledge check passed: 4 of 4" in shown
    assert "Button(description='Save my_cpd_record.pdf'" in shown    # the PDF is made on a click
    assert not (tmp_path / "lessons" / "my_cpd_record.pdf").exists()


def test_save_button_writes_the_pdf_on_a_click_and_says_so_escaped(tmp_path):
    """The progress page's button: showing it loads no PDF machinery; a click writes the record shown
    (the learner's name in the PDF as typed, and escaped in the page's message)."""
    script = f"""
import sys
from cjm_helpers.cpd import cpd_record, record_activity
record_activity("E02", {{"summary": "checks passed: 3 of 3 marks"}})
box = cpd_record(name={NAME!r}).save_button({str(tmp_path / "record.pdf")!r})
assert "matplotlib" not in sys.modules, "the PDF machinery loaded before the click"
button, said = box.children
button.click()
print(said.value)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    said = done.stdout.strip()
    assert "Zoë &lt;b&gt;O&#x27;Brien&lt;/b&gt; &amp; Co" in said and "<b>O" not in said
    assert said.endswith(f"as <code>{tmp_path / 'record.pdf'}</code>.")
    pdf = (tmp_path / "record.pdf").read_bytes()
    assert page_count(pdf) == 2 and any(NAME in run for run in text_runs(pdf))


def test_save_button_reports_a_file_it_cannot_write(tmp_path):
    box = cpd_record().save_button(tmp_path / "record.docx")
    button, said = box.children
    button.click()
    assert ".csv, .html or .pdf" in said.value and not (tmp_path / "record.docx").exists()
