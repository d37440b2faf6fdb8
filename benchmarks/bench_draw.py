"""Render and save time of a 12-stage, 60-touchpoint journey map, against an empty figure.

The map repeats the language-course example's touchpoints (real text lengths)
over 12 stages of 5 touchpoints. Baselines measured in the same run:
saving an empty notebook-width figure (12.8 x 8 in, the issue's baseline) and
saving an empty figure of the map's own size (the cost of the pixels alone).
Targets from issue 4: under 0.5 s (and under 4x the empty 12.8 x 8 in figure,
which a map 5.7 times its pixels cannot meet; see main); from issue 14:
build + save within 4x of the empty figure of the same size with cold caches,
and the notebook's SVG (text kept as text) faster than its PNG.

On a loaded machine wall-clock figures swing widely, so the build + save
ratio is also printed in process CPU time (best of the runs: the cost of the
work, not of waiting for a core), and the PNG encoding of the drawn pixels is
printed against the empty figure's (the floor that fewer artists cannot cut).

    .venv/bin/python benchmarks/bench_draw.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import emit, median_of  # noqa: E402


def big_map(stages: int = 12, per_stage: int = 5):
    from cjm_helpers import examples
    from cjm_helpers.model import JourneyMap

    source = examples.load("language_course_current")
    pool = [tp for _, tp in source.touchpoints()]
    data = source.to_dict()
    data["stages"] = []
    n = 0
    for s in range(stages):
        tps = []
        for _ in range(per_stage):
            tp = pool[n % len(pool)].model_dump(mode="json")
            tp["id"] = f"tp{n}"
            for k, pp in enumerate(tp["pain_points"]):
                pp["id"] = f"pp{n}-{k}"
            tps.append(tp)
            n += 1
        data["stages"].append({"name": f"Stage {s + 1}", "goal": source.stages[s % len(source.stages)].goal,
                               "touchpoints": tps})
    return JourneyMap.model_validate(data)


FRESH = """
import sys, time
start = time.perf_counter()
from IPython.display import display
import cjm_helpers
drawn = loaded = time.perf_counter()
if {show}:
    from cjm_helpers import examples
    journey = examples.load("language_course_current")
    loaded = time.perf_counter()
    from cjm_helpers import draw_map
    display(draw_map(journey))
    drawn = time.perf_counter()
