"""The builder in a real JupyterLab, driven by Chromium: click, type, slide, check, reload, re-run, restart.

Needs Debian's Chromium (fixture `chromium`: skipped when missing, mandatory in CI).
The screenshot is kept as build/test-artifacts/builder-lab.png.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from browser import chromium_page, jupyter_lab, open_notebook, restart_and_run_all, run_all, screenshot

pytestmark = pytest.mark.browser

NOTEBOOK = "builder.ipynb"
CODE = 'from cjm_helpers import MapBuilder\n\nMapBuilder("my_map.json", map_type="current_state", preset="five_stages")'


def write_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Builder"), nbformat.v4.new_code_cell(CODE)]
    nbformat.write(nb, folder / NOTEBOOK)


def field(page, kind: str, label: str):
    """The input of an ipywidgets control by its description label."""
    return page.locator(f'.cjm-builder .widget-{kind}:has(> label:text-is("{label}"))').first


def type_into(page, kind: str, label: str, text: str) -> None:
    box = field(page, kind, label).locator("input, textarea").first
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=10)


def saved(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def wait_saved(page, path: Path, test) -> dict:
    for _ in range(100):
        if path.exists():
            data = saved(path)
            if test(data):
                return data
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} never had the expected content: {path.read_text('utf-8') if path.exists() else 'absent'}")


def test_build_a_map_by_clicking_then_reload_and_find_it_again(chromium, tmp_path):
    write_notebook(tmp_path)
    map_file = tmp_path / "my_map.json"
    with jupyter_lab(tmp_path) as server, chromium_page(chromium) as page:
        open_notebook(page, server, NOTEBOOK)
        run_all(page)
        page.wait_for_selector(".cjm-builder", timeout=30_000)
        assert not map_file.exists(), "opening the builder writes nothing"

        page.click('.cjm-builder .lm-TabBar-tab:has-text("Stages & touchpoints")')
        page.click('.cjm-builder button:has-text("Add stage")')
        type_into(page, "text", "Stage name", "Trial lesson")
        wait_saved(page, map_file, lambda d: "Trial lesson" in [s["name"] for s in d["stages"]])

        page.click('.cjm-builder button:has-text("Add touchpoint")')
        type_into(page, "text", "Touchpoint", "Books a free trial online")
        slider = field(page, "hslider", "Feeling")
        track = slider.locator(".noUi-target, .slider").first.bounding_box()
        handle = slider.locator(".noUi-handle").first
        handle.hover()
        page.mouse.down()
        # stops: not rated, -2, -1, 0, +1, +2; drag the handle to the second stop, -2
        page.mouse.move(track["x"] + track["width"] / 5, track["y"] + track["height"] / 2, steps=8)
        page.mouse.up()
        data = wait_saved(page, map_file, lambda d: any(
            tp["name"] == "Books a free trial online" and tp.get("feeling") == -2
            for s in d["stages"] for tp in s["touchpoints"]))
        stage = next(s for s in data["stages"] if s["name"] == "Trial lesson")
        assert [tp["id"] for tp in stage["touchpoints"]] == ["tp1"]
        assert "😠 -2" in slider.inner_text()

        page.click('.cjm-builder button:has-text("Check")')
        report = page.wait_for_selector(".cjm-builder .cjm-report", timeout=30_000)
        assert "Needs work" in report.inner_text() and "Hint:" in report.inner_text()
        assert not page.locator(".cjm-builder img.widget-image").is_visible(), "no drawing until asked for"
        page.click('.cjm-builder button:has-text("Show drawing")')
        page.wait_for_selector(".cjm-builder img.widget-image", state="visible", timeout=30_000)
        shot = screenshot(page, "builder-lab.png")
        assert shot.stat().st_size > 20_000
        page.click('.cjm-builder button:has-text("Wide preview")')
        page.wait_for_timeout(300)
        picture = page.locator(".cjm-builder img.widget-image").bounding_box()
        assert picture["width"] > 700, "the wide preview uses the notebook's width"
        screenshot(page, "builder-lab-wide.png")

        # the learner reloads the page and runs the notebook again: the map comes back from the file
        page.reload()
        page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
        run_all(page)
        page.wait_for_selector(".cjm-builder", timeout=30_000)
        assert "Restored your map" in page.inner_text(".cjm-builder")
        page.click('.cjm-builder .lm-TabBar-tab:has-text("Stages & touchpoints")')
        picker = field(page, "dropdown", "Stage").locator("select")
        picker.select_option(label="2. Trial lesson (1)")
        name = field(page, "text", "Touchpoint").locator("input")
        page.wait_for_function("el => el.value === 'Books a free trial online'", arg=name.element_handle())
        assert "😠 -2" in field(page, "hslider", "Feeling").inner_text()
        screenshot(page, "builder-lab-after-reload.png")

        # ... and after a kernel restart the map comes back again, and nothing was rewritten
        before = map_file.read_bytes()
        page.evaluate("() => document.querySelectorAll('.cjm-builder').forEach(e => e.dataset.stale = '1')")
        restart_and_run_all(page)
        fresh = page.wait_for_selector(".cjm-builder:not([data-stale])", timeout=30_000)
        page.wait_for_function("el => el.innerText.includes('Restored your map')", arg=fresh, timeout=30_000)
        assert map_file.read_bytes() == before, "restarting the kernel must not rewrite the map"
    assert saved(map_file)["stages"][1]["touchpoints"][0]["feeling"] == -2
