"""The emotion curve's filled area: the polygons matplotlib's fill_between makes, in PNG and SVG alike."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from cjm_helpers import examples
from cjm_helpers.draw import draw_map
from cjm_helpers.draw.area import fill_polygons

levels = st.sampled_from([-2.0, -1.0, -0.5, 0.0, 0.0, 0.25, 1.0, 2.0]) | st.floats(-2, 2)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 3), levels), min_size=1, max_size=25), st.booleans())
def test_the_polygons_are_the_ones_fill_between_makes(steps, positive):
    xs = np.cumsum([dx for dx, _ in steps])
    ys = np.array([y for _, y in steps])
    ax = Figure().subplots()
    theirs = ax.fill_between(xs, ys, 0, where=ys >= 0 if positive else ys <= 0, interpolate=True)
    ours = fill_polygons(xs, ys, positive)
    expected = [np.asarray(path.vertices) for path in theirs.get_paths()]
    # matplotlib closes each polygon's path with its first point again
    assert len(ours) == len(expected)
    for polygon, path in zip(ours, expected):
        np.testing.assert_array_equal(np.array(polygon), path[:len(polygon)])


def test_the_svg_fills_the_areas_the_png_fills():
    drawing = draw_map(examples.load("language_course_current"))
    svg = drawing._repr_svg_()
    fills = [mark for mark in drawing.scene.marks if mark.kind == "fill"]
    assert len(fills) == 4, "above and below zero, in the current state's two emotion lanes"
    for mark in fills:
        paths = re.findall(r'<path d="([^"]*)" fill="%s"' % re.escape(mark.style["color"]), svg)
        polygons = fill_polygons(*mark.args)
        assert polygons
        assert len(polygons) in [d.count("M") for d in paths], mark.args
