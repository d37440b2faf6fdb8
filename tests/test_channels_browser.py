"""The canvas's channel and owner pickers in Chromium: the map's own words offered, hostile labels shown as text.

The canvas module (canvas.js, as the package ships it) is rendered with a stand-in for
anywidget's model holding what Python sends (`journey`, `words`), so no Jupyter server is needed.
"""

from __future__ import annotations

import json

import pytest

from browser import chromium_page
from cjm_helpers.builder.canvas import HERE
from cjm_helpers.builder.canvas.words import canvas_words
from cjm_helpers.model import JourneyMap

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'[:60]
MODEL = """
window.sent = [];
const state = %s;
const model = { get: (name) => state[name], on: () => {}, send: (message) => window.sent.push(message) };
const host = document.createElement("div");
document.body.append(host);
window.cjmRender({ model, el: host });
"""


def test_the_pickers_offer_the_maps_own_words_and_show_hostile_labels_as_text(chromium):
    journey = JourneyMap.model_validate({
        "channels": [{"id": "kiosk", "label": HOSTILE}, {"id": "store", "label": "library branch"}],
        "owners": [{"id": "brand", "label": "the council"}],
        "stages": [{"name": "Join", "touchpoints": [
            {"id": "tp1", "name": "Uses the kiosk", "channel": "kiosk", "owner": "brand", "feeling": 0}]}]})
    state = {"journey": journey.to_dict(), "words": canvas_words(journey.map_type, None, journey), "faults": {},
             "baseline": {}, "current_pains": [], "seq": 0, "can_undo": False, "can_redo": False, "notice": ""}
    module = (HERE / "canvas.js").read_text("utf-8").replace("export default { render };",
                                                              "window.cjmRender = render;")
    with chromium_page(chromium) as page:
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(content=module)
        page.add_script_tag(content=MODEL % json.dumps(state))
        channel = page.locator('select[data-cell="tp:tp1:channel"]')
        owner = page.locator('select[data-cell="tp:tp1:owner"]')
        assert channel.input_value() == "kiosk" and owner.input_value() == "brand"
        labels = channel.locator("option").all_text_contents()
        assert HOSTILE in labels and "library branch" in labels and "in person" in labels
        assert labels[-1] == "other"
        assert "the council" in owner.locator("option").all_text_contents()
        page.wait_for_timeout(200)
        assert page.evaluate("window.pwned") is None, "a label ran as script"
        assert page.locator(".cjm-canvas img, .cjm-canvas script").count() == 0
        channel.select_option("letter")
        sent = page.evaluate("window.sent")
        assert sent[-1]["map"]["stages"][0]["touchpoints"][0]["channel"] == "letter"
        assert sent[-1]["map"]["channels"][0] == {"id": "kiosk", "label": HOSTILE}, "the map's channels go back"
