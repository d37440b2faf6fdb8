"""Touchpoint editor: the touchpoints of one stage, every field of the format."""

from __future__ import annotations

import ipywidgets as w

from ..model import JourneyMap, MapType, PainPoint, Stage, Touchpoint, next_id
from ..palette import SEVERITY_WORDS
from ..words import channel_choices, owner_choices
from .channels import ChannelAdder, OwnerNamer
from .controls import (
    button, checkbox, dropdown, feeling_slider, feeling_value, heading, lines, lines_field, text_field,
)

STAY = -1  # the "Move to" picker's resting choice: a real option, so its label shows

SEVERITIES = [(f"{level} {word}", level) for level, word in SEVERITY_WORDS.items()]


def channel_options(journey: JourneyMap | None) -> list[tuple[str, str | None]]:
    """The channel picker's choices: the map's channels in words, their values as in the file."""
    return [("—", None)] + [(label, value) for value, label in channel_choices(journey)]


def owner_options(journey: JourneyMap | None) -> list[tuple[str, str | None]]:
    return [("—", None)] + [(label, value) for value, label in owner_choices(journey)]


TEXT_FIELDS = {
    "name": ("Touchpoint", "What happens at this touchpoint, e.g. 'Books a trial lesson online'"),
    "doing": ("Doing", "What the customer does here"),
    "thinking": ("Thinking", "What goes through their mind (a short quote works well)"),
    "intent": ("Intent", "What they want to achieve at this touchpoint"),
}
LIST_FIELDS = {
    "opportunities": ("Opportunities", "Ideas to make this moment better"),
    "evidence": ("Evidence", "Blueprint: what the customer sees or gets (a form, an email, a sign)"),
    "frontstage": ("Frontstage", "Blueprint: what staff do that the customer sees"),
    "backstage": ("Backstage", "Blueprint: what staff do out of sight to make it happen"),
    "support": ("Support", "Blueprint: systems and teams that support the staff"),
}


def touchpoint_label(n: int, tp: Touchpoint) -> str:
    """What the picker shows: the number and name, never the internal id."""
    return f"{n + 1}. {tp.name or '(no name yet)'}"


class PainPointRows:
    """The pain points of one touchpoint: text and severity per row, remove, and a row to add one."""

    def __init__(self, host, editor):
        self.host = host
        self.editor = editor
        self.rows = w.VBox()
        self.new_text = text_field("New pain", "Describe a pain point here, then press Add pain point",
                                   placeholder="What is hard or frustrating here?")
        self.new_severity = w.Dropdown(options=SEVERITIES, value=2, tooltip="How bad it is: 1 minor, 2 serious, 3 critical",
                                       layout=w.Layout(width="110px"))
        self.add = button("Add pain point", "Add the pain point typed on the left to this touchpoint", icon="plus")
        self.add.on_click(lambda _: self.add_pain_point())
        self.new_text.layout = w.Layout(width="auto", flex="1 1 0%", min_width="0")
        self.widget = w.VBox([heading("Pain points"), self.rows,
                              w.HBox([self.new_text, self.new_severity], layout=w.Layout(width="100%")),
                              self.add])

    def refresh(self, tp: Touchpoint | None) -> None:
        rows = []
        for n, pp in enumerate(tp.pain_points if tp else []):
            text = text_field(f"Pain {n + 1}", f"Pain point {n + 1}: what is hard or frustrating here", pp.text)
            text.layout = w.Layout(width="auto", flex="1 1 0%", min_width="0")
            severity = w.Dropdown(options=SEVERITIES, value=pp.severity, layout=w.Layout(width="110px"),
                                  tooltip=f"Severity of pain point {n + 1}: 1 minor, 2 serious, 3 critical")
            remove = button("", f"Remove pain point {n + 1}", icon="trash", width="36px")
            text.observe(lambda c, p=pp: self._edit(p, "text", c["new"]), "value")
            severity.observe(lambda c, p=pp: self._edit(p, "severity", c["new"]), "value")
            remove.on_click(lambda _, p=pp: self.remove(p))
            rows.append(w.HBox([text, severity, remove], layout=w.Layout(width="100%")))
        self.rows.children = rows

    def _edit(self, pp: PainPoint, field: str, value) -> None:
        if not self.host.quiet:
            self.host.assign(pp, field, value, f"Pain point {field}")

    def add_pain_point(self, text: str | None = None, severity: int | None = None) -> PainPoint | None:
        tp = self.editor.touchpoint
        text = (text if text is not None else self.new_text.value).strip()
        if tp is None:
            return None
        if not text:
            self.host.note("Type the pain point first, then press Add pain point.", "warning")
            return None
        taken = {p.id for _, _, p in self.host.map.pain_points()}
        pp = PainPoint(id=next_id("pp", taken), text=text, severity=severity or self.new_severity.value)
        tp.pain_points.append(pp)
        with self.host.quiet():
            self.new_text.value = ""
        self.refresh(tp)
        self.host.changed(structural=True)
        return pp

    def remove(self, pp: PainPoint) -> None:
        tp = self.editor.touchpoint
        if tp is None:
            return
        tp.pain_points[:] = [p for p in tp.pain_points if p is not pp]
        self.refresh(tp)
        self.host.changed(structural=True)


