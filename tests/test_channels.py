"""Channels and owners in words that fit every organisation: built-in values of their own, a map's
own channels and owner names, validated, and shown in the forms, drawings, exports and messages."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cjm_helpers import MapBuilder, examples, from_mermaid, save_figure, to_csv, to_markdown, to_mermaid
from cjm_helpers.draw import draw
from cjm_helpers.errors import MapFileError
from cjm_helpers.exercise import describe_markdown
from cjm_helpers.export import from_csv, from_markdown
from cjm_helpers.limits import MAX_LABEL, MAX_WORDS
from cjm_helpers.model import Channel, JourneyMap, MapType, Owner
from cjm_helpers.storage import dumps_map, load_map, save_map

OLD_CHANNELS = ["web", "app", "phone", "store", "email", "social", "word_of_mouth", "advert", "other"]
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def a_map(channels=("in_person", "letter", "chat", "video"), declared=None, owners=None, map_type="current_state"):
    """A map with one touchpoint per channel, the owners taking turns."""
    data = {"title": "Renewing a parking permit", "map_type": map_type, "persona": {"name": "Ana"}, "stages": [{"name": "Apply", "touchpoints": [
        {"id": f"t{n}", "name": f"Step {n}", "channel": channel, "owner": list(Owner)[n % 4].value, "feeling": n % 3 - 1,
         "doing": "applies", "intent": "get the permit"}
        for n, channel in enumerate(channels)]}]}
    if declared is not None:
        data["channels"] = declared
    if owners is not None:
        data["owners"] = owners
    return data


def test_files_with_every_old_value_load_and_save_byte_identical(tmp_path):
    for name in examples.names():
        raw = examples.path(name).read_text("utf-8")
        assert dumps_map(examples.load(name)) == raw, name
    data = a_map(OLD_CHANNELS)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    journey = load_map(path)
    assert [str(tp.channel) for _, tp in journey.touchpoints()] == OLD_CHANNELS
    assert "channels" not in journey.to_dict() and "owners" not in journey.to_dict()
    again = tmp_path / "again.json"
    save_map(journey, again)
    assert load_map(again).to_dict() == journey.to_dict()
    assert dumps_map(load_map(again)) == again.read_text("utf-8")


def test_new_channels_are_values_of_their_own_shown_in_words():
    journey = JourneyMap.model_validate(a_map())
    assert [tp.channel for _, tp in journey.touchpoints()] == [Channel.in_person, Channel.letter, Channel.chat,
                                                               Channel.video]
    table = from_markdown(to_markdown(journey))
    assert [row["Channel"] for row in table] == ["in person", "letter or post",
                                                 "chat or messaging", "video call"]
    assert [row["Owner"] for row in table] == ["we (the organisation)", "a partner or supplier", "the customer",
                                               "others (social, word of mouth)"]
    rows = list(csv.DictReader(io.StringIO(to_csv(journey))))
    assert [(r["channel"], r["channel_label"]) for r in rows][:2] == [
        ("in_person", "in person"), ("letter", "letter or post")]
    back = from_csv(to_csv(journey))
    assert back.to_dict()["stages"] == journey.to_dict()["stages"] and "channels" not in back.to_dict()
    text = to_mermaid(journey)
    assert "Step 0: 2: Ana, we (the organisation)" in text
    assert [tp.owner for _, tp in from_mermaid(text).touchpoints()] == [tp.owner for _, tp in journey.touchpoints()]


@pytest.mark.parametrize("map_type", ["current_state", "day_in_the_life"])
def test_drawings_show_the_maps_own_words(tmp_path, map_type):
    journey = JourneyMap.model_validate(a_map(
        ("in_person", "kiosk", "letter"), declared=[{"id": "kiosk", "label": "Self-service kiosk"}],
        owners=[{"id": "brand", "label": "the council"}], map_type=map_type))
    svg = tmp_path / "m.svg"
    save_figure(draw(journey), svg)
    text = svg.read_text("utf-8")
    assert "Self-service kiosk" in text and "the council" in text
    assert "<!-- kiosk" not in text and "brand ·" not in text and "owner: brand" not in text
    png = tmp_path / "m.png"
    save_figure(draw(journey), png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_a_maps_own_channel_and_owner_names_go_through_every_export():
    journey = JourneyMap.model_validate(a_map(
        ("kiosk", "store", "web"), declared=[{"id": "kiosk", "label": "Self-service kiosk"},
                                             {"id": "store", "label": "library branch"}],
        owners=[{"id": "brand", "label": "the council"}]))
    assert [tp.channel.value for _, tp in journey.touchpoints()] == ["kiosk", "store", "web"], "learner code keeps working"
    assert [row["Channel"] for row in from_markdown(to_markdown(journey))] == [
        "Self-service kiosk", "library branch", "website or portal"]
    back = from_csv(to_csv(journey))
    assert back.to_dict() == dict(journey.to_dict(), title="", persona=back.to_dict()["persona"])
    text = to_mermaid(journey)
    assert "%% owner brand: the council" in text and "Step 0: 2: Ana, the council" in text
    read = from_mermaid(text)
    assert read.owners == journey.owners
    assert [tp.owner for _, tp in read.touchpoints()] == [tp.owner for _, tp in journey.touchpoints()]
    assert "(Self-service kiosk, the council)" in describe_markdown(journey)


def test_an_undeclared_channel_is_refused_naming_file_field_and_choices(tmp_path):
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(a_map(("web", "kisok"), declared=[{"id": "kiosk", "label": "Kiosk"}])), "utf-8")
    with pytest.raises(MapFileError) as refused:
        load_map(path)
    message = str(refused.value)
    assert str(path) in message
    assert "stages[0].touchpoints[1].channel: unknown channel 'kisok', did you mean kiosk?" in message
    assert "web, app, email" not in message and "in_person, letter, chat, video, kiosk" in message
    path.write_text(json.dumps(a_map(("kiosk",))), "utf-8")
    with pytest.raises(MapFileError, match=r"unknown channel 'kiosk'; use one of .*declare it in the map's "
                                           r"\"channels\" list"):
        load_map(path)


def test_a_channel_removed_from_the_list_while_in_use_is_refused_and_never_saved(tmp_path):
    journey = JourneyMap.model_validate(a_map(("kiosk",), declared=[{"id": "kiosk", "label": "Kiosk"}]))
    with pytest.raises(ValueError, match=r"stages\[0\]\.touchpoints\[0\]\.channel: unknown channel 'kiosk'"):
        journey.channels = []
    with pytest.raises(MapFileError, match="unknown channel 'kiosk'"):
        save_map(journey, tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("declared, owners, problem", [
    ([{"id": "Kiosk", "label": "K"}], None, "channels[0].id: must be lower-case letters, digits and _"),
    ([{"id": "kiosk", "label": "x" * (MAX_LABEL + 1)}], None,
     f"channels[0].label: is {MAX_LABEL + 1} characters long; the limit is {MAX_LABEL} characters"),
    ([{"id": f"c{n}", "label": "C"} for n in range(MAX_WORDS + 1)], None,
     f"channels: has {MAX_WORDS + 1} entries; the limit is {MAX_WORDS}"),
    ([{"id": "kiosk", "label": "A"}, {"id": "kiosk", "label": "B"}], None, "channels: 'kiosk' is declared twice"),
    ([{"id": "kiosk", "labels": "A"}], None, "channels[0].labels: unknown field, did you mean label?"),
    (None, [{"id": "boss", "label": "the boss"}], "owners[0].id: must be one of 'brand', 'partner'"),
])
def test_bad_declarations_get_a_clear_message(tmp_path, declared, owners, problem):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(a_map(("web",), declared=declared, owners=owners)), "utf-8")
    with pytest.raises(MapFileError) as refused:
        load_map(path)
    assert problem in str(refused.value)


def test_the_builder_adds_a_channel_of_the_maps_own_and_the_canvas_offers_it(tmp_path):
    builder = MapBuilder(tmp_path / "m.json", preset="five_stages", autosave_delay=0)
    builder.touchpoints.add_touchpoint("Uses the ticket machine")
    editor = builder.touchpoints
    editor.new_channel.name.value = "Self-service kiosk"
    editor.new_channel.add.click()
    builder.flush()
    saved = json.loads(builder.path.read_text("utf-8"))
    assert saved["channels"] == [{"id": "self_service_kiosk", "label": "Self-service kiosk"}]
    assert saved["stages"][0]["touchpoints"][0]["channel"] == "self_service_kiosk"
    assert ("Self-service kiosk", "self_service_kiosk") in editor.channel.options
    assert editor.channel.value == "self_service_kiosk"
    assert ["self_service_kiosk", "Self-service kiosk"] in builder.canvas.words["channels"]
    assert builder.canvas.words["channels"][-1] == ["other", "other"]
    assert ("the customer", "customer") in editor.owner.options
    builder.undo()  # one step: the channel goes, the touchpoint stays
    builder.flush()
    saved = json.loads(builder.path.read_text("utf-8"))
    assert "channels" not in saved and saved["stages"][0]["touchpoints"][0]["name"] == "Uses the ticket machine"
    assert ["self_service_kiosk", "Self-service kiosk"] not in builder.canvas.words["channels"]
    editor.new_channel.add_channel("")
    assert "Channel not added: type the channel&#x27;s name first" in builder.status.value


def test_the_builder_refuses_an_undeclared_channel_from_the_canvas(tmp_path):
    builder = MapBuilder(tmp_path / "m.json", preset="five_stages", autosave_delay=0)
    journey = builder.canvas.journey
    journey["stages"][0]["touchpoints"].append({"id": "tp1", "name": "Kiosk", "channel": "kiosk"})
    assert builder.edit(journey) is False
    assert "unknown channel" in builder.status.value and "kiosk" in builder.status.value
    journey["channels"] = [{"id": "kiosk", "label": "Kiosk in the hall"}]
    assert builder.edit(journey) is True
    assert ["kiosk", "Kiosk in the hall"] in builder.canvas.words["channels"]


def test_hostile_labels_stay_text_in_every_html_export(tmp_path):
    journey = JourneyMap.model_validate(a_map(("kiosk",), declared=[{"id": "kiosk", "label": HOSTILE[:MAX_LABEL]}],
                                              owners=[{"id": "brand", "label": "<b onerror=alert(3)>us</b>"}]))
    svg = tmp_path / "m.svg"
    save_figure(draw(journey), svg)
    for text in (svg.read_text("utf-8"), to_markdown(journey), describe_markdown(journey)):
        assert "<script" not in text and "<img" not in text and "<b " not in text
        assert "&lt;script" in text or "&lt;img" in text
    rows = from_markdown(to_markdown(journey))
    assert rows[0]["Channel"] == HOSTILE[:MAX_LABEL] and rows[0]["Owner"] == "<b onerror=alert(3)>us</b>"


def test_the_library_example_uses_the_public_service_words():
    journey = examples.load("library_membership")
    channels = {str(tp.channel) for _, tp in journey.touchpoints()}
    assert "in_person" in channels and "store" not in channels
    assert "the library (the council)" in to_markdown(journey)
    assert journey.map_type == MapType.current_state


def test_the_builder_calls_an_owner_by_the_maps_own_words(tmp_path):
    builder = MapBuilder(tmp_path / "m.json", preset="five_stages", autosave_delay=0)
    builder.touchpoints.add_touchpoint("Reads the council's letter")
    namer = builder.touchpoints.owner_name
    namer.owner.value, namer.name.value = "brand", "the council"
    namer.rename.click()
    builder.flush()
    assert json.loads(builder.path.read_text("utf-8"))["owners"] == [{"id": "brand", "label": "the council"}]
    assert ("the council", "brand") in builder.touchpoints.owner.options
    assert ["brand", "the council"] in builder.canvas.words["owners"]
    assert namer.name_owner("brand", "") is True  # empty: the usual words again
    builder.flush()
    assert "owners" not in json.loads(builder.path.read_text("utf-8"))
    builder.undo()
    builder.flush()
    assert json.loads(builder.path.read_text("utf-8"))["owners"] == [{"id": "brand", "label": "the council"}]
    assert namer.name_owner("partner", "x" * (MAX_LABEL + 1)) is False
    assert f"Owner not renamed: an owner&#x27;s name is at most {MAX_LABEL} characters" in builder.status.value


def test_a_refused_word_is_told_in_one_shape_whoever_refused_it():
    from cjm_helpers.builder.channels import refusal
    from cjm_helpers.model import OwnerWord

    with pytest.raises(ValueError) as caught:
        OwnerWord(id="nobody", label="the council")
    assert refusal(caught.value) == "must be one of 'brand', 'partner', 'customer' or 'social', got 'nobody'"
    assert refusal(ValueError("a map declares at most 30 channels of its own")) == \
        "a map declares at most 30 channels of its own"
