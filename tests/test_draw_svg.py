"""The notebook's SVG of a drawing: written from its scene without matplotlib, text kept as text, learner text inert."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cjm_helpers import examples
from cjm_helpers.draw import draw_blueprint, draw_comparison, draw_day, draw_for, draw_map, save_figure

ROOT = Path(__file__).resolve().parent.parent
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg.encode("utf-8"))
    return [" ".join(t.itertext()).replace("\xa0", " ") for t in root.iter(f"{SVG_NS}text")]     # a block's lines, spaced


def words(svg: str) -> str:
    """All the text of the SVG without whitespace (lines are wrapped at spaces and hyphens)."""
    return "".join("".join(svg_texts(svg)).split())


def squash(text: str) -> str:
    return "".join(text.split())


def test_showing_a_drawing_in_a_fresh_kernel_never_imports_matplotlib():
    script = """
import sys, json
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
published = []
shell.display_pub.publish = lambda data, metadata=None, **kw: published.append(data)
shell.run_cell("from cjm_helpers import draw_map, draw_comparison, draw_blueprint, draw_day, draw, examples")
shell.run_cell("draw_map(examples.load('language_course_current'))")
shell.run_cell("draw(examples.load('hotel_blueprint'))")
shell.run_cell("from IPython.display import display; display(draw_day(examples.load('language_learner_day')))")
shell.run_cell("draw_comparison(examples.load('language_course_current'), examples.load('language_course_future'))._repr_svg_()")
shell.run_cell("from cjm_helpers import tryit; t = tryit.feelings('smartphone_purchase', 'use-support')")
shell.run_cell("from cjm_helpers.builder.preview import picture_of, figure_for; picture = picture_of(figure_for(examples.load('smartphone_purchase')))")
kinds = [sorted(d) for d in published]
print(json.dumps({"matplotlib": [m for m in sys.modules if m.startswith("matplotlib")][:3], "kinds": kinds,
                  "tryit": sorted(shell.user_ns["t"].output.outputs[0]["data"]),
                  "preview": shell.user_ns["picture"][:5].decode()}))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["matplotlib"] == [], "showing a drawing imported matplotlib"
    assert found["kinds"] == [["image/svg+xml", "text/plain"]] * 3, found["kinds"]
    assert found["tryit"] == ["image/svg+xml", "text/plain"] and found["preview"] == "<?xml"


@pytest.mark.parametrize("name", ["language_course_current", "hotel_blueprint", "language_learner_day",
                                  "language_course_future", "library_membership"])
def test_every_stage_touchpoint_lane_and_title_is_text(name):
    journey = examples.load(name)
    drawing = draw_for(journey, source=examples.path(name))
    svg = drawing.svg()
    shown = words(svg)
    assert squash(journey.title) in shown
    for stage in journey.stages:
        assert squash(stage.name) in shown, stage.name
        for tp in stage.touchpoints:
            assert squash(tp.name) in shown, tp.name
    lanes = {"service_blueprint": ["Physical evidence", "Customer actions", "Support processes"],
             "day_in_the_life": ["What happens", "Doing", "Feeling"],
             "future_state": ["Touchpoint", "Feeling: current vs future", "Improvements"]}
    for label in lanes.get(journey.map_type.value, ["Touchpoint", "Doing", "Thinking", "Feeling", "Pain points"]):
        assert squash(label) in shown, label
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert root.get("width") == "1280px"
    assert root.find(f"{SVG_NS}title").text == drawing.description.splitlines()[0][:200]


HOSTILE = ('<script>alert(1)</script> " onload="alert(2) ]]> & \x01\x08 \u65e5\u672c\u8a9e\u306e\u5730\u56f3 '
           '\U0001F600 <svg:foreignObject/>')


def hostile_map() -> dict:
    tp = {"id": "t1", "name": HOSTILE, "channel": "kiosk", "doing": HOSTILE, "thinking": HOSTILE, "feeling": -1,
          "moment_of_truth": True, "pain_points": [{"id": "p1", "text": HOSTILE, "severity": 3}],
          "opportunities": [HOSTILE], "evidence": [HOSTILE], "frontstage": [HOSTILE], "backstage": [HOSTILE],
          "support": [HOSTILE]}
    return {"title": HOSTILE, "scenario": HOSTILE, "persona": {"name": HOSTILE}, "channels": [{"id": "kiosk", "label": HOSTILE[:60]}],
            "stages": [{"name": HOSTILE, "goal": HOSTILE, "time": "08:00", "touchpoints": [tp]}]}


