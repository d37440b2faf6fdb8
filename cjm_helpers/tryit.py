"""Small "Try it" widgets for the lessons: change a map with a slider or a box, see it redrawn.

A learner never edits Python to try an idea: each lesson's Try-it cell is one call,

    from cjm_helpers import tryit
    tryit.feelings("smartphone_purchase", "use-support")

Each function returns a TryIt: the widget (shown by the notebook), the example map
it works on (`.map`, a private copy: the shipped example file is never written) and
`.redraw()`. The controls are ordinary ipywidgets, so tests can set their values.
"""

from __future__ import annotations

from typing import Callable

from .model import JourneyMap

FEELING_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}


class TryIt:
    """A try-it widget: controls above, the drawing (or text) they change below."""

    def __init__(self, journey: JourneyMap | None, controls: list, render: Callable[[], object]):
        import ipywidgets as widgets

        self.map = journey
        self.controls = controls
        self._render = render
        self.output = widgets.Output()
        self.widget = widgets.VBox([*controls, self.output])
        self.redraw()

    def redraw(self) -> None:
        """Draw again from the current control values (the output is replaced, not appended to)."""
        self.output.outputs = (_display_data(self._render()),)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _display_data(shown) -> dict:
    """A notebook display_data output for a drawing (SVG, or PNG after show_as("png"), with its description as
    text) or an HTML string."""
    if isinstance(shown, str):
        return {"output_type": "display_data", "data": {"text/html": shown, "text/plain": shown}, "metadata": {}}
    shown.shown = True      # drawn into the widget: the notebook must not show it a second time
    if hasattr(shown, "mime_bundle"):       # a map drawing: SVG from its scene (no matplotlib), or PNG if asked
        return {"output_type": "display_data", "data": shown.mime_bundle(), "metadata": {}}
    import base64

    png = base64.b64encode(shown._repr_png_()).decode("ascii")
    alt = getattr(shown, "description", "") or "a drawing"
    return {"output_type": "display_data", "data": {"image/png": png, "text/plain": alt[:2000]}, "metadata": {}}


def _example(name: str) -> JourneyMap:
    from . import examples

    return examples.load(name)


def _label(text: str):
    import ipywidgets as widgets

    return widgets.HTML(f"<b>{_escape(text)}</b>")


def _escape(text: str) -> str:
    from .assess.sanitise import escape_text

    return escape_text(text)


def _watch(tryit_controls: list, apply: Callable[[], None], holder: dict) -> None:
    def changed(_change):
        apply()
        holder["tryit"].redraw()

    for control in tryit_controls:
        control.observe(changed, names="value")


def feelings(example: str, *touchpoint_ids: str) -> TryIt:
    """A feeling slider (-2..+2) and a 'thinking' box for each named touchpoint; the map redraws."""
    import ipywidgets as widgets

    from .draw import draw_map

    journey = _example(example)
    rows, controls, holder = [], [], {}
    for tp_id in touchpoint_ids:
        touchpoint = journey.find_touchpoint(tp_id)
        slider = widgets.IntSlider(value=touchpoint.feeling, min=-2, max=2, description="Feeling",
                                   continuous_update=False)
        thought = widgets.Text(value=touchpoint.thinking, description="Thinking",
                               layout=widgets.Layout(width="60%"))
        rows.append(widgets.VBox([_label(touchpoint.name), slider, thought]))
        controls += [slider, thought]

        def apply(touchpoint=touchpoint, slider=slider, thought=thought):
            touchpoint.feeling = slider.value
            touchpoint.thinking = thought.value
            if slider.value >= 0:          # the moment no longer hurts: its pain points are answered
                touchpoint.pain_points = []
        _watch([slider, thought], apply, holder)
    holder["tryit"] = TryIt(journey, rows, lambda: draw_map(journey))
    holder["tryit"].sliders = [c for c in controls if isinstance(c, widgets.IntSlider)]
    holder["tryit"].thoughts = [c for c in controls if isinstance(c, widgets.Text)]
    return holder["tryit"]


def blueprint_wait(example: str, touchpoint_id: str) -> TryIt:
    """A wait-in-minutes slider and a fail-point box for one blueprint touchpoint; the blueprint redraws."""
    import ipywidgets as widgets

    from .draw import draw_blueprint

    journey = _example(example)
    touchpoint = journey.find_touchpoint(touchpoint_id)
    wait = widgets.IntSlider(value=int(touchpoint.wait_minutes or 0), min=0, max=30, description="Wait (min)",
                             continuous_update=False)
    fail = widgets.Checkbox(value=touchpoint.fail_point, description="Fail point")
    holder = {}

    def apply():
        touchpoint.wait_minutes = wait.value or None
        touchpoint.fail_point = fail.value
        if not fail.value:
            touchpoint.pain_points = []
    _watch([wait, fail], apply, holder)
    holder["tryit"] = TryIt(journey, [_label(touchpoint.name), wait, fail], lambda: draw_blueprint(journey))
    holder["tryit"].wait, holder["tryit"].fail = wait, fail
    return holder["tryit"]


