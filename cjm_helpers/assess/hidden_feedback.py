"""Keep hidden checks hidden in nbgrader's feedback.

Autograding restores the hidden checks into each test cell so that they run;
nbgrader 0.9.6 then shows that source, and tracebacks quoting it, in the
feedback HTML a learner receives. HideHiddenChecks, one step of the feedback
pipeline (see nbgrader_config.py; the Markdown and outputs are made inert by
assess/inert.py), removes the hidden region from the source
again and replaces the traceback of such a cell by its last line
("AssertionError: ..."), so the learner reads what failed, never how it is
checked.
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests

HIDDEN_NOTE = "# (hidden checks ran here)"


class HideHiddenChecks(ClearHiddenTests):
    """ClearHiddenTests for feedback: also shortens the tracebacks of hidden-check cells."""

    def preprocess_cell(self, cell, resources, cell_index):
        had_hidden = cell.cell_type == "code" and self.begin_test_delimeter in cell.source
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if had_hidden:
            cell.source = cell.source.rstrip("\n") + "\n" + HIDDEN_NOTE
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
