"""The drawings' text is drawn as written, and laid out exactly as matplotlib would lay it out."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from cjm_helpers import examples
from cjm_helpers.draw import draw_map
from cjm_helpers.draw.canvas import JourneyCanvas
from cjm_helpers.draw.plain_text import PlainText
from pdf_text import text_runs

DOLLARS = "Costs $$ and $x^2$ (\\$5)"


def test_dollar_signs_in_a_learners_map_are_drawn_as_written_in_png_pdf_and_svg():
    journey = examples.load("language_course_current").to_dict()
    journey["title"] = DOLLARS
    journey["stages"][0]["name"] = "$$"
    drawing = draw_map(journey)
    png, pdf = io.BytesIO(), io.BytesIO()
    drawing.savefig(png, format="png")      # mathtext parsing of "$$" used to fail here
    drawing.savefig(pdf, format="pdf")
    assert png.getvalue().startswith(b"\x89PNG")
    shown = "".join(text_runs(pdf.getvalue()))
    assert DOLLARS in shown
    assert "$$" in shown.replace(DOLLARS, "")
    assert DOLLARS in drawing._repr_svg_()


def _figure_with_renderer():
    fig = Figure(figsize=(6, 4), dpi=100)
    JourneyCanvas(fig)
    return fig, fig.canvas.get_renderer()


@pytest.mark.parametrize("linespacing", [None, 1.0, 1.35])
@pytest.mark.parametrize("ha", ["left", "center", "right"])
@pytest.mark.parametrize("va", ["top", "center", "bottom", "baseline", "center_baseline"])
def test_plain_text_is_laid_out_as_matplotlib_lays_out_text(linespacing, ha, va):
    fig, renderer = _figure_with_renderer()
    options = {"ha": ha, "va": va, "fontsize": 9, "multialignment": "center" if ha == "right" else None}
    if linespacing is not None:
        options["linespacing"] = linespacing
    for text in ("Book a trial lesson", "Two lines\nof a cell", "gap\n\nbelow and Ågy", "", "xyz\n"):
        ours = PlainText(0.3, 0.4, text, **options)
        theirs = Text(0.3, 0.4, text, parse_math=False, **options)
        for artist in (ours, theirs):
            artist.set_figure(fig)
        box, lines, corner = ours._get_layout(renderer)
        expected_box, expected_lines, expected_corner = theirs._get_layout(renderer)
        assert box.bounds == pytest.approx(expected_box.bounds, abs=1e-9), text
        assert [*corner[0], *corner[1]] == pytest.approx([*expected_corner[0], *expected_corner[1]], abs=1e-9)
        assert [line for line, _, _ in lines] == [line for line, _, _ in expected_lines]
        for (_, wad, xy), (_, expected_wad, expected_xy) in zip(lines, expected_lines):
            assert wad == pytest.approx(expected_wad, abs=1e-9)
            assert xy == pytest.approx(expected_xy, abs=1e-9)


def test_rotated_plain_text_takes_matplotlibs_layout():
    fig, renderer = _figure_with_renderer()
    ours = PlainText(0.3, 0.4, "Up the side\nof a lane", rotation=90, ha="center", va="center")
    theirs = Text(0.3, 0.4, "Up the side\nof a lane", rotation=90, ha="center", va="center", parse_math=False)
    for artist in (ours, theirs):
        artist.set_figure(fig)
    assert ours._get_layout(renderer)[0].bounds == pytest.approx(theirs._get_layout(renderer)[0].bounds)


def test_a_saved_pdf_draws_every_script_with_the_fallback_fonts_and_its_text_is_searchable(tmp_path):
    """The PDF backend is given the fallback chain too: Japanese is drawn (not boxes) and can be found."""
    import warnings

    from cjm_helpers.draw import save_figure

    journey = examples.load("language_course_current").to_dict()
    journey["title"] = "Bücher & Café: 学習 😀"
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # no missing glyph, no font warning
        path = save_figure(draw_map(journey), tmp_path / "map.pdf")
    data = path.read_bytes()
    assert b"NotoSansCJK" in data, "the CJK fallback font is embedded"
    assert b"LastResort" not in data, "no character fell through to the boxes of the last-resort font"
    assert "Bücher & Café: 学習 😀" in "".join(text_runs(data))
