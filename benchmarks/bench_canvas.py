"""The journey canvas in Chromium (no Jupyter): how fast an edit shows on a 15-stage, 60-touchpoint map.

Loads cjm_helpers/builder/canvas/canvas.js into a blank page with a stand-in for the
widget model, then times in the page (performance.now to the next painted frame):
- a feeling changed with the arrow key (only the point and the curve move); target < 50 ms;
- a whole redraw (the map replaced, as after Undo or adding a touchpoint); target < 50 ms.
Baseline, same run: the matplotlib SVG preview of the same map, which the canvas replaces
as the picture a learner edits. Needs Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _bench import emit, median_of  # noqa: E402

from cjm_helpers.builder.canvas import HERE  # noqa: E402
from cjm_helpers.builder.canvas.words import canvas_words  # noqa: E402
from cjm_helpers.builder.preview import figure_for, picture_of  # noqa: E402
from cjm_helpers.model import JourneyMap, MapType  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGE = """<!doctype html><html><head><style>%s</style></head><body><div id="host"></div>
<script type="module">
const source = %s;
const module = await import(URL.createObjectURL(new Blob([source], {type: "text/javascript"})));
const state = %s;
const handlers = {};
const model = {
  get: (k) => state[k],
  set: (k, v) => { state[k] = v; (handlers["change:" + k] || []).forEach((f) => f()); },
  on: (e, f) => { (handlers[e] = handlers[e] || []).push(f); },
  send: () => {},
};
window.cjmModel = model;
module.default.render({model, el: document.getElementById("host")});
window.cjmReady = true;
</script></body></html>"""


def long_map() -> JourneyMap:
    n, stages = 0, []
    for s in range(15):
        tps = []
        for _ in range(4):
            n += 1
            tps.append({"id": f"tp{n}", "name": f"Step {n} of the journey", "channel": "web", "owner": "brand",
                        "doing": "Looks for the form", "thinking": "Where is it?", "feeling": (n % 5) - 2,
                        "pain_points": [{"id": f"pp{n}", "text": "Slow page", "severity": 2}] if n % 3 == 0 else []})
        stages.append({"name": f"Stage {s + 1}", "touchpoints": tps})
    return JourneyMap.model_validate({"title": "A long journey", "map_type": "current_state", "stages": stages})


KEY = """async (id) => {
  const h = document.querySelector(`[data-feeling-handle][data-touchpoint-id="${id}"]`);
  h.focus();
  const key = h.getAttribute("aria-valuenow") === "2" ? "ArrowDown" : "ArrowUp";
  const start = performance.now();
  h.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true}));
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - start;
}"""
REDRAW = """async (n) => {
  const journey = structuredClone(window.cjmModel.get("journey"));
  journey.title = "redraw " + n;
  journey.stages[0].touchpoints[0].name = "Step renamed " + n;
  const start = performance.now();
  window.cjmModel.set("journey", journey);
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - start;
}"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    journey = long_map()
    picture_of(figure_for(journey))  # warm up fonts
    baseline = median_of(lambda: picture_of(figure_for(journey)), repeat=5)
    state = {"journey": journey.to_dict(), "words": canvas_words(MapType.current_state), "faults": {},
             "baseline": {}, "current_pains": [], "can_undo": False, "can_redo": False, "notice": "", "seq": 0}
    html = PAGE % ((HERE / "canvas.css").read_text("utf-8"), json.dumps((HERE / "canvas.js").read_text("utf-8")),
                   json.dumps(state))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_content(html)
        page.wait_for_function("() => window.cjmReady === true")
        assert page.locator(".cjm-card").count() == 60
        keys = [page.evaluate(KEY, f"tp{n}") for n in list(range(1, 61, 3)) * 2]
        redraws = [page.evaluate(REDRAW, n) for n in range(15)]
        browser.close()
    key_s, redraw_s = statistics.median(keys) / 1000, statistics.median(redraws[3:]) / 1000
    emit("canvas: arrow key on a curve point to painted (15 stages, 60 touchpoints)", key_s, "s", baseline,
         "< 0.05 s", key_s < 0.05)
    emit("canvas: whole map redrawn to painted (after Undo or an added touchpoint)", redraw_s, "s", baseline,
         "< 0.05 s", redraw_s < 0.05)


if __name__ == "__main__":
    main()
