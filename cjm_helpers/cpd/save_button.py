"""A button that saves the CPD record shown on the progress page as a file, when the learner clicks it.

Running the page only reads the record; the PDF (drawn by matplotlib, about
a second) is made on the click. The file is written from the same CPDRecord
the page shows, read and checked by cpd_record() as everywhere else.
"""

from __future__ import annotations

import html
from pathlib import Path

from .log import CPDError
from .record import CPDRecord


def saved_message(record: CPDRecord, saved: Path) -> str:
    """What the page says after saving (HTML; the learner's name and the file name escaped)."""
    whose = (f" for {html.escape(record.learner)}" if record.learner else
             ' (no name on it: write yours in cpd_record(name="...") above and run the page again)')
    return f"Saved your CPD record{whose} as <code>{html.escape(str(saved))}</code>."


def save_button(record: CPDRecord, path: str | Path = "my_cpd_record.pdf"):
    """A 'Save' button and a line that says what happened; the click writes record to path
    (.pdf, .html or .csv, beside the notebook unless path says otherwise)."""
    import ipywidgets as widgets

    path = Path(path)
    button = widgets.Button(description=f"Save {path.name}", icon="download",
                            tooltip="Write your CPD record to this file",
                            layout=widgets.Layout(width="auto"))
    said = widgets.HTML()

    def save(_=None) -> None:
        try:
            saved = record.export(path)
        except CPDError as exc:
            said.value = f"<span style='color:#b35806'>&#9888; {html.escape(str(exc))}</span>"
        else:
            said.value = saved_message(record, saved)

    button.on_click(save)
    return widgets.HBox([button, said])
