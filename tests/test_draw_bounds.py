"""Bounded drawings: a large legal map draws in pages of bounded size, picture metadata stays short,
notebooks show SVG with text as text, and arbitrary valid maps draw and export without crashing."""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image

from cjm_helpers import export, limits
from cjm_helpers.draw import draw_blueprint, draw_day, draw_for, draw_map, save_figure, show_as
from cjm_helpers.draw.figure import notebook_format
from cjm_helpers.errors import CJMError
from cjm_helpers.storage import map_from_dict
from test_cli_check import valid_maps
from test_limits import MEGABYTES, SECONDS, run_cli

MAX_PIXELS = 1280 * 8000     # a page of a map at the limits: 8 bands of the tallest lanes


def largest_map(map_type: str = "current_state") -> dict:
    """A map at the limits: the most stages, the most touchpoints, long text everywhere."""
    per_stage = limits.MAX_TOUCHPOINTS // limits.MAX_STAGES
    long = "a long sentence of learner text " * 60
    return {"title": "T" * limits.MAX_TEXT, "map_type": map_type, "scenario": long[: limits.MAX_TEXT],
            "stages": [{"name": f"Stage {s} " + long[:300], "goal": long[:500],
                        "time": f"{s % 24:02d}:00" if map_type == "day_in_the_life" else None,
                        "touchpoints": [{"id": f"t{s}-{k}", "name": long[: limits.MAX_TEXT],
                                         "doing": long[: limits.MAX_TEXT], "thinking": long[:800],
                                         "feeling": (s + k) % 5 - 2,
                                         "pain_points": [{"id": f"p{s}-{k}-{n}", "text": long[:400], "severity": 3}
                                                         for n in range(5)],
                                         "opportunities": [long[:300]] * 5}
                                        for k in range(per_stage)]}
                       for s in range(limits.MAX_STAGES)]}


@pytest.mark.parametrize("draw, map_type", [(draw_map, "current_state"), (draw_blueprint, "service_blueprint"),
                                            (draw_day, "day_in_the_life")])
def test_a_map_at_the_limits_draws_in_pages_of_bounded_size(draw, map_type):
    journey = map_from_dict(largest_map(map_type))
    fig = draw(journey)
    width, height = (fig.get_size_inches() * fig.dpi).round()
    assert width * height <= MAX_PIXELS, (width, height)
    assert fig.page_count > 1
    note = " ".join(t.get_text() for t in fig.axes[0].texts[:5])
    assert f"Page 1 of {fig.page_count}" in note and "--page 2" in note
    last = draw(journey, page=fig.page_count)
    assert "Next" not in " ".join(t.get_text() for t in last.axes[0].texts[:5])
    with pytest.raises(CJMError, match=f"this map has {fig.page_count} pages"):
        draw(journey, page=fig.page_count + 1)


def test_drawing_the_largest_map_on_the_command_line_is_bounded(tmp_path):
    path = tmp_path / "largest.json"
    path.write_text(json.dumps(largest_map()), "utf-8")
    for page in ("1", "3"):
        result, seconds, peak_mb = run_cli("draw", str(path), "-o", str(tmp_path / f"p{page}.png"), "--page", page)
        assert result.returncode == 0, result.stderr
        assert seconds < SECONDS and peak_mb < MEGABYTES, (seconds, peak_mb)
        assert f"(page {page} of " in result.stdout
        with Image.open(tmp_path / f"p{page}.png") as image:
            assert image.width * image.height <= MAX_PIXELS
    for command in (["check", str(path)], ["export", str(path), "--to", "markdown"]):
        result, seconds, peak_mb = run_cli(*command)
        assert result.returncode in (0, 1), result.stderr
        assert seconds < SECONDS and peak_mb < MEGABYTES, (command, seconds, peak_mb)


def test_picture_metadata_is_bounded(tmp_path):
    fig = draw_map(map_from_dict(largest_map()))
    assert len(fig.description) > 10_000
    save_figure(fig, tmp_path / "big.png")
    with Image.open(tmp_path / "big.png") as image:
        assert 0 < len(image.info["Description"]) <= 2000 and len(image.info["Title"]) <= 200
    save_figure(fig, tmp_path / "big.svg")
    assert (tmp_path / "big.svg").stat().st_size < 5_000_000
    svg = fig.as_svg().data
    assert len(re.search(r"<title>(.*?)</title>", svg, re.S).group(1)) <= 200


def test_notebooks_show_svg_with_text_as_text_unless_png_is_asked(monkeypatch):
    from cjm_helpers import examples

    monkeypatch.delenv("CJM_FIGURE_FORMAT", raising=False)
    assert notebook_format() == "svg"
    fig = draw_map(examples.load("language_course_current"))
    svg = fig.as_svg().data
    from xml.etree import ElementTree

    texts = ["".join(t.itertext()) for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "Learning English online for a new job (current state)" in texts
    assert any("Job interview" in t for t in texts)
    monkeypatch.setenv("CJM_FIGURE_FORMAT", "png")
    assert notebook_format() == "png"
    monkeypatch.delenv("CJM_FIGURE_FORMAT")
    try:
        show_as("png")
        assert notebook_format() == "png"
        assert fig.as_png().data[:4] == b"\x89PNG"
    finally:
        show_as("svg")
    with pytest.raises(ValueError, match="use 'svg' or 'png'"):
        show_as("gif")
    from cjm_helpers.draw.figure import new_figure

    plain = new_figure(4, 2)            # a figure without a description shows too
    plain.text(0.1, 0.5, "Stages of a journey")
    assert "Stages of a journey" in plain.as_svg().data and plain.as_png().data[:4] == b"\x89PNG"


_FOLDER = tempfile.TemporaryDirectory(prefix="cjm-draw-fuzz-")


@pytest.mark.filterwarnings("ignore::cjm_helpers.draw.canvas.MissingGlyphWarning")  # random text: rare scripts
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=valid_maps)
def test_arbitrary_valid_maps_draw_and_export(document):
    journey = map_from_dict(document)
    fig = draw_for(journey, source=Path(_FOLDER.name) / "map.json")
    for suffix in (".png", ".svg"):
        save_figure(fig, Path(_FOLDER.name) / f"map{suffix}")
    assert "<svg" in fig.as_svg().data
    for to_text in (export.to_mermaid, export.to_markdown, export.to_csv):
        assert isinstance(to_text(journey), str)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert buffer.getvalue()[:4] == b"\x89PNG"
