"""Text in the PNG drawings: the fast line renderer draws what matplotlib draws, any script falls back to
an installed font, and a character no font has is named in one clear warning."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cjm_helpers.draw import draw_map
from cjm_helpers.draw.canvas import JourneyCanvas, MissingGlyphWarning
from cjm_helpers.draw.fonts import register_installed

JAPANESE = {
    "title": "旅行の予約 ✈ 😄", "persona": {"name": "さくら"}, "scenario": "京都で旅館を予約したい",
    "stages": [{"name": "認知", "goal": "旅館を見つける", "touchpoints": [
        {"id": "t1", "name": "インスタで見る", "doing": "写真を見ています", "feeling": 1,
         "pain_points": [{"id": "p1", "text": "値段が分からない", "severity": 3}]}]},
        {"name": "予約", "touchpoints": [{"id": "t2", "name": "サイトで予約", "feeling": -1, "thinking": "高いかな？"}]}]}


def pixels(canvas_class, lines) -> np.ndarray:
    fig = Figure(figsize=(4, 1.6), dpi=100, facecolor="white")
    canvas_class(fig)
    for i, (text, options) in enumerate(lines):
        fig.text(0.05, 0.9 - 0.3 * i, text, va="top", **options)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)


def test_the_line_renderer_draws_what_matplotlib_draws():
    lines = [("Marta compares three course sites", {"fontsize": 10}),
             ("Bold header, wrapped\nonto a second line", {"fontsize": 8, "weight": "bold"}),
             ("italic thinking: is it worth it?", {"fontsize": 7.5, "style": "italic"})]
    ours, theirs = pixels(JourneyCanvas, lines), pixels(FigureCanvasAgg, lines)
    ink = lambda a: (a < 160).any(axis=2)        # noqa: E731
    assert ink(theirs).sum() > 1000, "something was drawn"
    assert abs(int(ink(ours).sum()) - int(ink(theirs).sum())) < 0.12 * ink(theirs).sum()
    for band in (slice(0, 50), slice(50, 110), slice(110, 160)):     # each text: the same box of ink
        rows_o, cols_o = np.nonzero(ink(ours)[band])
        rows_t, cols_t = np.nonzero(ink(theirs)[band])
        assert abs(rows_o.min() - rows_t.min()) <= 1 and abs(rows_o.max() - rows_t.max()) <= 1
        assert abs(cols_o.min() - cols_t.min()) <= 1 and abs(cols_o.max() - cols_t.max()) <= 0.03 * cols_t.max()


def test_a_character_no_font_has_gives_one_clear_warning():
    rare = "\U00010600\U00010601"       # Linear A: no font of the set-up has it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = draw_map({"title": f"Map {rare}", "stages": [{"name": "A"}]})
        fig.canvas.draw()
        fig.canvas.draw()
    found = [w for w in caught if issubclass(w.category, MissingGlyphWarning)]
    assert len(found) == 1
    message = str(found[0].message)
    assert "U+10600" in message and "U+10601" in message and "fonts-noto-cjk" in message
    assert message.count("\n") == 0


def test_saving_svg_and_pdf_gives_one_warning_too(tmp_path):
    from cjm_helpers.draw import save_figure

    rare = "\U00010602\U00010603"
    fig = draw_map({"title": f"Map {rare}", "stages": [{"name": f"A {rare}"}]})
    for suffix in (".svg", ".pdf"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            save_figure(fig, tmp_path / f"map{suffix}")
        assert not [w for w in caught if "missing from font" in str(w.message)], suffix
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.as_svg()
    assert not caught, "the notebook's SVG is drawn by the browser with its own fonts"


def test_japanese_and_emoji_are_drawn_with_installed_fonts():
    present = register_installed()
    if not {"Noto Sans CJK JP", "Symbola"} <= set(present):
        if os.environ.get("CI"):
            pytest.fail(f"the set-up installs fonts-noto-cjk and fonts-symbola; found only {present}")
        pytest.skip("fonts-noto-cjk and fonts-symbola are not installed (.ci/run installs them)")
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingGlyphWarning)
        fig = draw_map(JAPANESE)
        fig.canvas.draw()
    assert not fig.canvas.get_renderer().missing
    image = np.asarray(fig.canvas.buffer_rgba())
    assert (image[..., :3] < 100).any()
