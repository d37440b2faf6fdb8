"""The journey canvas in a real browser: edit-to-paint on a 15-stage, 60-touchpoint map, in Voila and Notebook 7.

Starts the workshop app (Voila) and Notebook 7 on free loopback ports, opens the map in
Debian's Chromium and makes six edits as a learner does (tests/canvas_timing.py): add a
touchpoint, add a stage, type in a cell, an arrow key on a curve point, drag a card, Undo.
Each is timed in the page from the handler to the next painted frame (Undo: from the key to
the frame after Python's answer). Target: every edit < 50 ms.
Baseline, same run and page: the whole canvas built from scratch, as every edit drew before
drawing became incremental. One JSON line per edit and place.

    .venv/bin/python benchmarks/bench_canvas.py [voila] [notebook7]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from _bench import emit  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
NOTEBOOK = ('{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": '
            '"from cjm_helpers import MapBuilder\\nMapBuilder(\\"my_map.json\\", map_type=\\"current_state\\")"}], '
            '"metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}, '
            '"nbformat": 4, "nbformat_minor": 5}')


def in_voila(folder: Path) -> dict[str, float]:
    from browser import chromium_page, voila_workshop
    from canvas_timing import big_map, measure_edits

    map_file = folder / "workshop.json"
    big_map(map_file)
    with voila_workshop(map_file) as server, chromium_page(CHROMIUM, width=1366) as page:
        page.goto(server.page_url("/"), timeout=90_000)
        return measure_edits(page, map_file)


def in_notebook7(folder: Path) -> dict[str, float]:
    from browser import chromium_page, jupyter_lab, run_all
    from canvas_timing import big_map, measure_edits

    map_file = folder / "my_map.json"
    big_map(map_file)
    (folder / "canvas.ipynb").write_text(NOTEBOOK, encoding="utf-8")
    with jupyter_lab(folder) as server, chromium_page(CHROMIUM, width=1366) as page:
        page.goto(server.page_url("/notebooks/canvas.ipynb"))
        run_all(page, expect=".cjm-canvas")
        return measure_edits(page, map_file)


PLACES = {"voila": ("Voila workshop app", in_voila), "notebook7": ("Notebook 7", in_notebook7)}


def main(places: list[str]) -> None:
    for place in places:
        label, run = PLACES[place]
        with tempfile.TemporaryDirectory(prefix="cjm-bench-canvas-") as folder:
            ms = run(Path(folder))
        baseline = ms.pop("rebuild") / 1000
        for edit, value in ms.items():
            seconds = value / 1000
            emit(f"canvas ({label}, 15 stages, 60 touchpoints): {edit} to painted", seconds, "s", baseline,
                 "< 0.05 s", seconds < 0.05)


if __name__ == "__main__":
    main(sys.argv[1:] or list(PLACES))