@pytest.mark.parametrize("kind", ["map", "blueprint", "day", "comparison"])
def test_learner_text_stays_text_in_every_field(kind, tmp_path):
    data = hostile_map()
    drawing = {"map": lambda: draw_map(data), "blueprint": lambda: draw_blueprint(data),
               "day": lambda: draw_day(data),
               "comparison": lambda: draw_comparison(data, dict(data, map_type="future_state",
                                                               improvements=[{"touchpoint": "t1", "pain_point": "p1",
                                                                              "change": HOSTILE, "expected_feeling": 1}]))}[kind]()
    for svg in (drawing.svg(), save_figure(drawing, tmp_path / "m.svg").read_text("utf-8")):
        root = ElementTree.fromstring(svg.encode("utf-8"))       # parses: nothing broke out of the markup
        tags = {element.tag.replace(SVG_NS, "") for element in root.iter()}
        assert tags <= {"svg", "title", "desc", "rect", "path", "circle", "ellipse", "g", "text", "tspan", "clipPath"}, tags
        for element in root.iter():
            assert not any(name.lower().startswith("on") for name in element.attrib), element.attrib
        shown = " ".join(svg_texts(svg))
        assert "<script>alert(1)</script>" in shown and '" onload="alert(2)' in shown and "]]> &" in shown
        assert "\x01" not in svg and "\x08" not in svg
        assert "\u65e5\u672c\u8a9e\u306e\u5730\u56f3" in shown and "\U0001F600" in shown
        assert "<script>alert(1)" in root.find(f"{SVG_NS}desc").text and root.find(f"{SVG_NS}title").text


def test_the_notebook_svg_fits_the_output_width_and_the_figure_is_built_once():
    drawing = draw_map(examples.load("language_course_current"))
    shown = ElementTree.fromstring(drawing.mime_bundle()["image/svg+xml"].encode("utf-8"))
    assert shown.get("width") == "100%" and shown.get("viewBox").startswith("0 0 1280 ")   # JupyterLab's <img> has no max-width
    assert drawing._figure is None, "no matplotlib Figure until one is asked for"
    first = drawing.figure
    assert drawing.figure is first and drawing.get_size_inches()[0] == pytest.approx(12.8)
    assert drawing.svg() is drawing.svg()     # written once


def _mean_difference(a, b) -> float:
    import numpy as np

    height = min(a.shape[0], b.shape[0])
    return float(np.abs(a[:height, :, :3].astype(int) - b[:height, :, :3].astype(int)).mean())


@pytest.mark.slow
def test_the_browser_draws_the_svg_like_the_png(chromium, tmp_path):
    """Chromium's picture of the notebook SVG at 1280 px against matplotlib's PNG: same size, same places."""
    import io

    import numpy as np
    from PIL import Image

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from browser import chromium_page

    drawing = draw_map(examples.load("language_course_current"))
    svg = drawing.svg()
    with chromium_page(chromium) as page:
        page.set_content('<html><body style="margin:0">' + svg.split("?>", 1)[1] + "</body></html>")
        shot = page.locator("svg").screenshot(timeout=60_000)
    browser = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"))
    png = np.asarray(Image.open(io.BytesIO(drawing._repr_png_())).convert("RGB"))
    (tmp_path / "svg.png").write_bytes(shot)
    assert browser.shape[1] == png.shape[1] == 1280 and abs(browser.shape[0] - png.shape[0]) <= 2
    # the same boxes, curve and faces in the same places: the pictures differ only where glyphs are
    # antialiased differently (a shifted picture, a missing header or curve differs several times more)
    same = _mean_difference(browser, png)
    shifted = _mean_difference(browser[6:], png)
    assert same < 10 and same * 2 < shifted, (same, shifted)


@pytest.mark.slow
def test_the_browser_keeps_the_spaces_matplotlib_draws(chromium):
    """Runs of spaces ("critical  (!! serious") and a label's leading space are as wide in Chromium
    as matplotlib draws them (browsers collapse plain spaces whatever xml:space says)."""
    from cjm_helpers.draw.scene import Scene
    from cjm_helpers.draw.svg import scene_svg

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from browser import chromium_page

    scene = Scene(4, 1)
    for k, text in enumerate(["a b", "a      b", "      ab"]):
        scene.text(0.1, 0.2 + 0.25 * k, text, fontsize=20, gid=f"t{k}")
    with chromium_page(chromium) as page:
        page.set_content("<html><body>" + scene_svg(scene).split("?>", 1)[1] + "</body></html>")
        one, six, leading = (page.evaluate(f"document.getElementById('t{k}').getComputedTextLength()")
                             for k in range(3))
    assert six > one * 1.5 and leading > one * 1.5, (one, six, leading)


def test_show_as_png_shows_a_png_with_its_alt_text():
    from IPython.core.interactiveshell import InteractiveShell

    from cjm_helpers.draw import notebook, show_as

    before = notebook._format[0]
    shell = InteractiveShell.instance()
    published = []
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, metadata))
    drawing = draw_map(examples.load("smartphone_purchase"))
    try:
        show_as("png")
        drawing._ipython_display_()
    finally:
        notebook._format[0] = before        # as it was (an explicit choice outranks CJM_FIGURE_FORMAT)
        shell.display_pub.publish = original
    (data, metadata), = published
    assert data["image/png"] and metadata["image/png"]["alt"] == drawing.description[:2000] == data["text/plain"]
    assert drawing.shown
