"""While nbgrader grades, drawings and the builder are deferred stand-ins (speed only, never marks)."""

from __future__ import annotations

import json

import pytest

import cjm_helpers
from cjm_helpers import examples
from cjm_helpers.graded_copy import NOTE_DRAWING, Deferred


@pytest.fixture
def grading(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")


def test_outside_grading_the_real_drawing_is_drawn(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    figure = cjm_helpers.draw_map(examples.load("language_course_current"))
    assert not isinstance(figure, Deferred)
    assert figure.axes, "a real matplotlib figure with axes"


def test_under_grading_a_drawing_shows_a_note_and_draws_nothing(grading):
    deferred = cjm_helpers.draw_map(examples.load("language_course_current"))
    assert isinstance(deferred, Deferred)
    assert deferred._repr_markdown_() == NOTE_DRAWING
    assert deferred._real is None, "displaying or probing the stand-in must not draw"
    assert not hasattr(deferred, "_ipython_canary_method_should_not_exist_")


def test_under_grading_a_drawing_is_still_saved_when_asked(grading, tmp_path):
    from cjm_helpers.draw import save_figure

    deferred = cjm_helpers.draw_map(examples.load("language_course_current"))
    save_figure(deferred, tmp_path / "map.png")
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"


def test_under_grading_the_builder_names_the_file_and_code_users_still_save(grading, tmp_path):
    path = tmp_path / "my_current_state.json"
    builder = cjm_helpers.MapBuilder(str(path), map_type="current_state")
    assert "my_current_state.json" in builder._repr_markdown_()
    assert not path.exists(), "showing the stand-in touches no file"
    builder.map.title = "Renewing a parking permit"  # a learner who builds in code
    builder.save()
    assert json.loads(path.read_text("utf-8"))["title"] == "Renewing a parking permit"
