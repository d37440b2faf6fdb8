"""Drawings: look at what is drawn (texts, curve points, boxes), not only that it ran."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.text import Text

from cjm_helpers import examples
from cjm_helpers.model import JourneyMap

LONG = ("Compares the monthly and yearly plans of three schools in a spreadsheet while "
        "waiting for the bus, supercalifragilisticexpialidociouslylongwordwithoutspaces")


def synthetic(stages: int = 15, per_stage: int = 4, long_text: bool = True) -> JourneyMap:
    """A big map: long texts, every feeling, pain points, moments of truth, a stage without touchpoints."""
    data = {"title": "A synthetic journey with many stages " * 2, "map_type": "current_state",
            "persona": {"name": "Sam, a very particular tester with a long name"},
            "scenario": "Sam does everything once. " * 8, "stages": []}
    n = 0
    for s in range(stages):
        tps = []
        for t in range(per_stage):
            n += 1
            tps.append({
                "id": f"tp{n}", "name": f"Step {n}: " + (LONG[: 20 + (n * 7) % 60] if long_text else "go"),
                "channel": ["web", "app", "phone", "store", "word_of_mouth"][n % 5], "owner": "brand",
                "doing": LONG if n % 3 == 0 else "Clicks", "thinking": LONG[: (n * 13) % 120],
                "feeling": [-2, -1, 0, 1, 2][n % 5] if n % 11 else None,
                "pain_points": [{"id": f"pp{n}", "text": LONG, "severity": 1 + n % 3}] if n % 4 == 0 else [],
                "opportunities": [LONG[:50], LONG] if n % 6 == 0 else [],
                "moment_of_truth": n % 7 == 0,
            })
        data["stages"].append({"name": f"Stage {s + 1} " + "with a long name " * (s % 3), "goal": LONG[: 10 + s * 7],
                               "touchpoints": tps})
    data["stages"].insert(2, {"name": "Empty stage", "goal": "", "touchpoints": []})
    return JourneyMap.model_validate(data)


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def squash(text: str) -> str:
    return "".join(text.split()).replace("…", "")


def assert_no_overlap(fig) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t, t.get_window_extent(renderer)) for t in texts(fig)]
    arr = np.array([[b.x0, b.y0, b.x1, b.y1] for _, b in boxes])
    tol = 0.5
    for i in range(len(arr)):
        a = arr[i]
        hit = (np.minimum(a[2], arr[i + 1:, 2]) - np.maximum(a[0], arr[i + 1:, 0]) > tol) & \
              (np.minimum(a[3], arr[i + 1:, 3]) - np.maximum(a[1], arr[i + 1:, 1]) > tol)
        for j in np.nonzero(hit)[0]:
            other = boxes[i + 1 + j][0]
            pytest.fail(f"text boxes overlap: {boxes[i][0].get_text()!r} and {other.get_text()!r}")


def assert_names_shown(fig, journey: JourneyMap) -> None:
    shown = squash(" ".join(t.get_text() for t in texts(fig)))
    for stage in journey.stages:
        assert squash(stage.name) in shown, f"stage {stage.name!r} not in the figure"
    by_gid = {t.get_gid(): squash(t.get_text()) for t in texts(fig) if t.get_gid()}
    for _, tp in journey.touchpoints():
        assert squash(tp.name) in by_gid.get(f"touchpoint:{tp.id}", ""), f"touchpoint {tp.name!r} not shown in full"


def curve_points(fig, gid: str = "emotion-curve"):
    """(touchpoint ids, feelings, display xy) of every point of the named curves, in drawing order."""
    ids, ys, xy = [], [], []
    for line in fig.findobj(lambda a: getattr(a, "get_gid", lambda: None)() == gid):
        ys += list(line.get_ydata())
        ids += list(getattr(line, "touchpoint_ids", []))
        xy += list(line.get_transform().transform(line.get_xydata())) if len(line.get_xdata()) else []
    return ids, ys, xy


EXAMPLES = examples.names()


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_drawn_with_every_name_no_overlap_and_saved_as_png(name, tmp_path_factory):
    """A picture of every example map is written during the run (kept in pytest's tmp folder)."""
    from PIL import Image

    from cjm_helpers import draw, save_figure

    journey = examples.load(name)
    fig = draw(examples.path(name))
    assert_names_shown(fig, journey)
    assert_no_overlap(fig)
    sub = next(t.get_text() for t in texts(fig) if t.get_gid() == "subtitle")
    assert squash(journey.persona.name) in squash(sub)
    path = save_figure(fig, tmp_path_factory.mktemp("pictures") / f"{name}.png")
    with Image.open(path) as image:
        assert image.width >= 1000 and image.height >= 500, name
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50, f"{name}: the picture is nearly blank"


def test_curve_has_one_point_per_touchpoint_at_its_feeling():
    from cjm_helpers import draw_map

    journey = examples.load("language_course_current")
    fig = draw_map(journey)
    fig.canvas.draw()
    ids, ys, xy = curve_points(fig)
    expected = [(tp.id, tp.feeling) for _, tp in journey.touchpoints() if tp.feeling is not None]
    assert list(zip(ids, ys)) == expected
    names = {t.get_gid(): t.get_window_extent() for t in texts(fig) if (t.get_gid() or "").startswith("touchpoint:")}
    for tp_id, (px, py) in zip(ids, xy):
        box = names[f"touchpoint:{tp_id}"]
        assert box.x0 < px < box.x0 + 1.3 * 100, f"the point of {tp_id} is not under its touchpoint"
        assert py < box.y0, f"the point of {tp_id} is not below its name"


def test_curve_heights_are_ordered_by_feeling_on_screen():
    from cjm_helpers import draw_map

    fig = draw_map(examples.load("language_course_current"))
    fig.canvas.draw()
    ids, ys, xy = curve_points(fig)
    first_band = [(y, p[1]) for y, p in zip(ys, xy)][:8]
    for (f1, y1), (f2, y2) in itertools.combinations(first_band, 2):
        if f1 > f2:
            assert y1 > y2          # display y grows upwards: happier is higher


def test_big_synthetic_map_is_legible():
    from cjm_helpers import draw_map

    journey = synthetic()
    fig = draw_map(journey)
    assert_names_shown(fig, journey)
    assert_no_overlap(fig)
    ids, ys, _ = curve_points(fig)
    assert ys == [tp.feeling for _, tp in journey.touchpoints() if tp.feeling is not None]
    assert fig.get_size_inches()[0] == pytest.approx(12.8)      # notebook width, bands grow downwards


@pytest.mark.parametrize("stages", [3, 8, 15])
def test_three_to_fifteen_stages(stages):
    from cjm_helpers import draw_blueprint, draw_day, draw_map

    journey = synthetic(stages, per_stage=1 + stages % 4, long_text=False)
    for draw in (draw_map, draw_blueprint, draw_day):
        fig = draw(journey)
        assert_names_shown(fig, journey)
        assert_no_overlap(fig)


def test_unfinished_maps_draw():
    from cjm_helpers import draw_comparison, draw_map

    empty = JourneyMap()
    for fig in (draw_map(empty), draw_comparison(empty, empty)):
        fig.canvas.draw()
        assert any("Untitled" in t.get_text() for t in texts(fig))
    one = JourneyMap.model_validate({"stages": [{"name": "Only", "touchpoints": [{"id": "a", "name": "A"}]}]})
    fig = draw_map(one)
    assert_names_shown(fig, one)
    assert curve_points(fig)[1] == []


def test_comparison_marks_improvements_and_summarises():
    from cjm_helpers import draw_comparison

    current, future = examples.load("language_course_current"), examples.load("language_course_future")
    fig = draw_comparison(current, future)
    fig.canvas.draw()
    assert_no_overlap(fig)
    now = {tp.id: tp.feeling for _, tp in current.touchpoints()}
    _, ys, _ = curve_points(fig, "current-curve")
    assert ys == [now[tp.id] for _, tp in future.touchpoints() if now.get(tp.id) is not None]
    _, ys, _ = curve_points(fig, "future-curve")
    assert ys == [tp.feeling for _, tp in future.touchpoints()]
    shown = {t.get_gid(): t.get_text() for t in texts(fig) if t.get_gid()}
    for n, imp in enumerate(future.improvements, 1):
        assert f"#{n}" in shown[f"improvement-mark:{imp.touchpoint}"]
        assert squash(imp.change) in squash(shown[f"improvement:{n}"])
    summary = " ".join(t.get_text() for t in texts(fig))
    assert "What changed" in summary and "5 improvements" in summary and "2 pain points deferred" in summary


def test_blueprint_draws_its_three_lines_and_marks():
    from cjm_helpers import draw_blueprint

    journey = examples.load("hotel_blueprint")
    fig = draw_blueprint(journey)
    shown = [squash(t.get_text()) for t in texts(fig)]
    for line in ("Line of interaction", "Line of visibility", "Line of internal interaction"):
        assert any(squash(line) in s for s in shown)
    for row in ("Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"):
        assert any(squash(row) in s for s in shown)
    gids = {t.get_gid() for t in texts(fig)}
    for _, tp in journey.touchpoints():
        assert (f"fail-point:{tp.id}" in gids) == tp.fail_point
        assert (f"wait:{tp.id}" in gids) == bool(tp.wait_minutes)


def test_day_shows_the_clock_and_where_the_brand_could_fit():
    from cjm_helpers import draw_day

    journey = examples.load("language_learner_day")
    fig = draw_day(journey)
    shown = squash(" ".join(t.get_text() for t in texts(fig)))
    for stage in journey.stages:
        assert stage.time in shown
    assert "Wherethebrandcouldfit" in shown
    assert sum(1 for t in texts(fig) if (t.get_gid() or "").startswith("clock:")) == len(journey.stages)


def test_describe_map_is_a_readable_summary():
    from cjm_helpers import describe_map

    journey = examples.load("language_course_current")
    text = describe_map(journey)
    assert text.startswith("Current-state journey map: ")
    for stage, tp in journey.touchpoints():
        assert stage.name in text and tp.name in text
    assert "lowest point" in text and "critical" in text
    assert describe_map(examples.path("hotel_blueprint")).count("fail point") >= 1


def test_draw_dispatch_and_no_pyplot_leaks(tmp_path):
    import shutil

    import matplotlib.pyplot as plt

    import cjm_helpers
    from cjm_helpers import draw
    from cjm_helpers.draw.drawing import Drawing
    from cjm_helpers.draw.figure import JourneyFigure

    before = plt.get_fignums()   # other tests in this worker may have left pyplot figures
    assert callable(cjm_helpers.draw) and cjm_helpers.draw is draw
    assert draw.draw_map is cjm_helpers.draw_map
    for name in EXAMPLES:
        shutil.copy(examples.path(name), tmp_path)
    kinds = {}
    for name in EXAMPLES:
        fig = draw(tmp_path / f"{name}.json")
        assert isinstance(fig, Drawing) and isinstance(fig.figure, JourneyFigure) and fig.description
        assert fig.figure.description == fig.description
        kinds[name] = next(t.get_text() for t in texts(fig) if t.get_gid() == "subtitle").split("·")[0].strip()
    expected = {"service_blueprint": "Service blueprint", "current_state": "Current-state journey map",
                "future_state": "Current vs future state", "day_in_the_life": "Day in the life"}
    for name in EXAMPLES:
        journey = examples.load(name)
        kind = expected[journey.map_type.value]
        if journey.map_type.value == "future_state" and not (tmp_path / (journey.based_on or "-")).is_file():
            kind = "Future-state journey map"
        assert kinds[name] == kind, name
    assert plt.get_fignums() == before, "drawing registered figures with pyplot"


def test_feeling_curves_show_their_scale_in_the_map_and_the_comparison():
    from cjm_helpers import draw_comparison, draw_map

    current = examples.load("language_course_current")
    for fig in (draw_map(current), draw_comparison(examples.load("language_course_future"), current)):
        labels = [t.get_text() for t in texts(fig) if t.get_text() in ("+2", "0", "−2")]
        assert labels[:3] == ["+2", "0", "−2"]


def test_save_figure_formats_and_errors(tmp_path):
    from cjm_helpers import CJMError, draw_map, save_figure

    fig = draw_map(examples.load("language_learner_day"))
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        path = save_figure(fig, tmp_path / "sub" / f"map{suffix}")
        assert path.read_bytes().startswith(magic)
    assert "Day in the life" in (tmp_path / "sub" / "map.svg").read_text()
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["map.pdf", "map.png", "map.svg"]  # no temporary files
    png = (tmp_path / "sub" / "map.png").read_bytes()   # the description travels with the picture as alt text
    assert b"Description" in png and fig.description.splitlines()[0].encode() in png
    with pytest.raises(CJMError, match=r"\.gif"):
        save_figure(fig, tmp_path / "map.gif")

