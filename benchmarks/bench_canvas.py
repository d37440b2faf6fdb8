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
from canvas_timing import in_notebook7, in_voila, measure_edits  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PLACES = {"voila": ("Voila workshop app", in_voila), "notebook7": ("Notebook 7", in_notebook7)}


def main(places: list[str]) -> None:
    for place in places:
        label, opened = PLACES[place]
        with tempfile.TemporaryDirectory(prefix="cjm-bench-canvas-") as folder, \
                opened(Path(folder), CHROMIUM) as (page, map_file):
            ms = measure_edits(page, map_file)
        baseline = ms.pop("rebuild") / 1000
        for edit, value in ms.items():
            seconds = value / 1000
            emit(f"canvas ({label}, 15 stages, 60 touchpoints): {edit} to painted", seconds, "s", baseline,
                 "< 0.05 s", seconds < 0.05)


if __name__ == "__main__":
    main(sys.argv[1:] or list(PLACES))
