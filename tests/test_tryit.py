"""The lessons' Try-it widgets: moving a control changes the map and what is drawn, never the example file."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from cjm_helpers import examples, tryit


def images(t) -> int:
    return sum(bool({"image/svg+xml", "image/png"} & set(o.get("data", {}))) for o in t.output.outputs)


def html(t) -> str:
    return " ".join(o.get("data", {}).get("text/html", "") or str(o.get("data", {}).get("text/plain", ""))
                    for o in t.output.outputs)


def test_feeling_slider_changes_the_touchpoint_and_redraws():
    before = examples.path("smartphone_purchase").read_bytes()
    t = tryit.feelings("smartphone_purchase", "use-support")
    assert t.sliders[0].value == -2 and images(t) == 1
    t.sliders[0].value = 1
    support = t.map.find_touchpoint("use-support")
    assert support.feeling == 1 and support.pain_points == []
    t.thoughts[0].value = "Sorted in one call"
    assert support.thinking == "Sorted in one call"
    assert images(t) == 1, "the picture is replaced, not added to"
    assert examples.path("smartphone_purchase").read_bytes() == before


def test_blueprint_wait_and_fail_point():
    t = tryit.blueprint_wait("hotel_blueprint", "arr-checkin")
    checkin = t.map.find_touchpoint("arr-checkin")
    assert checkin.fail_point and t.fail.value
    t.wait.value, t.fail.value = 3, False
    assert checkin.wait_minutes == 3 and not checkin.fail_point and images(t) == 1


def test_stage_view_draws_only_the_ticked_stages():
    t = tryit.stage_view("language_course_current")
    for box in t.boxes:
        box.value = box.description in ("Comparison", "Subscription")
    assert images(t) == 1
    for box in t.boxes:
        box.value = False
    assert "Tick at least one stage" in html(t)


def test_stage_presets_show_titles_and_list_the_stages():
    t = tryit.stage_presets()
    labels = [label for label, _ in t.picker.options]
    assert "Six stages" in labels and "six_stages" not in labels
    t.picker.value = "aida"
    assert "Attention" in html(t) and "Desire" in html(t)


def test_persona_form_reports_what_the_checker_says():
    t = tryit.persona_form("dental_clinic_checkup")
    assert "Fill in the boxes" in html(t)
    t.name.value = "customers"
    t.button.click()
    assert "<li>" in html(t), html(t)
    t.name.value = "Sam, first-time buyer <b>(31)</b>"
    t.about.value = "Moved to the city last month and has no dentist."
    t.goal.value = "Find a dentist near work"
    t.frustration.value = "Phoning during work hours"
    t.button.click()
    assert "happy with this persona" in html(t)
    assert t.map.persona.goals == ["Find a dentist near work"]


def test_funnel_stages_follow_the_boxes():
    t = tryit.funnel_stages()
    assert list(t.stages()) == ["Discover", "Compare", "Ask support", "Subscribe"]
    t.support.value, t.renew.value = False, True
    assert list(t.stages()) == ["Discover", "Compare", "Subscribe", "Renew"]
    assert images(t) == 1
