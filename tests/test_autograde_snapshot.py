"""The grading steps on their own (no kernel): a huge or linked map file is judged without being read whole."""

from __future__ import annotations

import json

import nbformat

from cjm_helpers import limits
from cjm_helpers.assess.autograde import SNAPSHOT, ScoreGradedCells, SnapshotMapFiles
from notebook_runner import ROOT

ASSIGNMENT = "02_current_state"
RELEASED = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def graded_outputs(folder):
    """Snapshot then score the released notebook as autograde would, for a learner's folder; {grade_id: output}."""
    nb = nbformat.read(RELEASED, as_version=4)
    resources = {"nbgrader": {"notebook": ASSIGNMENT}, "metadata": {"path": str(folder)}}
    nb, resources = SnapshotMapFiles().preprocess(nb, resources)
    nb, resources = ScoreGradedCells().preprocess(nb, resources)
    return resources, {c.metadata["nbgrader"]["grade_id"]: c.outputs[0] for c in nb.cells
                       if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}


def test_a_huge_map_file_is_read_only_to_the_limit_and_scores_nothing(tmp_path):
    huge = tmp_path / "my_current_state.json"
    with huge.open("wb") as handle:  # 1 GiB by its size, sparse on disk
        handle.truncate(1024 ** 3)
    resources, outputs = graded_outputs(tmp_path)
    assert len(resources[SNAPSHOT]["my_current_state.json"]) == limits.MAX_FILE_BYTES + 1
    assert outputs and all(o.output_type == "error" for o in outputs.values())
    assert any("limit" in o.evalue for o in outputs.values()), [o.evalue for o in outputs.values()]


def test_a_linked_map_file_scores_nothing_and_the_solution_scores_everything(tmp_path):
    solution = ROOT / "solutions" / ASSIGNMENT / "solution_current_state.json"
    (tmp_path / "my_current_state.json").symlink_to(solution)
    _, outputs = graded_outputs(tmp_path)
    assert all(o.output_type == "error" for o in outputs.values())
    (tmp_path / "my_current_state.json").unlink()
    (tmp_path / "my_current_state.json").write_text(json.dumps(json.loads(solution.read_text("utf-8"))), "utf-8")
    _, outputs = graded_outputs(tmp_path)
    assert outputs and all(o.output_type == "stream" for o in outputs.values()), outputs
