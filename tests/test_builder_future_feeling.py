"""Future-state builder: Improve has one feeling, the touchpoint's own, and the comparison shows it at once."""

from __future__ import annotations

import json
import re

from cjm_helpers import examples
from cjm_helpers.builder import FutureStateBuilder
from cjm_helpers.storage import save_map


def saved(path):
    return json.loads(path.read_text("utf-8"))


def feeling_in_file(data, touchpoint_id):
    return next(tp["feeling"] for stage in data["stages"] for tp in stage["touchpoints"] if tp["id"] == touchpoint_id)


def builder(tmp_path):
    current = tmp_path / "my_current_state.json"
    save_map(examples.load("language_course_current"), current)
    path = tmp_path / "my_future_state.json"
    return FutureStateBuilder(path, based_on=current, autosave_delay=60, preview_delay=60), path


def improve(b, row, feeling):
    row.decision.value = "Improve"
    row.change.value = "Prices on the first page"
    row.expected.value = feeling


def drawn(b) -> bytes:
    return bytes(b.preview.image.value)


def test_improve_sets_the_touchpoints_future_feeling_and_redraws_at_once(tmp_path):
    b, path = builder(tmp_path)
    row = next(r for r in b.future.rows if r.tp.feeling is not None and r.tp.feeling < 2)
    today = row.tp.feeling
    b.preview.toggle.value = True                    # "Show drawing": the comparison
    before = drawn(b)
    improve(b, row, today + 1)
    assert drawn(b) != before  # redrawn without waiting for the preview's delay
    shown = next(tp for _, tp in b.map.touchpoints() if tp.id == row.where.value)
    assert shown.feeling == today + 1
    b.flush()
    data = saved(path)
    (entry,) = data["improvements"]
    assert entry["expected_feeling"] == today + 1 == feeling_in_file(data, entry["touchpoint"])
    assert "Feeling there" == row.expected.description


def test_the_comparison_shows_the_change_in_the_average_feeling(tmp_path):
    from cjm_helpers.draw.comparison import draw_comparison

    b, path = builder(tmp_path)
    row = next(r for r in b.future.rows if r.tp.feeling is not None and r.tp.feeling <= 0)
    improve(b, row, 2)
    b.flush()
    fig = draw_comparison(tmp_path / "my_current_state.json", path)
    texts = " ".join(t.get_text() for t in fig.texts + [t for ax in fig.axes for t in ax.texts])
    match = re.search(r"average feeling ([+-]\d\.\d) → ([+-]\d\.\d)", texts)
    assert match and float(match.group(2)) > float(match.group(1)), texts


def test_a_feeling_changed_on_the_stages_tab_is_the_improvements_feeling(tmp_path):
    b, path = builder(tmp_path)
    row = next(r for r in b.future.rows if r.tp.feeling is not None and r.tp.feeling < 1)
    improve(b, row, row.tp.feeling + 1)
    stage_index = next(i for i, s in enumerate(b.map.stages) if any(t.id == row.where.value for t in s.touchpoints))
    b.touchpoints.show_stage(b.map.stages[stage_index],
                             select=[t.id for t in b.map.stages[stage_index].touchpoints].index(row.where.value))
    b.touchpoints.feeling.value = 2
    assert b.map.improvements[0].expected_feeling == 2 and row.expected.value == 2
    b.flush()
    data = saved(path)
    assert data["improvements"][0]["expected_feeling"] == 2 == feeling_in_file(data, row.where.value)


def test_reopening_shows_the_touchpoints_feeling(tmp_path):
    b, path = builder(tmp_path)
    row = b.future.rows[0]
    improve(b, row, 1)
    b.flush()
    data = saved(path)
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            if tp["id"] == data["improvements"][0]["touchpoint"]:
                tp["feeling"] = 2          # an older file: expected_feeling and the feeling differ
    path.write_text(json.dumps(data), "utf-8")
    again = FutureStateBuilder(path, based_on=tmp_path / "my_current_state.json", autosave_delay=60, preview_delay=60)
    assert again.future.row(row.pp.id).expected.value == 2
