"""PNG files of drawings (written by draw/png.py): the pixels drawn, the dpi and the alt text, read back."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from cjm_helpers import examples


def test_a_saved_png_holds_exactly_the_pixels_drawn_its_dpi_and_its_description(tmp_path):
    from cjm_helpers import draw_map, save_figure
    from cjm_helpers.draw.save import MAX_DESCRIPTION, short_text

    journey = examples.load("language_course_current").model_copy(update={"title": "Marta's English: 日本語 🙂"})
    fig = draw_map(journey)
    path = save_figure(fig, tmp_path / "map.png")
    fig.canvas.draw()
    drawn = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    with Image.open(path) as image:
        assert image.mode == "RGB" and image.size == (drawn.shape[1], drawn.shape[0])
        assert np.array_equal(np.asarray(image), drawn)
        assert round(image.info["dpi"][0]) == 100
        assert image.info["Title"].startswith("Current-state journey map: Marta's English: 日本語 🙂")
        assert image.info["Description"] == short_text(fig.description, MAX_DESCRIPTION)
        assert image.info["Software"] == "cjm_helpers"


def test_a_transparent_png_keeps_its_alpha_channel():
    from cjm_helpers import draw_map

    fig = draw_map(examples.load("television_three_stages"))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", transparent=True)
    with Image.open(buffer) as image:
        assert image.mode == "RGBA"
        alpha = np.asarray(image)[..., 3]
        assert alpha.min() == 0 and alpha.max() == 255
