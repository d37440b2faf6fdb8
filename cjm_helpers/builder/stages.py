"""Stage editor: pick a stage, rename it, set its goal (and time), add, remove, move left or right."""

from __future__ import annotations

import ipywidgets as w

from ..model import MapType, Stage
from .controls import button, dropdown, text_field


def stage_label(n: int, stage: Stage) -> str:
    time = f"{stage.time} " if stage.time else ""
    return f"{n + 1}. {time}{stage.name} ({len(stage.touchpoints)})"


class StageEditor:
    """Edits map.stages; `selected` is the index of the stage shown (None when there are none)."""

    def __init__(self, host, on_select=None):
        self.host = host
        self.on_select = on_select or (lambda index: None)
        self.selected: int | None = None
        self.picker = dropdown("Stage", "Choose the stage to edit; the number in brackets counts its touchpoints",
                               options=[])
        self.picker.layout.flex = "1 1 0%"
        self.picker.layout.min_width = "0"
        self.add = button("Add stage", "Add a new stage after the one shown", icon="plus")
        self.remove = button("Remove", "Remove the stage shown, with its touchpoints (a backup of the file is kept)",
                             icon="trash")
        self.left = button("", "Move the stage shown one place to the left (earlier in the journey)",
                           icon="arrow-left", width="36px")
        self.right = button("", "Move the stage shown one place to the right (later in the journey)",
                            icon="arrow-right", width="36px")
        self.name = text_field("Stage name", "The name of this stage, e.g. 'Awareness' or 'Booking'",
                               placeholder="e.g. Booking")
        self.goal = text_field("Stage goal", "What the customer wants to get done in this stage",
                               placeholder="What the customer wants here")
        self.time = text_field("Time", 'Day-in-the-life maps: when this part of the day starts, 24-hour "07:30"',
                               placeholder="07:30")
        self.empty = w.HTML("<i>No stages yet: press <b>Add stage</b>.</i>")
        self.picker.observe(self._picked, "value")
        self.add.on_click(lambda _: self.add_stage())
        self.remove.on_click(lambda _: self.remove_stage())
        self.left.on_click(lambda _: self.move(-1))
        self.right.on_click(lambda _: self.move(+1))
        self.name.observe(lambda c: self._field("name", c["new"]), "value")
        self.goal.observe(lambda c: self._field("goal", c["new"]), "value")
        self.time.observe(lambda c: self._field("time", c["new"] or None), "value")
        self.fields = w.VBox([self.name, self.goal, self.time])
        self.widget = w.VBox([
            w.HBox([self.picker, self.left, self.right], layout=w.Layout(width="100%")),
            w.HBox([self.add, self.remove]),
            self.empty,
            self.fields,
        ])

    # --- model -> widgets -------------------------------------------------
    @property
    def stage(self) -> Stage | None:
        journey = self.host.map
        if journey is None or self.selected is None or self.selected >= len(journey.stages):
            return None
        return journey.stages[self.selected]

    def refresh(self, select: int | None = None) -> None:
        journey = self.host.map
        stages = journey.stages if journey is not None else []
        if select is not None:
            self.selected = select
        if not stages:
            self.selected = None
        elif self.selected is None or self.selected >= len(stages):
            self.selected = min(self.selected or 0, len(stages) - 1)
        with self.host.quiet():
            self.picker.options = [(stage_label(n, s), n) for n, s in enumerate(stages)]
            self.picker.value = self.selected
            stage = self.stage
            self.name.value = stage.name if stage else ""
            self.goal.value = stage.goal if stage else ""
            self.time.value = (stage.time or "") if stage else ""
        has = stage is not None
        self.empty.layout.display = "none" if has else ""
        self.fields.layout.display = "" if has else "none"
        day = journey is not None and journey.map_type == MapType.day_in_the_life
        self.time.layout.display = "" if day else "none"
        for control in (self.remove, self.left, self.right, self.picker):
            control.disabled = not has
        if has:
            self.left.disabled = self.selected == 0
            self.right.disabled = self.selected == len(stages) - 1
        self.on_select(self.selected)

    def relabel(self) -> None:
        """Update the picker's labels (names, counts) without changing the selection."""
        journey = self.host.map
        if journey is None:
            return
        with self.host.quiet():
            self.picker.options = [(stage_label(n, s), n) for n, s in enumerate(journey.stages)]
            self.picker.value = self.selected

    # --- widgets -> model ---------------------------------------------------
    def _picked(self, change) -> None:
        if self.host.quiet or change["new"] is None:
            return
        self.refresh(select=change["new"])

    def _field(self, field: str, value) -> None:
        if self.host.quiet or self.stage is None:
            return
        if self.host.assign(self.stage, field, value, f"Stage {self.selected + 1} {field}"):
            if field in ("name", "time"):
                self.relabel()

    def add_stage(self, name: str | None = None) -> Stage | None:
        journey = self.host.map
        if journey is None:
            return None
        taken = {s.name for s in journey.stages}
        n = len(journey.stages) + 1
        while name is None or name in taken:
            name = f"Stage {n}"
            n += 1
        stage = Stage(name=name)
        at = len(journey.stages) if self.selected is None else self.selected + 1
        journey.stages.insert(at, stage)
        self.refresh(select=at)
        self.host.changed(structural=True)
        return stage

    def remove_stage(self) -> None:
        journey = self.host.map
        if self.stage is None:
            return
        del journey.stages[self.selected]
        self.refresh(select=max(0, self.selected - 1))
        self.host.changed(structural=True)

    def move(self, step: int) -> None:
        journey = self.host.map
        if self.stage is None:
            return
        to = self.selected + step
        if not 0 <= to < len(journey.stages):
            return
        stages = journey.stages
        stages[self.selected], stages[to] = stages[to], stages[self.selected]
        self.refresh(select=to)
        self.host.changed(structural=True)