def stage_view(example: str) -> TryIt:
    """Tick the stages one team cares about; only those are drawn (a focused view of the map)."""
    import ipywidgets as widgets

    from .draw import draw_map

    journey = _example(example)
    boxes = [widgets.Checkbox(value=True, description=s.name, indent=False,
                              layout=widgets.Layout(width="auto")) for s in journey.stages]
    holder = {}

    def render():
        chosen = [s for s, box in zip(journey.stages, boxes) if box.value]
        if not chosen:
            return "Tick at least one stage."
        return draw_map(journey.model_copy(update={"stages": chosen}))

    row = widgets.HBox(boxes, layout=widgets.Layout(flex_flow="row wrap"))
    holder["tryit"] = TryIt(journey, [_label("Stages in this view"), row], render)
    _watch(boxes, lambda: None, holder)
    holder["tryit"].boxes = boxes
    return holder["tryit"]


def stage_presets() -> TryIt:
    """Pick a stage vocabulary by its title; its stages and their goals are listed."""
    import ipywidgets as widgets

    from .presets import STAGE_PRESETS, new_map

    picker = widgets.Dropdown(options=[(p.title, key) for key, p in STAGE_PRESETS.items()],
                              value="six_stages", description="Stages")
    holder = {}

    def render():
        stages = new_map(picker.value).stages
        items = "".join(f"<li><b>{_escape(s.name)}</b>: {_escape(s.goal)}</li>" for s in stages)
        return f"<ol>{items}</ol>"

    holder["tryit"] = TryIt(None, [picker], render)
    _watch([picker], lambda: None, holder)
    holder["tryit"].picker = picker
    return holder["tryit"]


def persona_form(example: str) -> TryIt:
    """Write a persona in boxes and press Check: the map checker reads the map with it."""
    import ipywidgets as widgets

    from .checks import check_map
    from .model import Persona

    journey = _example(example)
    wide = widgets.Layout(width="70%")
    name = widgets.Text(placeholder="e.g. Sam, first-time buyer (31)", description="Name", layout=wide)
    about = widgets.Textarea(placeholder="Who are they, and what situation starts their journey?",
                             description="Situation", layout=wide)
    goal = widgets.Text(placeholder="What are they trying to achieve?", description="Goal", layout=wide)
    frustration = widgets.Text(placeholder="What annoys them, or what do they dread?", description="Frustration",
                               layout=wide)
    button = widgets.Button(description="Check", button_style="primary")
    holder = {}

    def render():
        journey.persona = Persona(name=name.value.strip(), description=about.value.strip(),
                                  goals=[goal.value.strip()] if goal.value.strip() else [],
                                  needs=journey.persona.needs,
                                  frustrations=[frustration.value.strip()] if frustration.value.strip() else [])
        report = check_map(journey)
        persona_findings = [f for f in report.findings if f.rule.startswith("persona")]
        if not name.value.strip():
            return "Fill in the boxes, then press <b>Check</b>."
        if not persona_findings:
            return "The checker is happy with this persona."
        items = "".join(f"<li>{_escape(f.message)} <i>{_escape(f.hint)}</i></li>" for f in persona_findings)
        return f"<ul>{items}</ul>"

    holder["tryit"] = TryIt(journey, [name, about, goal, frustration, button], render)
    button.on_click(lambda _b: holder["tryit"].redraw())
    tryit = holder["tryit"]
    tryit.name, tryit.about, tryit.goal, tryit.frustration, tryit.button = name, about, goal, frustration, button
    return tryit


def funnel_stages() -> TryIt:
    """The language school's funnel with optional stages: asking support, and renewing."""
    import ipywidgets as widgets

    from .analytics import funnel, load_sample_events, plot_funnel

    events = load_sample_events()
    support = widgets.Checkbox(value=True, description="Count 'asked support' between Compare and Subscribe",
                               indent=False, layout=widgets.Layout(width="auto"))
    renew = widgets.Checkbox(value=False, description="Add 'Renew' at the end", indent=False,
                             layout=widgets.Layout(width="auto"))
    holder = {}

    def stages() -> dict[str, list[str]]:
        chosen = {"Discover": ["ad_click", "course_search"], "Compare": ["compare_offers"]}
        if support.value:
            chosen["Ask support"] = ["contact_support"]
        chosen["Subscribe"] = ["subscribe"]
        if renew.value:
            chosen["Renew"] = ["renewal"]
        return chosen

    holder["tryit"] = TryIt(None, [support, renew], lambda: plot_funnel(funnel(events, stages())))
    _watch([support, renew], lambda: None, holder)
    holder["tryit"].support, holder["tryit"].renew, holder["tryit"].stages = support, renew, stages
    return holder["tryit"]
