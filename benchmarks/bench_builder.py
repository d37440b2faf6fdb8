"""Builder speed: from a widget change to the preview updated, on a 10-stage map.

- preview (shown: "Show drawing" pressed): set the feeling slider of a touchpoint (observer, validated
  model update, redraw with cjm_helpers.draw, picture into the Image widget), median of 7, against a
  bare matplotlib redraw of the same figure in the same run (draw_map + PNG at the
  same dpi, what a notebook cell shows); target: under 0.3 s. Reported for the default
  SVG preview (text left to the browser) and for a PNG preview. The builder waits `preview_delay` (0.25 s by default)
  after the last change before drawing, so that typing does not queue redraws; that
  delay is printed as its own line and is not part of the figure.
- autosave: the same change saved to the file (validate, atomic write, .bak), against
  json.dumps of the map; target under 50 ms.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import matplotlib  # noqa: E402

matplotlib.use("agg")

from _bench import emit, median_of  # noqa: E402
from cjm_helpers import examples, save_map  # noqa: E402
from cjm_helpers.builder import MapBuilder  # noqa: E402
from cjm_helpers.builder.preview import DPI, figure_for, png_of  # noqa: E402
from cjm_helpers.storage import map_from_dict  # noqa: E402


def ten_stage_map():
    """The language-course example grown to 10 stages of 3 touchpoints, unique ids."""
    base = examples.load("language_course_current").to_dict()
    pool = [tp for s in base["stages"] for tp in s["touchpoints"]]
    stages, k = [], 0
    for n in range(10):
        tps = []
        for _ in range(3):
            tp = json.loads(json.dumps(pool[k % len(pool)]))
            k += 1
            tp["id"] = f"tp{k}"
            for m, pp in enumerate(tp["pain_points"]):
                pp["id"] = f"pp{k}_{m}"
            tps.append(tp)
        stages.append({"name": f"Stage {n + 1}", "goal": "A goal for this stage", "touchpoints": tps})
    return map_from_dict(dict(base, stages=stages))


def main() -> None:
    journey = ten_stage_map()
    values = iter([-2, -1, 0, 1, 2] * 100)
    with tempfile.TemporaryDirectory() as folder:
        builders = {}
        for fmt in ("png", "svg"):                   # one file each: a second builder of a file retires the first
            path = save_map(journey, Path(folder) / f"bench_{fmt}.json")
            builders[fmt] = MapBuilder(path, autosave_delay=3600, preview_delay=3600, preview_format=fmt)

        def bare_redraw():
            png_of(figure_for(journey))

        bare_redraw()                                # warm up fonts and caches
        baseline = median_of(bare_redraw, repeat=7)
        for fmt in ("svg", "png"):
            builder = builders[fmt]
            builder.preview.toggle.value = True     # the drawing is on demand: "Show drawing" pressed
            builder.stages.picker.value = 4
            slider = builder.touchpoints.feeling
            pictures = []

            def change_and_preview():
                slider.value = next(values)
                builder.preview.flush()
                pictures.append(builder.preview.image.value)

            change_and_preview()
            value = median_of(change_and_preview, repeat=7)
            assert builder.preview.problem is None, builder.preview.problem
            assert len(set(pictures)) > 1 and pictures[-1][:4] in (b"<?xm", b"\x89PNG"), "the preview was not redrawn"
            emit(f"builder: widget change to {fmt.upper()} preview updated (10 stages, 30 touchpoints)", value,
                 "s", baseline, "< 0.3 s", value < 0.3)
        emit("builder: preview debounce after the last change (configured default, not included above)",
             0.25, "s", None, "informational", True)

        builder = builders["svg"]
        builder.flush()

        def change_and_save():
            builder.touchpoints.feeling.value = next(values)
            builder._autosave.flush()

        dumps = median_of(lambda: json.dumps(builder.map.to_dict()), repeat=7)
        saving = median_of(change_and_save, repeat=7)
        emit("builder: widget change to autosaved file (10 stages)", saving, "s", dumps, "< 0.05 s", saving < 0.05)
        print(json.dumps({"name": "builder: preview dpi", "value": DPI}), flush=True)


if __name__ == "__main__":
    main()
