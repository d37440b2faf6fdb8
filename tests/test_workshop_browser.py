"""`make workshop` serves the builder as a Voila app: Chromium sees the builder, no code, and edits save.

The screenshot is kept as build/test-artifacts/workshop-voila.png.
"""

from __future__ import annotations

import json

import pytest

from browser import chromium_page, screenshot, voila_workshop

pytestmark = pytest.mark.browser


def test_workshop_app_shows_the_builder_without_code(chromium, tmp_path):
    map_file = tmp_path / "cafe.json"
    env = {"CJM_WORKSHOP_MAP_TYPE": "current_state", "CJM_WORKSHOP_PRESET": "six_stages"}
    with voila_workshop(map_file, env) as server, chromium_page(chromium) as page:
        page.goto(server.page_url("/"), timeout=90_000)
        builder = page.wait_for_selector(".cjm-builder", timeout=90_000)
        text = builder.inner_text()
        assert "Map title" in text and "Check" in text
        assert "workshop_builder" not in page.inner_text("body"), "sources are stripped"
        assert not map_file.exists(), "opening the app writes nothing"
        title = page.locator('.cjm-builder .widget-text:has(> label:text-is("Map title")) input')
        title.click()
        page.keyboard.type("Café visit", delay=10)
        for _ in range(100):
            if map_file.exists() and json.loads(map_file.read_text("utf-8"))["title"] == "Café visit":
                break
            page.wait_for_timeout(100)
        data = json.loads(map_file.read_text("utf-8"))
        assert data["title"] == "Café visit" and len(data["stages"]) == 6
        page.wait_for_selector(".cjm-builder .cjm-canvas", state="visible", timeout=30_000)
        shot = screenshot(page, "workshop-voila.png")
        assert shot.stat().st_size > 20_000