class TouchpointEditor:
    """Edits the touchpoints of the stage shown by the stage editor."""

    def __init__(self, host):
        self.host = host
        self.stage: Stage | None = None
        self.selected: int | None = None
        self.picker = dropdown("Touchpoint", "Choose the touchpoint of this stage to edit", options=[])
        self.picker.layout.flex = "1 1 0%"
        self.picker.layout.min_width = "0"
        self.add = button("Add touchpoint", "Add a new touchpoint to this stage, after the one shown", icon="plus")
        self.remove = button("Remove", "Remove the touchpoint shown (a backup of the file is kept)", icon="trash")
        self.up = button("", "Move the touchpoint shown earlier in this stage", icon="arrow-up", width="36px")
        self.down = button("", "Move the touchpoint shown later in this stage", icon="arrow-down", width="36px")
        self.move_to = dropdown("Move to", "Move the touchpoint shown to the end of another stage", options=[],
                                width="100%")
        self.texts = {f: text_field(label, tip) for f, (label, tip) in TEXT_FIELDS.items()}
        self.channel = dropdown("Channel", "The medium of this touchpoint (add your own below)",
                                channel_options(None), None)
        self.owner = dropdown("Owner", "Who owns this touchpoint: we (the organisation), a partner or supplier, "
                              "the customer, or others (Lemon and Verhoef, 2016)", owner_options(None), None)
        self.new_channel = ChannelAdder(host, self)
        self.owner_name = OwnerNamer(host)
        self.feeling = feeling_slider("Feeling", "How the customer feels here, from -2 (very bad) to +2 (very good)")
        self.moment_of_truth = checkbox("Moment of truth", "Tick when this moment decides whether the customer "
                                        "stays or goes")
        self.lists = {f: lines_field(label, tip) for f, (label, tip) in LIST_FIELDS.items()}
        self.fail_point = checkbox("Fail point", "Blueprint: tick when things often go wrong here")
        self.wait_minutes = w.BoundedFloatText(value=0, min=0, max=100000, step=1, description="Wait (min)",
                                               tooltip="Blueprint: minutes the customer typically waits here (0: none)",
                                               style={"description_width": "92px"}, layout=w.Layout(width="200px"))
        self.pain_points = PainPointRows(host, self)
        self.empty = w.HTML("<i>No touchpoints in this stage yet: press <b>Add touchpoint</b>.</i>")

        self.picker.observe(self._picked, "value")
        self.add.on_click(lambda _: self.add_touchpoint())
        self.remove.on_click(lambda _: self.remove_touchpoint())
        self.up.on_click(lambda _: self.move(-1))
        self.down.on_click(lambda _: self.move(+1))
        self.move_to.observe(lambda c: None if self.host.quiet or c["new"] in (None, STAY) else
                             self.move_to_stage(c["new"]), "value")
        for field, widget in self.texts.items():
            widget.observe(lambda c, f=field: self._field(f, c["new"]), "value")
        for field, widget in self.lists.items():
            widget.observe(lambda c, f=field: self._field(f, lines(c["new"])), "value")
        self.channel.observe(lambda c: self._field("channel", c["new"]), "value")
        self.owner.observe(lambda c: self._field("owner", c["new"]), "value")
        self.feeling.observe(lambda c: self._field("feeling", feeling_value(c["new"])), "value")
        self.moment_of_truth.observe(lambda c: self._field("moment_of_truth", c["new"]), "value")
        self.fail_point.observe(lambda c: self._field("fail_point", c["new"]), "value")
        self.wait_minutes.observe(lambda c: self._field("wait_minutes", c["new"] or None), "value")

        self.blueprint = w.VBox([heading("Service blueprint"), self.lists["evidence"], self.lists["frontstage"],
                                 self.lists["backstage"], self.lists["support"],
                                 w.HBox([self.fail_point, self.wait_minutes])])
        self.fields = w.VBox([
            self.texts["name"],
            self.move_to,
            self.channel,
            self.new_channel.widget,
            self.owner,
            self.feeling,
            self.moment_of_truth,
            self.texts["doing"], self.texts["thinking"], self.texts["intent"],
            self.pain_points.widget,
            self.lists["opportunities"],
            self.blueprint,
            heading("This map's words for an owner"),
            self.owner_name.widget,
        ])
        self.widget = w.VBox([
            w.HBox([self.picker, self.up, self.down], layout=w.Layout(width="100%")),
            w.HBox([self.add, self.remove]),
            self.empty,
            self.fields,
        ], layout=w.Layout(border_top="1px solid #ccc", padding="4px 0 0 0", margin="6px 0 0 0"))

    @property
    def touchpoint(self) -> Touchpoint | None:
        if self.stage is None or self.selected is None or self.selected >= len(self.stage.touchpoints):
            return None
        return self.stage.touchpoints[self.selected]

    # --- model -> widgets -------------------------------------------------
    def show_stage(self, stage: Stage | None, select: int | None = 0) -> None:
        if stage is not self.stage:
            self.selected = select
        elif select is not None:
            self.selected = select
        self.stage = stage
        self.refresh()

    def refresh(self) -> None:
        tps = self.stage.touchpoints if self.stage is not None else []
        if not tps:
            self.selected = None
        elif self.selected is None or self.selected >= len(tps):
            self.selected = min(self.selected or 0, len(tps) - 1)
        tp = self.touchpoint
        with self.host.quiet():
            self.picker.options = [(touchpoint_label(n, t), n) for n, t in enumerate(tps)]
            self.picker.value = self.selected
            for field, widget in self.texts.items():
                widget.value = getattr(tp, field) if tp else ""
            for field, widget in self.lists.items():
                widget.value = "\n".join(getattr(tp, field)) if tp else ""
            journey = self.host.map
            self.channel.options = channel_options(journey)
            self.owner.options = owner_options(journey)
            self.channel.value = str(tp.channel) if tp and tp.channel is not None else None
            self.owner.value = str(tp.owner) if tp and tp.owner is not None else None
            self.feeling.value = "not rated" if tp is None or tp.feeling is None else tp.feeling
            self.moment_of_truth.value = bool(tp and tp.moment_of_truth)
            self.fail_point.value = bool(tp and tp.fail_point)
            self.wait_minutes.value = (tp.wait_minutes or 0) if tp else 0
            self.pain_points.refresh(tp)
            self._offer_stages()
        self.empty.layout.display = "none" if tp else ""
        self.empty.value = ("<i>No touchpoints in this stage yet: press <b>Add touchpoint</b>.</i>"
                            if self.stage is not None else "<i>Add a stage first.</i>")
        self.fields.layout.display = "" if tp else "none"
        self.add.disabled = self.stage is None
        for control in (self.remove, self.up, self.down, self.picker):
            control.disabled = tp is None
        if tp is not None:
            self.up.disabled = self.selected == 0
            self.down.disabled = self.selected == len(tps) - 1
        journey = self.host.map
        blueprint = journey is not None and journey.map_type == MapType.service_blueprint
        self.blueprint.layout.display = "" if blueprint else "none"

    def _offer_stages(self) -> None:
        journey = self.host.map
        others = [(f"{n + 1}. {s.name}", n) for n, s in enumerate(journey.stages if journey else [])
                  if s is not self.stage]
        self.move_to.options = [("another stage…", STAY), *others]
        self.move_to.value = STAY
        self.move_to.disabled = not others

    def relabel(self) -> None:
        tps = self.stage.touchpoints if self.stage is not None else []
        with self.host.quiet():
            self.picker.options = [(touchpoint_label(n, t), n) for n, t in enumerate(tps)]
            self.picker.value = self.selected

    # --- widgets -> model ---------------------------------------------------
    def _picked(self, change) -> None:
        if self.host.quiet or change["new"] is None:
            return
        self.selected = change["new"]
        self.refresh()

    def _field(self, field: str, value) -> None:
        tp = self.touchpoint
        if self.host.quiet or tp is None:
            return
        if self.host.assign(tp, field, value, f"Touchpoint {tp.id} {field.replace('_', ' ')}") and field == "name":
            self.relabel()

    def add_touchpoint(self, name: str | None = None) -> Touchpoint | None:
        if self.stage is None:
            return None
        taken = {tp.id for _, tp in self.host.map.touchpoints()}
        tp_id = next_id("tp", taken)
        tp = Touchpoint(id=tp_id, name=name or f"New touchpoint {tp_id}")
        at = len(self.stage.touchpoints) if self.selected is None else self.selected + 1
        self.stage.touchpoints.insert(at, tp)
        self.selected = at
        self.refresh()
        self.host.changed(structural=True)
        return tp

    def remove_touchpoint(self) -> None:
        if self.touchpoint is None:
            return
        del self.stage.touchpoints[self.selected]
        self.selected = max(0, self.selected - 1)
        self.refresh()
        self.host.changed(structural=True)

    def move_to_stage(self, index: int) -> None:
        """Move the touchpoint shown to the end of stage `index` and show it there."""
        journey, tp = self.host.map, self.touchpoint
        if tp is None or journey is None or not 0 <= index < len(journey.stages):
            return
        target = journey.stages[index]
        if target is self.stage:
            return
        del self.stage.touchpoints[self.selected]
        target.touchpoints.append(tp)
        self.host.stages.refresh(select=index)
        self.show_stage(target, select=len(target.touchpoints) - 1)
        self.host.changed(structural=True)

    def move(self, step: int) -> None:
        tps = self.stage.touchpoints if self.stage is not None else []
        if self.touchpoint is None or not 0 <= self.selected + step < len(tps):
            return
        a, b = self.selected, self.selected + step
        tps[a], tps[b] = tps[b], tps[a]
        self.selected = b
        self.refresh()
        self.host.changed(structural=True)
