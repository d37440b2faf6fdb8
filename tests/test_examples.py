"""The shipped example maps: listed, loadable, realistic, and passing their own checks."""

from __future__ import annotations

import pytest

from cjm_helpers import MapType, check_map, examples

EXPECTED = {
    "language_course_current": MapType.current_state,
    "language_course_future": MapType.future_state,
    "hotel_blueprint": MapType.service_blueprint,
    "language_learner_day": MapType.day_in_the_life,
}


def test_names_list_every_json_file():
    assert set(EXPECTED) <= set(examples.names())
    assert examples.names() == sorted(p.stem for p in examples.FOLDER.glob("*.json"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_loads_and_has_no_error_findings(name):
    journey = examples.load(name)
    assert journey.map_type == EXPECTED[name]
    assert examples.path(name).name == f"{name}.json"
    report = check_map(examples.path(name))
    assert report.ok, str(report)
    assert report.rules_not_run == []


def test_language_course_current_is_a_realistic_journey():
    journey = examples.load("language_course_current")
    assert 5 <= len(journey.stages) <= 7
    assert 12 <= len(journey.touchpoints()) <= 18
    assert any(pp.severity == 3 for _, _, pp in journey.pain_points())
    assert sum(tp.moment_of_truth for _, tp in journey.touchpoints()) >= 2
    assert any(tp.opportunities for _, tp in journey.touchpoints())
    assert "renew" in journey.stages[-1].name.lower()


def test_future_state_improves_the_current_one():
    future = examples.load("language_course_future")
    assert future.based_on == "language_course_current.json"
    assert (examples.path("language_course_future").parent / future.based_on).is_file()
    assert future.improvements and future.deferred
    current = examples.load("language_course_current")
    severe = {pp.id for _, _, pp in current.pain_points() if pp.severity == 3}
    assert severe <= {i.pain_point for i in future.improvements}


def test_blueprint_and_day_have_their_own_parts():
    hotel = examples.load("hotel_blueprint")
    assert any(tp.fail_point for _, tp in hotel.touchpoints())
    assert any(tp.wait_minutes for _, tp in hotel.touchpoints())
    day = examples.load("language_learner_day")
    times = [s.time for s in day.stages]
    assert all(times) and times == sorted(times)


def test_unknown_example_suggests_the_nearest_name():
    with pytest.raises(KeyError, match="did you mean 'hotel_blueprint'"):
        examples.path("hotel_bluprint")
    with pytest.raises(KeyError):
        examples.load("../model")
