"""A lesson's Try-it widget in JupyterLab, driven by Chromium: the map is drawn inside the
widget, and moving the feeling slider or typing a thought redraws it."""

from __future__ import annotations

import nbformat
import pytest

from browser import chromium_page, jupyter_lab, open_notebook, run_all, screenshot

pytestmark = pytest.mark.browser

NOTEBOOK = "tryit.ipynb"
PICTURE = ".widget-output img"


def write_notebook(folder) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("## Try it"),
                nbformat.v4.new_code_cell('from cjm_helpers import tryit\n'
                                          'tryit.feelings("smartphone_purchase", "use-support")')]
    nbformat.write(nb, folder / NOTEBOOK)


def picture(page) -> str:
    return page.locator(PICTURE).first.get_attribute("src") or ""


def wait_for_new_picture(page, old: str) -> str:
    page.wait_for_function(
        "([selector, old]) => { const img = document.querySelector(selector); return img && img.src !== old; }",
        arg=[PICTURE, old], timeout=30_000)
    return picture(page)


def test_try_it_redraws_the_map_in_jupyterlab(chromium, tmp_path):
    write_notebook(tmp_path)
    with jupyter_lab(tmp_path) as server, chromium_page(chromium) as page:
        open_notebook(page, server, NOTEBOOK)
        run_all(page)
        page.wait_for_selector(".widget-slider", timeout=30_000)
        page.wait_for_selector(PICTURE, timeout=30_000)
        assert page.locator(PICTURE).count() == 1, "one drawing, inside the widget"
        first = picture(page)
        assert first.startswith("data:image/svg+xml"), "a drawing shows as SVG, text kept as text"
        shown, room = page.locator(PICTURE).bounding_box(), page.locator(".widget-output").bounding_box()
        assert 0.9 * room["width"] < shown["width"] <= room["width"] + 1, "the drawing fits the notebook's width"

        box = page.locator(".widget-text input").first
        box.fill("One person owns my complaint")
        second = wait_for_new_picture(page, first)

        page.locator(".widget-slider .noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")             # one step, one change: -2 becomes -1
        page.wait_for_function(
            "() => document.querySelector('.widget-slider .widget-readout').textContent.trim() === '\u22121'",
            timeout=15_000)
        wait_for_new_picture(page, second)
        assert page.locator(PICTURE).count() == 1, "the picture is replaced, not added to"
        screenshot(page, "tryit-lab.png")
