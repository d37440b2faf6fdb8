"""Learner text is inert on every page a trainer or learner reads after grading.

Two layers, both switched on in nbgrader_config.py ("learner text is inert"):

    InertLearnerText        last step of `nbgrader autograde`: the autograded notebook,
                            which Formgrader, the feedback and JupyterLab all render,
                            shows the learner's text as text
    EscapeSubmissionNames   a step of HTMLExporter (Formgrader's grading page): the student's
                            id and names, which nbgrader's template prints unescaped
    markdown_to_clean_html  the `markdown2html` filter of nbconvert's HTMLExporter, used by
                            the feedback and Formgrader templates: rendered Markdown goes
                            through clean_html (nbgrader's templates do not sanitise it), and
                            a learner's TeX through inert_tex (MathJax typesets after this)

What it trusts: Markdown cells nbgrader locked and restored from the course's
own source (a grade_id known to the gradebook and `locked`), and the
installed package. Everything else in a submission is learner text: every
other Markdown or raw cell, every output of the learner's kernel (a locked
cell's output too: the kernel is the learner's), attachments and the widget
state. Markdown keeps its formatting, plain formatting tags (<b>, <li> ...)
included, with every other tag shown as typed and MathJax's active TeX
commands broken (escape_markdown); HTML outputs are cleaned (clean_html); outputs that run
code in the reader's browser (JavaScript, widgets, SVG, anything not on a
short list) are replaced by a plain note saying what was removed.
"""

from __future__ import annotations

import re

from jinja2 import pass_context
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from .sanitise import clean_html, escape_markdown, escape_text, inert_tex

# Output formats kept (after cleaning); any other is removed with a note.
PICTURES = {"image/png", "image/jpeg", "image/gif"}
KEPT_OUTPUTS = {"text/plain", "text/html", "text/markdown", *PICTURES}
SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
REMOVED_NOTE = "[not shown on grading pages: {kinds} (only text, cleaned HTML and pictures are)]"


def is_course_text(cell) -> bool:
    """A cell nbgrader restored from the course source: locked, with a grade_id the gradebook knows.

    nbgrader's OverwriteCells (run before this step) deletes unknown grade_ids and
    resets `locked` and the source of known cells from the gradebook.
    """
    grading = cell.get("metadata", {}).get("nbgrader", {})
    return bool(grading.get("locked") and grading.get("grade_id") and not grading.get("solution"))


def inert_output(output: dict) -> dict:
    """One cell output made inert: HTML cleaned, Markdown escaped, active formats replaced by a note."""
    if "data" not in output:  # stream and error outputs: plain text, escaped by every renderer
        return output
    data, removed = {}, []
    for kind, value in output["data"].items():
        if kind not in KEPT_OUTPUTS:
            removed.append(kind)
        elif kind == "text/html":
            data[kind] = clean_html(_text(value))
        elif kind == "text/markdown":
            data[kind] = escape_markdown(_text(value))
        else:
            data[kind] = value
    if removed:
        note = REMOVED_NOTE.format(kinds=", ".join(sorted(removed)))
        data["text/plain"] = (_text(data["text/plain"]) + "\n" + note) if "text/plain" in data else note
    output["data"] = data
    # Output metadata reaches HTML attributes (width=..., height=...) unescaped: keep numbers only.
    metadata = {}
    for kind, values in (output.get("metadata") or {}).items():
        if kind in PICTURES and isinstance(values, dict):
            sizes = {k: v for k, v in values.items()
                     if k in ("width", "height") and isinstance(v, (int, float)) and not isinstance(v, bool)}
            if sizes:
                metadata[kind] = sizes
    output["metadata"] = metadata
    return output


class InertLearnerText(Preprocessor):
    """Autograde step: learner Markdown escaped, outputs cleaned, active content removed."""

    enabled = Bool(True, help="Make learner text inert in the autograded notebook.").tag(config=True)

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        nb.metadata.pop("widgets", None)  # widget state: an HTML widget renders its value as markup
        return nb, resources

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown" and not is_course_text(cell):
            cell.source = escape_markdown(cell.source)
        elif cell.cell_type == "raw":
            cell.source = escape_text(cell.source)  # a raw cell marked text/html is pasted into the page
        if "attachments" in cell:
            cell.attachments = {name: {kind: value for kind, value in bundle.items() if kind in PICTURES}
                                for name, bundle in cell.attachments.items()}
        grading = cell.metadata.get("nbgrader")
        if grading and not SAFE_ID.match(str(grading.get("grade_id", "ok"))):
            del grading["grade_id"]  # it is written into Formgrader's page unescaped
        for index, output in enumerate(cell.get("outputs", [])):
            cell.outputs[index] = inert_output(output)
        return cell, resources


class EscapeSubmissionNames(Preprocessor):
    """Formgrader page: the student's id and names (from a roster or a hub account) shown as text."""

    enabled = Bool(True, help="Escape the student's id and names on Formgrader's page.").tag(config=True)
    fields = ("student", "first_name", "last_name", "notebook_path")

    def preprocess(self, nb, resources):
        for field in self.fields:
            if resources.get(field):
                resources[field] = escape_text(resources[field])
        return nb, resources


@pass_context
def markdown_to_clean_html(context, source: str) -> str:
    """nbconvert's markdown2html, then clean_html (and inert_tex unless course text): any cell, rendered safely."""
    cell = context.get("cell", {})
    path = context.get("resources", {}).get("metadata", {}).get("path", "")
    renderer = IPythonRenderer(escape=False, attachments=cell.get("attachments", {}), path=path)
    html = clean_html(MarkdownWithMath(renderer=renderer).render(source or ""))
    return html if is_course_text(cell) else inert_tex(html)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