print(drawn - start, drawn - loaded, any(m.startswith("matplotlib") for m in sys.modules))
"""


def fresh_process_figures(repeat: int = 5) -> dict[str, float | bool]:
    """Median seconds in new interpreters, taken in turns: import IPython.display and cjm_helpers ("import");
    that, loading an example map and showing its drawing as a notebook does ("show": display(), SVG), and the
    drawing's own part of it, from the map loaded to the drawing shown ("drawing"); whether matplotlib was
    imported. (The drawing's part is timed inside the process: on a loaded machine the difference of two
    processes' times swings by more than the drawing costs.)"""
    import statistics
    import subprocess

    root = Path(__file__).resolve().parent.parent
    runs = {"import": [], "show": [], "drawing": []}
    loaded = False
    for _ in range(repeat):
        for show in (False, True):
            out = subprocess.run([sys.executable, "-c", FRESH.format(show=show)], cwd=root, capture_output=True,
                                 text=True, check=True).stdout.split()
            runs["show" if show else "import"].append(float(out[-3]))
            if show:
                runs["drawing"].append(float(out[-2]))
                loaded = loaded or out[-1] == "True"
    return {kind: statistics.median(times) for kind, times in runs.items()} | {"matplotlib": loaded}


def main() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from cjm_helpers.draw import canvas, draw_blueprint, draw_map, layout
    from cjm_helpers.draw.canvas import PNG_OPTIONS, chain_for, face_for

    journey = big_map()

    def save(fig):
        """What save_figure and the notebook's PNG do (the empty baselines are saved the same way)."""
        fig.savefig(io.BytesIO(), format="png", dpi=100, facecolor="white", pil_kwargs=dict(PNG_OPTIONS))

    def empty(size):
        fig = Figure(figsize=size, dpi=100)
        FigureCanvasAgg(fig)
        save(fig)

    def cold(func):
        """func with the glyph and line caches emptied first: the first drawing of a session."""
        def run():
            face_for.cache_clear()
            chain_for.cache_clear()
            layout._wrapped.cache_clear()
            canvas._heights.clear()
            func()
        return run

    def cpu_best(func, repeat: int) -> float:
        """Least process CPU time of repeat calls."""
        times = []
        for _ in range(repeat):
            start = time.process_time()
            func()
            times.append(time.process_time() - start)
        return min(times)

    def encode_only(fig, ours: bool) -> float:
        """CPU time of the PNG encoding alone of fig's pixels, drawn first: by draw/png.py as
        save_figure does (ours), or by Pillow as matplotlib's savefig does for the empty figure."""
        from PIL import Image

        from cjm_helpers.draw import png

        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba())
        if ours:
            return cpu_best(lambda: png.png_bytes(pixels[..., :3], dpi=100, text={},
                                                  level=PNG_OPTIONS["compress_level"]), 5)
        image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), pixels, "raw", "RGBA", 0, 1)
        return cpu_best(lambda: image.save(io.BytesIO(), format="png", **PNG_OPTIONS), 5)

    size = draw_map(journey).get_size_inches()
    base = median_of(lambda: empty((12.8, 8)), repeat=7)
    same = median_of(lambda: empty(tuple(size)), repeat=5)
    draw_only = median_of(cold(lambda: draw_map(journey).figure), repeat=5)   # scene + its matplotlib Figure
    full = median_of(cold(lambda: save(draw_map(journey))), repeat=5)
    warm = median_of(lambda: save(draw_map(journey)), repeat=5)
    blueprint = median_of(cold(lambda: save(draw_blueprint(journey))), repeat=3)
    svg = median_of(lambda: draw_map(journey).mime_bundle(), repeat=5)      # what a notebook shows (svg.py)
    png = median_of(lambda: draw_map(journey)._repr_png_(), repeat=5)
    emit("draw_map 12x5: build figure", draw_only, "s", base, "< 0.5 s", draw_only < 0.5)
    # Issue 4 also asked for < 4x the empty 12.8 x 8 in figure: the map is 45.6 in tall, 5.7 times its
    # pixels, so that ratio could not be met by any drawing; issue 14 replaced it with the same-size
    # comparison below. The 12.8 x 8 figure stays as this line's baseline, for scale.
    emit("draw_map 12x5: build + save PNG", full, "s", base, "< 0.5 s", full < 0.5)
    emit("draw_map 12x5: build + save PNG vs empty figure of the same size", full, "s", same,
         f"< 4x empty {size[0]:.1f}x{size[1]:.1f} in figure", full < 4 * same)
    emit("draw_map 12x5: build + save PNG again (glyphs and lines cached, as in the builder's preview)",
         warm, "s", same, f"< 4x empty {size[0]:.1f}x{size[1]:.1f} in figure", warm < 4 * same)
    emit("draw_blueprint 12x5: build + save PNG", blueprint, "s", same,
         f"< 4x empty {size[0]:.1f}x{size[1]:.1f} in figure", blueprint < 4 * same)
    emit("draw_map 12x5 shown in a notebook: build + SVG with text as text (scene, no matplotlib) vs build + PNG",
         svg, "s", png, "SVG faster than PNG", svg < png)
    fresh = fresh_process_figures()
    emit("a fresh process showing draw_map of an example as SVG vs a bare import cjm_helpers", fresh["show"], "s",
         fresh["import"], "matplotlib never imported", not fresh["matplotlib"])
    emit("a fresh process: the first drawing shown (import the drawings, draw_map, SVG, display) after the "
         "map is loaded", fresh["drawing"], "s", fresh["show"],
         "< 0.25 s (matplotlib's import alone was 0.57 s) and no matplotlib",
         fresh["drawing"] < 0.25 and not fresh["matplotlib"])
    cpu_full = cpu_best(cold(lambda: save(draw_map(journey))), 7)
    cpu_same = cpu_best(lambda: empty(tuple(size)), 7)
    emit("draw_map 12x5: build + save PNG vs empty figure of the same size, process CPU time", cpu_full, "s",
         cpu_same, f"< 4x empty {size[0]:.1f}x{size[1]:.1f} in figure", cpu_full < 4 * cpu_same)
    blank = Figure(figsize=tuple(size), dpi=100)
    FigureCanvasAgg(blank)
    encode_map, encode_blank = encode_only(draw_map(journey), True), encode_only(blank, False)
    emit("draw_map 12x5: PNG encoding alone of the map's pixels (draw/png.py) vs the empty figure's (Pillow), "
         "CPU time", encode_map, "s", encode_blank, "informational: the floor under the 4x target", True)


if __name__ == "__main__":
    main()
