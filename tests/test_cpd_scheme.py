"""One CPD scheme, written once in course.toml: every total a learner sees matches the manifest."""

from __future__ import annotations

import re

import nbformat
import pytest

from cjm_helpers.course import CPD_TAG, load_course, notebook_paths
from cjm_helpers.cpd import cpd_record, progress, record_activity
from notebook_runner import ROOT
from pdf_text import text_runs

COURSE = load_course(ROOT)
EXERCISES = COURSE.of_kind("exercise")


def cells_tagged(path, tag):
    nb = nbformat.read(ROOT / path, as_version=4)
    return [c for c in nb.cells if tag in c.metadata.get("tags", [])]


def test_every_activitys_points_follow_the_scheme():
    assert COURSE.cpd_scheme.startswith("One CPD point stands for half an hour of learning")
    assert "not one set by a professional body" in COURSE.cpd_scheme  # whose scheme it is
    for a in COURSE.activities:
        expected = 0 if a.kind == "page" else COURSE.points_for(a.minutes)
        assert a.points == expected, f"{a.id}: {a.points} points for {a.minutes} minutes; the scheme gives {expected}"


def test_the_seeds_two_exercises_are_worth_3_each():
    core = [a for a in EXERCISES if a.core]
    assert [(a.assignment, a.points) for a in core] == [("02_current_state", 3), ("03_future_state", 3)]


def test_the_start_page_totals_and_seed_mapping_match_the_manifest():
    start = COURSE.activities[0]
    (scheme,) = cells_tagged(start.path, CPD_TAG)
    text = scheme.source
    lessons = [a for a in COURSE.of_kind("lesson") if a.points]
    assert COURSE.cpd_scheme in text
    assert "3 points for its lesson and 9 with its two exercises" in text
    assert f"so they earn {sum(a.points for a in lessons):g} CPD points" in text
    assert "**Exercise 2** (a current-state map) and **Exercise 3** (a future-state map), 3 points each" in text
    assert f"{COURSE.total_points:g} CPD points in all" in text
    (contents,) = cells_tagged(start.path, "cjm-contents")
    assert f"{COURSE.total_points:g} CPD points." in contents.source
    rows = re.findall(r"^\| (?:Lesson|Exercise|Page)[^|]*\|[^|]*\| (\d+) \| ([\d.]+) \|$", contents.source, re.M)
    assert sum(float(p) for _, p in rows) == COURSE.total_points


@pytest.mark.parametrize("activity", EXERCISES, ids=lambda a: a.id)
def test_every_exercise_text_states_the_manifests_points_and_number(activity):
    for path in notebook_paths(activity):
        (cpd,) = cells_tagged(path, CPD_TAG)
        points = f"{activity.points:g} CPD point{'' if activity.points == 1 else 's'}"
        assert f"{activity.label} is worth **{points}** (about {activity.minutes} minutes" in cpd.source, path
        nb = nbformat.read(ROOT / path, as_version=4)
        title = next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("# "))
        assert title.startswith(f"# Exercise {int(activity.assignment[:2])}:"), f"{path}: {title[:60]}"
        for cell in nb.cells:
            assert "CPD exercise" not in cell.source, f"{path}: the old numbering"
            assert not re.search(r"current-state map of exercise 1", cell.source, re.I), path


def test_navigation_names_exercises_by_their_folder_number():
    e02 = COURSE.get("E02")
    (nav, *_) = cells_tagged(COURSE.get("E03").path, "cjm-nav")
    assert "[← Exercise 2: A current-state map]" in nav.source
    assert e02.label == "Exercise 2" and e02.assignment.startswith("02_")


def test_progress_record_and_pdf_totals_match_the_manifest(tmp_path):
    record_activity("L01")
    record_activity("E02")
    earned = COURSE.get("L01").points + COURSE.get("E02").points
    total = COURSE.total_points
    assert f"{earned:g} of {total:g} CPD points so far" in progress().headline()
    assert f"{earned:g} of {total:g} CPD points" in cpd_record().summary
    assert cpd_record().total_points == total
    runs = " ".join(text_runs(cpd_record().export(tmp_path / "r.pdf").read_bytes()))
    assert f"{earned:g} of {total:g}" in runs
    page = cpd_record().export(tmp_path / "r.html").read_text("utf-8")
    assert f"{earned:g} of {total:g}" in page
    rows = progress().rows
    assert sum(r.points for r in rows) == total
    assert [r.id for r in rows if r.kind == "exercise"] == [a.id for a in EXERCISES]
    assert "Exercise 2" in str(progress())
