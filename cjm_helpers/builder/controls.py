"""Small widget factories: every control gets a description and a tooltip, and fits a narrow column."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import ipywidgets as w

from ..model import FEELING_MAX, FEELING_MIN, feeling_face

LABEL_WIDTH = "92px"
NOT_RATED = "not rated"


_STYLES: dict[tuple, w.Widget] = {}


def shared_style(control: type, **values: str) -> w.Widget:
    """One style model for every control of this class with these values (e.g. description_width),
    shared: a builder has dozens of controls, and a style of each one's own is one more widget model
    sent to the browser. Never change a shared style's values; pass other values for another style."""
    kind = control.style.klass          # TextStyle for Text and Textarea, DescriptionStyle for Dropdown, ...
    key = (kind, tuple(sorted(values.items())))
    style = _STYLES.get(key)
    if style is None or style.comm is None:     # none yet, or closed (Widget.close_all)
        style = _STYLES[key] = kind(**values)
    return style


def _style(control: type) -> w.Widget:
    return shared_style(control, description_width=LABEL_WIDTH)


def text_field(description: str, tooltip: str, value: str = "", placeholder: str = "",
               rows: int = 0) -> w.Text | w.Textarea:
    """A one-line Text, or a Textarea of `rows` rows."""
    kind = w.Textarea if rows else w.Text
    extra = {"rows": rows} if rows else {}
    # width auto: a column stretches it to its width; 100% would add the label and overflow
    return kind(value=value, description=description, tooltip=tooltip, placeholder=placeholder,
                style=_style(kind), layout=w.Layout(width="auto"), **extra)


def lines_field(description: str, tooltip: str, values: list[str] | None = None,
                placeholder: str = "one per line", rows: int = 2) -> w.Textarea:
    """A Textarea holding a list of texts, one per line."""
    return text_field(description, tooltip + " (one per line)", joined(values or []), placeholder, rows)


def lines(text: str) -> list[str]:
    """Textarea content -> list of non-empty, trimmed lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def joined(values: list[str]) -> str:
    return "\n".join(values)


def dropdown(description: str, tooltip: str, options, value=None, width: str = "auto") -> w.Dropdown:
    return w.Dropdown(options=options, value=value, description=description, tooltip=tooltip,
                      style=_style(w.Dropdown), layout=w.Layout(width=width))


def button(description: str, tooltip: str, icon: str = "", style: str = "", width: str = "auto") -> w.Button:
    return w.Button(description=description, tooltip=tooltip, icon=icon, button_style=style,
                    style=shared_style(w.Button), layout=w.Layout(width=width))


def checkbox(description: str, tooltip: str, value: bool = False) -> w.Checkbox:
    return w.Checkbox(value=value, description=description, tooltip=tooltip, indent=False,
                      layout=w.Layout(width="auto"))


def feeling_options() -> list[tuple[str, object]]:
    """Slider stops: 'not rated', then -2..+2 each with its face."""
    return [("· not rated", NOT_RATED)] + [
        (f"{feeling_face(n)} {n:+d}" if n else f"{feeling_face(n)} 0", n)
        for n in range(FEELING_MIN, FEELING_MAX + 1)
    ]


def feeling_slider(description: str, tooltip: str, value: int | None = None,
                   rated_only: bool = False) -> w.SelectionSlider:
    """Feeling on the -2..+2 scale with a face; `rated_only` drops the 'not rated' stop."""
    options = feeling_options()[1:] if rated_only else feeling_options()
    current = NOT_RATED if value is None else value
    if rated_only and value is None:
        current = 0
    return w.SelectionSlider(options=options, value=current, description=description, tooltip=tooltip,
                             continuous_update=False, style=_style(w.SelectionSlider), layout=w.Layout(width="auto"))


def feeling_value(slider_value) -> int | None:
    return None if slider_value == NOT_RATED else int(slider_value)


def heading(text: str) -> w.HTML:
    import html

    return w.HTML(f"<b>{html.escape(text)}</b>", style=shared_style(w.HTML), layout=w.Layout(margin="4px 0 0 0"))


class Quiet:
    """A re-entrant 'refreshing from the model' flag: observers ignore changes while it is set."""

    def __init__(self) -> None:
        self.depth = 0

    def __bool__(self) -> bool:
        return self.depth > 0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
