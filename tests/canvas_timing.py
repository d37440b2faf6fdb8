"""Edit-to-paint on the journey canvas in a real page: six edits a learner makes, each timed in the page.

Each edit is done as a learner does it (a click, typing, a drag, keys) on the 15-stage,
60-touchpoint map of `big_map`; the canvas stamps `data-paint-ms` (from its handler to the
next painted frame; for Undo from the key to the frame after Python's answer) and
`data-paint-kind`. The saved file is checked after each edit, and the card drawn by an edit
must still be the same DOM node once Python has answered (the round trip repaints nothing).
The same-run baseline is the canvas built from scratch (every cell new), as each edit drew before.
`in_notebook7` and `in_voila` open the big map's canvas in a page: the setup that
tests/test_builder_canvas_browser.py and benchmarks/bench_canvas.py share.
"""

from __future__ import annotations

import json
import statistics
from contextlib import contextmanager
from pathlib import Path

CANVAS = ".cjm-canvas"
AFTER_PAINT = "await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));"


def big_map(path: Path, stages: int = 15, per_stage: int = 4) -> None:
    """A 15-stage, 60-touchpoint map with a full curve, saved to `path`."""
    from cjm_helpers.storage import save_map

    n = 0
    data = {"format": "cjm-map/1", "title": "A long journey", "map_type": "current_state", "stages": []}
    for s in range(stages):
        tps = []
        for _ in range(per_stage):
            n += 1
            tps.append({"id": f"tp{n}", "name": f"Step {n} of the journey", "channel": "web", "owner": "brand",
                        "doing": "Looks for the form", "feeling": (n % 5) - 2,
                        "pain_points": [{"id": f"pp{n}", "text": "Slow page", "severity": 2}] if n % 3 == 0 else []})
        data["stages"].append({"name": f"Stage {s + 1}", "touchpoints": tps})
    save_map(data, path)


@contextmanager
def in_notebook7(folder: Path, chromium: str, width: int = 1366):
    """Notebook 7 running a MapBuilder on the big map in `folder`, its canvas drawn: yields (page, map file)."""
    import nbformat
    from browser import chromium_page, jupyter_lab, run_all

    map_file = folder / "my_map.json"
    big_map(map_file)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(f'from cjm_helpers import MapBuilder\n'
                                          f'MapBuilder("{map_file.name}", map_type="current_state")')]
    nbformat.write(nb, folder / "canvas.ipynb")
    with jupyter_lab(folder) as server, chromium_page(chromium, width=width) as page:
        page.goto(server.page_url("/notebooks/canvas.ipynb"))
        run_all(page, expect=CANVAS)
        yield page, map_file


@contextmanager
def in_voila(folder: Path, chromium: str, width: int = 1366):
    """The workshop app (Voila) on the big map in `folder`: yields (page, map file)."""
    from browser import chromium_page, voila_workshop

    map_file = folder / "workshop.json"
    big_map(map_file)
    with voila_workshop(map_file) as server, chromium_page(chromium, width=width) as page:
        page.goto(server.page_url("/"), timeout=90_000)
        yield page, map_file


def saved_when(page, path: Path, test, what: str) -> dict:
    """The saved map once `test(map)` holds (15 s at most)."""
    for _ in range(150):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            data = None
        if data is not None and test(data):
            return data
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} never had {what}: {path.read_text('utf-8') if path.exists() else 'absent'}")


def touchpoint(data: dict, tp_id: str) -> dict:
    return next(tp for stage in data["stages"] for tp in stage["touchpoints"] if tp["id"] == tp_id)


def timed(page, kind: str, action) -> float:
    """Do `action` and return the canvas's edit-to-paint milliseconds for the edit of `kind`."""
    before = int(page.get_attribute(CANVAS, "data-edits") or 0)
    action()
    page.wait_for_function("([n, kind]) => { const c = document.querySelector('.cjm-canvas');"
                           " return Number(c.dataset.edits || 0) > n && c.dataset.paintKind === kind; }",
                           arg=[before, kind], timeout=15_000)
    return float(page.get_attribute(CANVAS, "data-paint-ms"))


def rebuild_ms(page) -> float:
    """The whole canvas built from scratch to painted (the same-run baseline)."""
    return page.evaluate("async () => { const c = document.querySelector('.cjm-canvas');"
                         " const start = performance.now(); c.cjmRebuild(); " + AFTER_PAINT +
                         " return performance.now() - start; }")


def count_insertions(page) -> None:
    """From now on, count the nodes put into the canvas grid (built or moved) until `insertions`."""
    page.evaluate("() => { const grid = document.querySelector('.cjm-canvas .cjm-grid'); window.cjmInserted = 0;"
                  " window.cjmObserver?.disconnect(); window.cjmObserver = new MutationObserver((records) => {"
                  " for (const r of records) window.cjmInserted += r.addedNodes.length; });"
                  " window.cjmObserver.observe(grid, { childList: true }); }")


def insertions(page) -> int:
    return page.evaluate("() => { window.cjmObserver.takeRecords().forEach((r) => {"
                         " window.cjmInserted += r.addedNodes.length; }); window.cjmObserver.disconnect();"
                         " return window.cjmInserted; }")


