"""The printable blank map: `python -m cjm_helpers template` writes a landscape A4 or A3 page
with a persona box, stage columns, the lanes and the -2..+2 feeling scale."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cjm_helpers.template import TemplateError, blank_template
from notebook_runner import ROOT
from pdf_text import media_boxes, page_count, text_runs

POINTS = {"A4": (842, 595), "A3": (1191, 842)}   # landscape, in PDF points (rounded)


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "cjm_helpers", "template", *args], cwd=cwd,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_blank_template_pdf_is_one_landscape_page_with_every_part(size, tmp_path):
    done = run("-o", "blank.pdf", "--size", size, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"wrote blank.pdf ({size} landscape)" in done.stdout
    data = (tmp_path / "blank.pdf").read_bytes()
    assert page_count(data) == 1
    (x0, y0, x1, y1), = media_boxes(data)
    assert (round(x1 - x0), round(y1 - y0)) == POINTS[size]
    text = " ".join(text_runs(data))
    for words in ("Persona", "Goals", "Frustrations", "Scenario", "Stage 1", "Stage 6", "Doing", "Thinking",
                  "Feeling", "Pain points", "Opportunities", "+2", "-2", "very negative"):
        assert words in text, f"{words!r} missing from the {size} template"


def test_a_preset_prints_its_stage_names(tmp_path):
    done = run("-o", "six.pdf", "--preset", "six_stages", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join(text_runs((tmp_path / "six.pdf").read_bytes()))
    assert "Comparison" in text and "Consumption" in text


def test_bad_options_are_refused_clearly(tmp_path):
    done = run("-o", "x.pdf", "--stages", "12", cwd=tmp_path)
    assert done.returncode == 2 and "--stages: 12 stages; a map has 3 to 9" in done.stderr
    done = run("-o", "x.pdf", "--preset", "sixstages", cwd=tmp_path)
    assert done.returncode == 2 and "no preset 'sixstages'" in done.stderr
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(TemplateError, match="not a paper size"):
        blank_template("Letter")


def test_long_stage_names_stay_inside_their_column():
    fig = blank_template("A4", stage_names=["Search for and comparison of alternatives"] * 9)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    for text in fig.axes[0].texts:
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 + 1, f"{text.get_text()!r} runs off the page"
