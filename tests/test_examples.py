"""The shipped example maps: listed, loadable, realistic, and passing their own checks."""

from __future__ import annotations

import pytest

from cjm_helpers import MapType, check_map, examples

EXPECTED = {
    "language_course_current": MapType.current_state,
    "language_course_future": MapType.future_state,
    "hotel_blueprint": MapType.service_blueprint,
    "language_learner_day": MapType.day_in_the_life,
    "library_membership": MapType.current_state,
    "software_onboarding": MapType.current_state,
    "new_employee_first_week": MapType.current_state,
    "dental_clinic_filling": MapType.current_state,
    "television_three_stages": MapType.current_state,
    "television_flatshare": MapType.current_state,
}

# Not every example is a consumer purchase: a public service, a business-to-business
# journey and an internal service, each with the words a reader recognises it by.
SECTORS = {
    "library_membership": ("library", "join"),
    "software_onboarding": ("supplier", "onboarding"),
    "new_employee_first_week": ("first week", "laptop"),
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


@pytest.mark.parametrize("name", sorted(SECTORS))
def test_examples_beyond_consumer_purchases(name):
    journey = examples.load(name)
    text = journey.model_dump_json().lower()
    for word in SECTORS[name]:
        assert word in text, f"{name}: expected {word!r} in the map"
    assert 5 <= len(journey.stages) <= 7 and len(journey.touchpoints()) >= 10
    assert any(pp.severity == 3 for _, _, pp in journey.pain_points())
    assert sum(tp.moment_of_truth for _, tp in journey.touchpoints()) >= 2


def test_every_person_in_the_examples_has_one_story():
    """The cast is consistent: a first name appears in one example's persona, except
    where two maps draw the same story (Geoff's television on nine and on three stages)."""
    same_story = {"television_first_use", "television_three_stages"}
    owners: dict[str, set[str]] = {}
    for name in examples.names():
        first = examples.load(name).persona.name.split(",")[0].split()[0]
        owners.setdefault(first, set()).add(name)
    for first, maps in owners.items():
        stories = {m.replace("_future", "_current").replace("language_learner_day", "language_course_current")
                   for m in maps}
        assert len(stories) == 1 or stories == same_story, f"{first} appears in {sorted(maps)}"