def assert_few_insertions(page, edit: str) -> None:
    """An edit of one column puts at most one node per row into the grid, never the whole grid again."""
    rows = page.locator(f"{CANVAS} .cjm-lane").count() + 1  # the lanes and the stage headers
    moved = insertions(page)
    assert moved <= rows, f"{edit} put {moved} nodes into the canvas grid; one per row ({rows}) at most"


def tag(page, selector: str) -> None:
    page.eval_on_selector(selector, "(node) => { node.cjmTagged = true; }")


def still_tagged(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "(node) => node.cjmTagged === true")


def measure_edits(page, map_file: Path) -> dict[str, float]:
    """The six edits on the big map, each checked in the saved file; {edit: ms} plus "rebuild"."""
    page.wait_for_selector(f'{CANVAS} [data-feeling-handle][data-touchpoint-id="tp60"]', timeout=60_000)
    assert page.locator(f"{CANVAS} .cjm-card").count() == 60
    tag(page, f'{CANVAS} .cjm-card[data-touchpoint-id="tp30"]')
    ms = {}

    count_insertions(page)
    ms["add touchpoint"] = timed(page, "add_touchpoint", lambda: page.click(
        f'{CANVAS} .cjm-stage[data-stage-index="0"] button.cjm-add'))
    assert_few_insertions(page, "adding a touchpoint")
    tag(page, f'{CANVAS} .cjm-card[data-touchpoint-id="tp61"]')
    saved_when(page, map_file, lambda d: d["stages"][0]["touchpoints"][-1]["id"] == "tp61", "the added touchpoint")
    page.wait_for_timeout(200)
    assert still_tagged(page, f'{CANVAS} .cjm-card[data-touchpoint-id="tp61"]'), "Python's answer redrew the new card"

    ms["add stage"] = timed(page, "add_stage", lambda: page.click(f"{CANVAS} button.cjm-add-stage"))
    saved_when(page, map_file, lambda d: len(d["stages"]) == 16, "the added stage")

    def type_thinking():
        page.click(f'{CANVAS} [data-cell="tp:tp30:thinking"]')
        page.locator(f"{CANVAS} .cjm-editor").wait_for()
        page.keyboard.type("Where is the form?", delay=2)
        page.keyboard.press("Enter")
    ms["type in a cell"] = timed(page, "type:thinking", type_thinking)
    saved_when(page, map_file, lambda d: touchpoint(d, "tp30")["thinking"] == "Where is the form?", "the typed text")

    handle = page.locator(f'{CANVAS} [data-feeling-handle][data-touchpoint-id="tp20"]')
    before = int(handle.get_attribute("aria-valuenow"))
    key, after = ("ArrowDown", before - 1) if before == 2 else ("ArrowUp", before + 1)
    handle.focus()
    ms["arrow on a curve point"] = timed(page, "feeling", lambda: page.keyboard.press(key))
    assert handle.get_attribute("aria-valuenow") == str(after)
    saved_when(page, map_file, lambda d: touchpoint(d, "tp20")["feeling"] == after, "the feeling")

    page.evaluate("() => { document.querySelector('.cjm-canvas .cjm-scroll').scrollLeft = 0; }")
    count_insertions(page)
    ms["drag a card"] = timed(page, "move", lambda: page.drag_and_drop(
        f'{CANVAS} .cjm-card[data-touchpoint-id="tp2"]', f'{CANVAS} .cjm-stage[data-stage-index="1"]',
        target_position={"x": 60, "y": 12}))
    assert_few_insertions(page, "dragging a card to the next stage")
    saved_when(page, map_file, lambda d: d["stages"][1]["touchpoints"][-1]["id"] == "tp2", "the dragged card")

    def undo():
        page.locator(f'{CANVAS} .cjm-card[data-touchpoint-id="tp1"]').focus()
        page.keyboard.press("Control+z")
    count_insertions(page)
    ms["undo"] = timed(page, "undo", undo)
    assert_few_insertions(page, "undoing the drag")
    assert page.get_attribute(CANVAS, "data-foreseen") == "true", "Undo after canvas edits shows without waiting for Python"
    saved_when(page, map_file, lambda d: d["stages"][0]["touchpoints"][1]["id"] == "tp2", "the drag undone")
    assert page.locator(f"{CANVAS} .cjm-card").nth(1).get_attribute("data-touchpoint-id") == "tp2", "drawn back"
    assert still_tagged(page, f'{CANVAS} .cjm-card[data-touchpoint-id="tp30"]'), "an untouched card was built again"

    ms["rebuild"] = statistics.median(rebuild_ms(page) for _ in range(5))
    return ms


def report(ms: dict[str, float], where: str) -> str:
    figures = ", ".join(f"{name} {value:.1f}" for name, value in ms.items() if name != "rebuild")
    return (f"canvas edit-to-paint ms ({where}, 15 stages, 60 touchpoints): {figures}; "
            f"baseline, the whole canvas built again: {ms['rebuild']:.1f}")
