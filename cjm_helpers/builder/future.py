"""Future-state panel: each pain point of the current map, improved (where, how it will feel) or deferred.

Improve has one feeling, not two: the "Feeling there" slider IS the future
feeling of the touchpoint where the change shows. Moving it sets that
touchpoint's `feeling` in the future map (and `improvements[].expected_feeling`
to the same number, so files stay as before), and the comparison drawing is
redrawn at once.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..checks.report import COLOURS
from ..model import Deferred, Improvement, JourneyMap, PainPoint, Stage, Touchpoint, feeling_face
from ..palette import SEVERITY_WORDS
from .controls import LABEL_WIDTH, feeling_slider, feeling_value, shared_style, text_field

UNDECIDED, IMPROVE, DEFER = "Not yet", "Improve", "Defer"


class PainPointDecision:
    """One current-state pain point and what the future state does about it."""

    def __init__(self, panel, stage: Stage, tp: Touchpoint, pp: PainPoint):

        self.panel, self.host, self.pp, self.tp = panel, panel.host, pp, tp
        face = f"{feeling_face(tp.feeling)} {tp.feeling:+d}".replace("+0", "0") if tp.feeling is not None else "not rated"
        badge = COLOURS["error"][0] if pp.severity == 3 else (COLOURS["warning"][0] if pp.severity == 2 else "#555")
        self.label = w.HTML(
            f'<span style="color:{badge}"><b>Severity {pp.severity}</b> '
            f"({SEVERITY_WORDS.get(pp.severity, '')})</span> — {html.escape(pp.text)}<br>"
            f'<span style="color:#555">at {html.escape(stage.name)} › {html.escape(tp.name)}, feeling today {face}</span>')
        self.decision = w.ToggleButtons(
            options=[UNDECIDED, IMPROVE, DEFER], value=UNDECIDED,
            style=shared_style(w.ToggleButtons, button_width="96px"),
            tooltips=["Not decided yet", "Write the improvement that answers this pain point",
                      "Leave this pain point for later, with the reason"],
            tooltip=f"What the future state does about '{pp.text}'")
        self.change = text_field("Change", f"What changes so that '{pp.text}' no longer happens",
                                 placeholder="What will be different?")
        self.where = w.Dropdown(description="Shows at", tooltip="The touchpoint of the future-state map where the "
                                "change shows", style=shared_style(w.Dropdown, description_width=LABEL_WIDTH),
                                layout=w.Layout(width="auto"))
        self.expected = feeling_slider("Feeling there", "How the customer will feel at that touchpoint after the "
                                       "change (-2..+2): this sets the touchpoint's feeling in your future map, "
                                       "and it should be higher than today", rated_only=True)
        self.reason = text_field("Reason", f"Why '{pp.text}' has to wait", placeholder="Why it has to wait")
        self.note = w.HTML()
        self.improve_box = w.VBox([self.change, self.where, self.expected])
        self.defer_box = w.VBox([self.reason])
        self.widget = w.VBox([self.label, self.decision, self.improve_box, self.defer_box, self.note],
                             layout=w.Layout(border_bottom="1px solid #ddd", padding="4px 0"))
        for control in (self.decision, self.change, self.where, self.expected, self.reason):
            control.observe(self._edited, "value")

    # --- model -> widgets -------------------------------------------------
    def refresh(self, journey: JourneyMap) -> None:
        improvement = next((i for i in journey.improvements if i.pain_point == self.pp.id), None)
        deferred = next((d for d in journey.deferred if d.pain_point == self.pp.id), None)
        with self.host.quiet():
            self.refresh_touchpoints(journey)
            if improvement is not None:
                self.decision.value = IMPROVE
                self.change.value = improvement.change
                if improvement.touchpoint in [v for _, v in self.where.options]:
                    self.where.value = improvement.touchpoint
                shown = _touchpoint(journey, improvement.touchpoint)
                feeling = shown.feeling if shown is not None and shown.feeling is not None else improvement.expected_feeling
                self.expected.value = feeling
            elif deferred is not None:
                self.decision.value = DEFER
                self.reason.value = deferred.reason
            else:
                self.decision.value = UNDECIDED
                if self.tp.feeling is not None:
                    self.expected.value = min(2, self.tp.feeling + 1)
        self._show()

    def refresh_touchpoints(self, journey: JourneyMap) -> None:
        with self.host.quiet():
            keep = self.where.value
            options = [(f"{s.name} › {t.name or '(no name yet)'}", t.id) for s, t in journey.touchpoints()]
            self.where.options = options
            ids = [v for _, v in options]
            if keep in ids:
                self.where.value = keep
            elif self.tp.id in ids:
                self.where.value = self.tp.id
            else:
                self.where.value = ids[0] if ids else None

    def _show(self) -> None:
        choice = self.decision.value
        self.improve_box.layout.display = "" if choice == IMPROVE else "none"
        self.defer_box.layout.display = "" if choice == DEFER else "none"
        missing = ""
        if choice == IMPROVE and not self.change.value.strip():
            missing = "Write the change: the improvement is saved once it says what changes."
        elif choice == IMPROVE and not self.where.value:
            missing = "Add a touchpoint to the map first: the improvement must show somewhere."
        elif choice == DEFER and not self.reason.value.strip():
            missing = "Write the reason: the deferral is saved once it says why."
        self.note.value = f'<i style="color:{COLOURS["warning"][0]}">{html.escape(missing)}</i>' if missing else ""

    # --- widgets -> model ---------------------------------------------------
    def _edited(self, change) -> None:
        if self.host.quiet or self.host.map is None:
            return
        self._show()
        journey = self.host.map
        improvements = [i for i in journey.improvements if i.pain_point != self.pp.id]
        deferred = [d for d in journey.deferred if d.pain_point != self.pp.id]
        ours_i = [i for i in journey.improvements if i.pain_point == self.pp.id]
        ours_d = [d for d in journey.deferred if d.pain_point == self.pp.id]
        choice = self.decision.value
        if choice == IMPROVE and self.change.value.strip() and self.where.value:
            feeling = feeling_value(self.expected.value)
            entry = Improvement(pain_point=self.pp.id, change=self.change.value, touchpoint=self.where.value,
                                expected_feeling=feeling)
            ours_i = [entry] + ours_i[1:]
            ours_d = []
            shown = _touchpoint(journey, self.where.value)
            if shown is not None and shown.feeling != feeling:
                shown.feeling = feeling      # the one number: the future map's own feeling there
                self.host.touchpoints.refresh()
        elif choice == DEFER and self.reason.value.strip():
            ours_d = [Deferred(pain_point=self.pp.id, reason=self.reason.value)] + ours_d[1:]
            ours_i = []
        else:
            ours_i, ours_d = [], []
        journey.improvements[:] = self.panel.in_journey_order(improvements + ours_i)
        journey.deferred[:] = self.panel.in_journey_order(deferred + ours_d)
        self.host.changed()
        self.host.preview.flush()            # the comparison shows the new feeling at once


def follow_touchpoint_feelings(journey: JourneyMap) -> bool:
    """Each improvement's expected feeling becomes its touchpoint's future feeling (one number); True if any moved."""
    moved = False
    for improvement in journey.improvements:
        tp = _touchpoint(journey, improvement.touchpoint)
        if tp is not None and tp.feeling is not None and tp.feeling != improvement.expected_feeling:
            improvement.expected_feeling = tp.feeling
            moved = True
    return moved


def _touchpoint(journey: JourneyMap, touchpoint_id: str | None) -> Touchpoint | None:
    return next((tp for _, tp in journey.touchpoints() if tp.id == touchpoint_id), None)


class FuturePanel:
    """Lists every pain point of the current-state map; the learner improves or defers each."""

    def __init__(self, host):
        self.host = host
        self.intro = w.HTML()
        self.rows: list[PainPointDecision] = []
        self.box = w.VBox()
        self.widget = w.VBox([self.intro, self.box])
        editor = getattr(host, "touchpoints", None)
        if editor is not None and hasattr(editor, "feeling"):
            # a feeling changed on the Stages tab is the improvement's feeling too: keep one number
            editor.feeling.observe(lambda _change: self.follow_feelings(), "value")

    def follow_feelings(self) -> None:
        """Set each improvement's expected feeling to its touchpoint's feeling, and show it in the rows."""
        journey = self.host.map
        if self.host.quiet or journey is None:
            return
        if follow_touchpoint_feelings(journey):
            for row in self.rows:
                row.refresh(journey)
            self.host.changed()

    def refresh(self) -> None:
        current, journey = self.host.current_map, self.host.map
        problem = self.host.current_problem
        if journey is None:
            self.intro.value, self.box.children = "", []
            return
        if current is None:
            text = problem or ("No current-state map: give FutureStateBuilder(path, based_on=...) the file "
                               "of the current-state map to list its pain points here.")
            self.intro.value = f'<div style="color:{COLOURS["warning"][0]}">{html.escape(text)}</div>'
            self.rows, self.box.children = [], []
            return
        pains = current.pain_points()
        critical = sum(1 for _, _, pp in pains if pp.severity == 3)
        self.intro.value = (
            f"<div>{len(pains)} pain point{'s' * (len(pains) != 1)} in the current state "
            f"({critical} critical). Improve each one or defer it with a reason; every critical one must be "
            "improved or deferred.</div>")
        self.rows = [PainPointDecision(self, stage, tp, pp) for stage, tp, pp in pains]
        for row in self.rows:
            row.refresh(journey)
        self.box.children = [row.widget for row in self.rows]

    def refresh_touchpoints(self) -> None:
        if self.host.map is not None:
            for row in self.rows:
                row.refresh_touchpoints(self.host.map)

    def in_journey_order(self, entries: list) -> list:
        """Improvements or deferrals in the order of their pain points in the current map (others last)."""
        order = {row.pp.id: n for n, row in enumerate(self.rows)}
        return sorted(entries, key=lambda item: order.get(item.pain_point, len(order)))

    def row(self, pain_point_id: str) -> PainPointDecision:
        return next(r for r in self.rows if r.pp.id == pain_point_id)
