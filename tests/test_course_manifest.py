"""The manifest and the notebooks on disk agree; generated cells are current."""

from __future__ import annotations

from pathlib import PurePosixPath

from cjm_helpers.course import contents_markdown, navigation_markdown, notebook_paths, stale_cells
from test_notebooks import all_notebooks


def test_every_notebook_is_in_the_manifest_and_back(course, root):
    listed = {p for a in course.activities for p in notebook_paths(a)}
    on_disk = {p for p in all_notebooks() if not p.startswith(("trainer/", "workshop/"))}
    assert sorted(on_disk - listed) == [], "notebooks missing from course.toml"
    assert sorted(p for p in listed if not (root / p).exists()) == [], "course.toml names missing notebooks"


def test_exercises_are_nbgrader_assignments(course):
    for activity in course.of_kind("exercise"):
        parts = PurePosixPath(activity.path).parts
        assert parts[0] == "exercises" and len(parts) == 3, activity.path


def test_generated_cells_are_current(course):
    assert stale_cells(course) == [], "run `make nav` to regenerate navigation and contents"


def test_navigation_links_resolve(course, root):
    import re

    for activity in course.activities:
        text = navigation_markdown(course, activity) + contents_markdown(course, activity.path)
        for target in re.findall(r"\]\(([^)#]+)", text):
            resolved = (root / activity.path).parent / target
            assert resolved.resolve().exists(), f"{activity.path}: link {target} does not resolve"


def test_first_lesson_has_a_next_link_and_no_previous(course):
    first = course.activities[0]
    nav = navigation_markdown(course, first)
    assert "→" in nav and "←" not in nav
