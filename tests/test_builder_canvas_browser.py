"""The journey canvas in a real JupyterLab, driven by Chromium: a map built by clicks, typing, drags and keys alone.

Each step checks the saved file. Edit-to-paint times are printed (`-s` shows them);
screenshots at 1280 and 1366 px go to build/test-artifacts/canvas-*.png.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import nbformat
import pytest

from browser import chromium_page, jupyter_lab, open_notebook, run_all, screenshot
from canvas_timing import in_notebook7, in_voila, measure_edits, report, saved_when as wait_saved

pytestmark = pytest.mark.browser

NOTEBOOK = "canvas.ipynb"
CODE = 'from cjm_helpers import MapBuilder\n\nMapBuilder("my_map.json", map_type="current_state", preset="five_stages")'


def write_notebook(folder: Path, code: str = CODE) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Canvas"), nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, folder / NOTEBOOK)


def touchpoints(data: dict) -> list[dict]:
    return [tp for stage in data["stages"] for tp in stage["touchpoints"]]


def stage_of(data: dict, tp_id: str) -> int:
    return next(n for n, s in enumerate(data["stages"]) for tp in s["touchpoints"] if tp["id"] == tp_id)


def type_in_cell(page, cell: str, text: str) -> None:
    """Click a cell of the canvas, type, press Enter."""
    page.click(f'.cjm-canvas [data-cell="{cell}"]')
    editor = page.locator(".cjm-canvas .cjm-editor")
    editor.wait_for()
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def paint_ms(page) -> float:
    return float(page.get_attribute(".cjm-canvas", "data-paint-ms") or "nan")


def test_build_a_map_on_the_canvas_by_clicks_keys_and_drags(chromium, tmp_path):
    write_notebook(tmp_path)
    map_file = tmp_path / "my_map.json"
    paints = []
    with jupyter_lab(tmp_path) as server, chromium_page(chromium, width=1280) as page:
        open_notebook(page, server, NOTEBOOK)
        run_all(page, expect=".cjm-canvas .cjm-stage")
        assert page.locator(".cjm-canvas .cjm-stage").count() == 5
        assert not map_file.exists(), "opening the canvas writes nothing"

        # "+ touchpoint" in the first stage, then name it in place
        page.click('.cjm-canvas .cjm-stage[data-stage-index="0"] button.cjm-add')
        card = page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"]')
        card.wait_for()
        paints.append(paint_ms(page))
        type_in_cell(page, "tp:tp1:name", "Sees a poster at the library")
        paints.append(paint_ms(page))
        assert "Sees a poster at the library" in card.inner_text() and "tp1" not in card.inner_text()
        wait_saved(page, map_file, lambda d: touchpoints(d)[0]["name"] == "Sees a poster at the library", "the name")
        type_in_cell(page, "tp:tp1:doing", "Reads the opening hours")
        wait_saved(page, map_file, lambda d: touchpoints(d)[0]["doing"] == "Reads the opening hours", "doing")
        page.select_option('.cjm-canvas select[data-cell="tp:tp1:owner"]', label="we (the organisation)")
        wait_saved(page, map_file, lambda d: touchpoints(d)[0]["owner"] == "brand", "the owner")

        # the emotion curve: drag the point to the bottom (-2), then ArrowUp makes it -1
        handle = page.locator('.cjm-canvas [data-feeling-handle][data-touchpoint-id="tp1"]')
        assert handle.get_attribute("role") == "slider"
        assert (handle.get_attribute("aria-valuemin"), handle.get_attribute("aria-valuemax")) == ("-2", "2")
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 200, steps=8)
        page.mouse.up()
        page.wait_for_function("() => document.querySelector('.cjm-canvas [data-feeling-handle]')"
                               ".getAttribute('aria-valuenow') === '-2'")
        wait_saved(page, map_file, lambda d: touchpoints(d)[0]["feeling"] == -2, "feeling -2 after the drag")
        handle.focus()
        page.keyboard.press("ArrowUp")
        paints.append(paint_ms(page))
        assert handle.get_attribute("aria-valuenow") == "-1" and "🙁" in handle.inner_text()
        wait_saved(page, map_file, lambda d: touchpoints(d)[0]["feeling"] == -1, "feeling -1 after ArrowUp")

        # moment of truth and a pain point with its severity, on the card's column
        page.click('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"] .cjm-star')
        wait_saved(page, map_file, lambda d: touchpoints(d)[0]["moment_of_truth"] is True, "moment of truth")
        page.click('.cjm-canvas [data-cell="tp:tp1:new-pain"]')
        page.keyboard.type("The poster has no web address", delay=5)
        page.keyboard.press("Enter")
        page.locator(".cjm-canvas .cjm-severity").click()  # serious -> critical
        data = wait_saved(page, map_file, lambda d: touchpoints(d)[0]["pain_points"]
                          and touchpoints(d)[0]["pain_points"][0]["severity"] == 3, "a critical pain point")
        assert touchpoints(data)[0]["pain_points"][0]["text"] == "The poster has no web address"
        assert "pp1" not in page.inner_text(".cjm-canvas")

        # a second touchpoint in stage 2; drag the first card onto stage 3's header
        page.click('.cjm-canvas .cjm-stage[data-stage-index="1"] button.cjm-add')
        page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp2"]').wait_for()
        page.drag_and_drop('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"]',
                           '.cjm-canvas .cjm-stage[data-stage-index="2"]')
        wait_saved(page, map_file, lambda d: stage_of(d, "tp1") == 2, "tp1 moved to stage 3")
        # ... and back one place with the keyboard: Alt+Left moves it to the end of stage 2
        page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"]').focus()
        page.keyboard.press("Alt+ArrowLeft")
        data = wait_saved(page, map_file, lambda d: stage_of(d, "tp1") == 1, "tp1 back in stage 2")
        assert [tp["id"] for tp in data["stages"][1]["touchpoints"]] == ["tp2", "tp1"]

        # remove tp2; the backup keeps it; Ctrl+Z brings it back, Ctrl+Shift+Z removes it again
        page.click('.cjm-canvas .cjm-card[data-touchpoint-id="tp2"] .cjm-remove')
        wait_saved(page, map_file, lambda d: len(touchpoints(d)) == 1, "tp2 removed")
        page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"]').focus()
        page.keyboard.press("Control+z")
        wait_saved(page, map_file, lambda d: len(touchpoints(d)) == 2, "tp2 back after Ctrl+Z")
        page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp2"]').wait_for()
        page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"]').focus()
        page.keyboard.press("Control+Shift+Z")
        wait_saved(page, map_file, lambda d: len(touchpoints(d)) == 1, "tp2 removed again after Ctrl+Shift+Z")
        type_in_cell(page, "tp:tp1:thinking", "Is it open on Sundays?")
        wait_saved(page, map_file, lambda d: touchpoints(d)[0]["thinking"] == "Is it open on Sundays?", "thinking")
        backup = json.loads((tmp_path / "my_map.json.bak").read_text("utf-8"))
        assert "tp2" in [tp["id"] for tp in touchpoints(backup)], "the backup keeps the version before the removal"
        page.click('.cjm-canvas button.cjm-undo')  # the thinking
        page.click('.cjm-canvas button.cjm-undo')  # the removal
        wait_saved(page, map_file, lambda d: len(touchpoints(d)) == 2 and not touchpoints(d)[1]["thinking"],
                   "tp2 back after two Undo clicks")

        # Check marks the faults in place: empty stages get a red edge with the message on hover
        page.click('.cjm-builder button:has-text("Check")')
        page.wait_for_selector('.cjm-canvas .cjm-stage.cjm-fault[data-stage-index="0"]', timeout=30_000)
        page.hover('.cjm-canvas .cjm-stage[data-stage-index="0"]')
        assert "no touchpoints" in page.inner_text('.cjm-canvas .cjm-stage[data-stage-index="0"] .cjm-fault-message')
        # ... and the marks follow the next edit
        page.click('.cjm-canvas .cjm-stage[data-stage-index="0"] button.cjm-add')
        page.wait_for_selector('.cjm-canvas .cjm-stage[data-stage-index="0"]:not(.cjm-fault)', timeout=30_000)

        for width in (1280, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            page.locator(".cjm-canvas").scroll_into_view_if_needed()
            screenshot(page, f"canvas-lab-{width}.png")
            page.locator(".cjm-canvas").screenshot(path=str(screenshot(page, f"canvas-lab-{width}.png").parent
                                                           / f"canvas-only-{width}.png"))

        # reload the page and run again: the canvas comes back from the file
        page.reload()
        page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
        run_all(page)
        restored = page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"]')
        restored.wait_for(timeout=30_000)
        assert "Sees a poster at the library" in restored.inner_text() and "★" in restored.inner_text()
        assert page.get_attribute('.cjm-canvas [data-feeling-handle][data-touchpoint-id="tp1"]', "aria-valuenow") == "-1"
    paints = [p for p in paints if p == p]
    print(f"\ncanvas edit-to-paint ms (JupyterLab, 5 stages): {paints}, median {statistics.median(paints):.1f}")


@pytest.mark.slow
def test_a_60_touchpoint_map_in_notebook_7_stays_quick(chromium, tmp_path):
    with in_notebook7(tmp_path, chromium) as (page, map_file):
        ms = measure_edits(page, map_file)
        print("\n" + report(ms, "Notebook 7"))
        page.locator(".cjm-canvas").screenshot(path=str(screenshot(page, "canvas-nb7-1366.png").parent
                                                       / "canvas-nb7-only-1366.png"))


@pytest.mark.slow
def test_the_workshop_app_in_voila_is_the_canvas(chromium, tmp_path):
    with in_voila(tmp_path, chromium, width=1280) as (page, map_file):
        ms = measure_edits(page, map_file)
        print("\n" + report(ms, "Voila workshop app"))
        type_in_cell(page, "tp:tp61:name", "Asks at the desk")
        wait_saved(page, map_file, lambda d: d["stages"][0]["touchpoints"][-1]["name"] == "Asks at the desk",
                   "the new touchpoint")
        page.locator('.cjm-canvas .cjm-card[data-touchpoint-id="tp1"]').focus()
        page.keyboard.press("Control+z")
        wait_saved(page, map_file, lambda d: d["stages"][0]["touchpoints"][-1]["name"] == "New touchpoint",
                   "the name undone")
        screenshot(page, "canvas-voila-1280.png")


@pytest.mark.slow
def test_the_future_state_on_the_same_canvas(chromium, tmp_path):
    from cjm_helpers import examples
    from cjm_helpers.storage import save_map

    current = examples.load("language_course_current")
    save_map(current, tmp_path / "current.json")
    write_notebook(tmp_path, 'from cjm_helpers import FutureStateBuilder\n\n'
                             'FutureStateBuilder("my_future.json", based_on="current.json")')
    map_file = tmp_path / "my_future.json"
    stage, tp, pain = current.pain_points()[0]
    with jupyter_lab(tmp_path) as server, chromium_page(chromium, width=1366) as page:
        open_notebook(page, server, NOTEBOOK)
        run_all(page)
        page.wait_for_selector(f'.cjm-canvas .cjm-card[data-touchpoint-id="{tp.id}"]', timeout=30_000)
        before = page.get_attribute(".cjm-canvas .cjm-line-before", "points")
        assert len(before.split()) == sum(t.feeling is not None for _, t in current.touchpoints()), "current curve"
        assert page.locator(".cjm-canvas .cjm-was").count() > 0
        page.click(f'.cjm-canvas .cjm-slot:has(.cjm-card[data-touchpoint-id="{tp.id}"]) .cjm-add-improvement')
        form = page.locator(".cjm-canvas .cjm-improvement-form")
        form.locator("select").first.select_option(value=pain.id)
        form.locator("textarea").fill("Show the price on the first page")
        form.locator("select").nth(1).select_option(value="2")
        form.locator('button:has-text("Add")').click()
        data = wait_saved(page, map_file, lambda d: d.get("improvements"), "the improvement")
        assert data["improvements"] == [{"pain_point": pain.id, "change": "Show the price on the first page",
                                         "touchpoint": tp.id, "expected_feeling": 2}]
        assert "Show the price on the first page" in page.inner_text(f'.cjm-canvas .cjm-slot:has([data-touchpoint-id="{tp.id}"])')
        future_tp = next(t for s_ in data["stages"] for t in s_["touchpoints"] if t["id"] == tp.id)
        assert future_tp["feeling"] == 2, "one number: the improvement sets the touchpoint's own future feeling"
        handle = page.locator(f'.cjm-canvas [data-feeling-handle][data-touchpoint-id="{tp.id}"]')
        handle.focus()
        page.keyboard.press("ArrowDown")  # the learner lowers the point: the improvement's feeling follows
        data = wait_saved(page, map_file, lambda d: d["improvements"][0]["expected_feeling"] == 1, "the feeling followed")
        assert handle.get_attribute("aria-valuenow") == "1"
        # the next pain point is deferred with a reason, on the card where it hurts
        _, later_tp, later = current.pain_points()[1]
        page.click(f'.cjm-canvas .cjm-slot:has(.cjm-card[data-touchpoint-id="{later_tp.id}"]) .cjm-add-improvement')
        form = page.locator(".cjm-canvas .cjm-improvement-form")
        form.locator("textarea").fill("Needs the new website")
        # an edit elsewhere while the form is open: the form and its text survive Python's answer
        handle.focus()
        page.keyboard.press("ArrowUp")
        wait_saved(page, map_file, lambda d: d["improvements"][0]["expected_feeling"] == 2, "the edit elsewhere")
        page.wait_for_timeout(300)                     # Python's echo of that edit has reached the canvas
        assert form.locator("textarea").input_value() == "Needs the new website"
        form.locator("select").first.select_option(value=later.id)
        form.locator("textarea").fill("Needs the new website first")
        form.locator('button:has-text("Defer")').click()
        data = wait_saved(page, map_file, lambda d: d.get("deferred"), "the deferral")
        assert data["deferred"] == [{"pain_point": later.id, "reason": "Needs the new website first"}]
        assert "later: Needs the new website first" in page.inner_text(".cjm-canvas")
        assert pain.id not in page.inner_text(".cjm-canvas") and later.id not in page.inner_text(".cjm-canvas")
        page.locator(".cjm-canvas").scroll_into_view_if_needed()
        screenshot(page, "canvas-future-1366.png")


def stage_names(data: dict) -> list[str]:
    return [stage["name"] for stage in data["stages"]]


@pytest.mark.slow
def movable_right(page) -> list[bool]:
    """For each stage header in order: whether its ▶ (move right) button can be pressed."""
    return page.eval_on_selector_all(".cjm-canvas .cjm-stage", "(headers) => headers.map((h) => "
                                     "!h.querySelector('button[aria-label$=\" right\"].cjm-move').disabled)")


def test_stages_move_and_a_day_in_the_life_has_a_clock(chromium, tmp_path):
    from cjm_helpers.storage import save_map

    map_file = tmp_path / "my_day.json"
    stages = [("Wakes up", "07:00", ["Checks the phone"]), ("Commute", "08:30", ["Reads the news"]),
              ("Lunch", "12:30", []), ("Evening", "19:00", ["Watches a film"])]
    n = 0
    data = {"format": "cjm-map/1", "title": "Sam's day", "map_type": "day_in_the_life", "stages": []}
    for name, time, tps in stages:
        touchpoints_ = []
        for text in tps:
            n += 1
            touchpoints_.append({"id": f"tp{n}", "name": text, "feeling": 0})
        data["stages"].append({"name": name, "time": time, "touchpoints": touchpoints_})
    save_map(data, map_file)
    write_notebook(tmp_path, 'from cjm_helpers import MapBuilder\n\nMapBuilder("my_day.json", map_type="day_in_the_life")')
    with jupyter_lab(tmp_path) as server, chromium_page(chromium, width=1366) as page:
        open_notebook(page, server, NOTEBOOK)
        run_all(page, expect=".cjm-canvas .cjm-clock")
        # the clock: each stage's time on a strip of the day, numbered like its header
        clock = page.locator(".cjm-canvas .cjm-clock")
        assert "stage 2 Commute at 08:30" in clock.get_attribute("aria-label")
        xs = [float(page.locator(f'.cjm-canvas .cjm-clock-mark[data-stage-index="{s}"] circle').get_attribute("cx"))
              for s in range(4)]
        assert xs == sorted(xs) and xs[1] - xs[0] < xs[3] - xs[2], "placed by the time of day"
        assert page.inner_text('.cjm-canvas .cjm-stage[data-stage-index="1"] .cjm-stage-number') == "2"
        type_in_cell(page, "stage:2:time", "13:15")
        wait_saved(page, map_file, lambda d: d["stages"][2]["time"] == "13:15", "the new time")
        page.wait_for_function("() => document.querySelector('.cjm-canvas .cjm-clock')"
                               ".getAttribute('aria-label').includes('Lunch at 13:15')")

        # Alt+Left on a focused stage header moves the stage; the header keeps the focus
        page.locator('.cjm-canvas .cjm-stage[data-stage-index="3"]').focus()
        page.keyboard.press("Alt+ArrowLeft")
        wait_saved(page, map_file, lambda d: stage_names(d) == ["Wakes up", "Commute", "Evening", "Lunch"],
                   "Evening before Lunch")
        assert page.evaluate("() => document.activeElement.dataset.stageIndex") == "2"
        assert "Evening" in page.get_attribute('.cjm-canvas .cjm-stage[data-stage-index="2"]', "aria-label")
        # drag the first header onto the third
        page.drag_and_drop('.cjm-canvas .cjm-stage[data-stage-index="0"]', '.cjm-canvas .cjm-stage[data-stage-index="2"]',
                           source_position={"x": 8, "y": 8}, target_position={"x": 30, "y": 8})
        data = wait_saved(page, map_file, lambda d: stage_names(d) == ["Commute", "Evening", "Wakes up", "Lunch"],
                          "Wakes up dragged to third")
        assert data["stages"][2]["touchpoints"][0]["name"] == "Checks the phone", "its touchpoints go with it"
        # "+ stage after" puts a new stage right after the first; remove it, and Undo brings it back
        page.click('.cjm-canvas .cjm-stage[data-stage-index="0"] button.cjm-add-here')
        wait_saved(page, map_file, lambda d: stage_names(d)[1] == "Stage 5" and len(d["stages"]) == 5, "the new stage")
        page.click('.cjm-canvas .cjm-stage[data-stage-index="1"] button.cjm-remove')
        wait_saved(page, map_file, lambda d: len(d["stages"]) == 4, "the stage removed")
        page.locator('.cjm-canvas .cjm-stage[data-stage-index="0"]').focus()
        page.keyboard.press("Control+z")
        wait_saved(page, map_file, lambda d: stage_names(d)[1] == "Stage 5", "the stage back after Ctrl+Z")
        assert page.locator(".cjm-canvas .cjm-stage").count() == 5
        # only the last stage's ▶ is disabled, also when a stage is added after it
        assert movable_right(page) == [True, True, True, True, False]
        page.click(".cjm-canvas button.cjm-add-stage")
        wait_saved(page, map_file, lambda d: len(d["stages"]) == 6, "the stage added at the end")
        page.wait_for_function("() => document.querySelectorAll('.cjm-canvas .cjm-stage').length === 6")
        assert movable_right(page) == [True, True, True, True, True, False]
        for width in (1280, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            page.locator(".cjm-canvas").screenshot(path=str(screenshot(page, f"canvas-day-{width}.png")))
