"""nbgrader preprocessors that give the course's marks from the submitted map files.

Trusted: this installed package, run in the grader's own process, and the
criteria table (assess/criteria.py). Not trusted: the learner's kernel and
everything in the submission folder. So, in nbgrader's Autograde chain
(see autograde_chain(), used by nbgrader_config.py):

1. SnapshotMapFiles, before any kernel starts, reads the exercise's map files
   (names fixed by the criteria, not by the notebook) into memory. Nothing the
   kernel writes during autograde counts. A symbolic link is not a map file.
2. ResilientExecute runs the notebook as nbgrader's Execute does, but a cell
   that times out with an interrupt it ignores, or that kills the kernel, gets
   an error output and a fresh kernel (given the notebook's parameters cell
   again), and the rest of the notebook runs.
3. ScoreGradedCells replaces the outputs of every graded code cell with the
   verdict of its criterion on the snapshot: a stream when met, an error output
   when not (nbgrader then scores the cell 0). The kernel's outputs of graded
   cells are discarded, so no environment variable, package in the submission
   or patched module changes a mark.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from .criteria import criterion, for_notebook

SNAPSHOT = "cjm_map_files"  # key in nbconvert's resources: {file name: bytes or None}


def _notebook_name(resources: dict[str, Any]) -> str:
    return str((resources.get("nbgrader") or {}).get("notebook") or resources.get("unique_key") or "")


def _folder(resources: dict[str, Any]) -> Path:
    return Path((resources.get("metadata") or {}).get("path") or ".")


def _read_bounded(path: Path) -> bytes:
    """At most one byte past the map-file limit: a huge file is judged (and refused) without being read whole."""
    from ..limits import MAX_FILE_BYTES

    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


class SnapshotMapFiles(NbGraderPreprocessor):
    """Read the exercise's map files before the kernel runs (the first step of autograding)."""

    def preprocess(self, nb, resources):
        exercise = for_notebook(_notebook_name(resources))
        snapshot: dict[str, bytes | None] = {}
        if exercise is not None:
            folder, handed_in = _folder(resources), self._submitted_folder(resources)
            for name in exercise.files:
                path = folder / name
                linked = path.is_symlink() or (handed_in is not None and (handed_in / name).is_symlink())
                snapshot[name] = _read_bounded(path) if path.is_file() and not linked else None
        resources[SNAPSHOT] = snapshot
        return nb, resources

    def _submitted_folder(self, resources: dict[str, Any]) -> Path | None:
        """The learner's folder in submitted/ (nbgrader copies a link there as the file it points to)."""
        from nbgrader.coursedir import CourseDirectory

        info = resources.get("nbgrader") or {}
        if not info.get("student") or not info.get("assignment"):
            return None
        coursedir = CourseDirectory(config=self.config)
        return Path(coursedir.format_path(coursedir.submitted_directory, info["student"], info["assignment"]))


class ResilientExecute(Execute):
    """nbgrader's Execute, where a stuck or crashing cell costs only that cell."""

    def preprocess(self, nb, resources=None, km=None):
        try:
            return super().preprocess(nb, resources, km)
        except Exception as exc:  # noqa: BLE001 - a kernel beyond repair must not stop the scoring
            self.log.error("The notebook could not be run to the end (%s); it is scored from its files", exc)
            return nb, resources

    def preprocess_cell(self, cell, resources, index):
        try:
            return super().preprocess_cell(cell, resources, index)
        except (CellTimeoutError, DeadKernelError, TimeoutError) as exc:
            self.log.warning("Cell %s did not finish (%s): restarting the kernel", index, type(exc).__name__)
            cell.outputs = [*cell.get("outputs", []), _error(
                type(exc).__name__, "the cell did not finish; the kernel was restarted and grading went on")]
            self._restart_kernel()
            return cell, self.resources

    def _restart_kernel(self) -> None:
        from jupyter_core.utils import run_sync

        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        for cell in self.nb.cells:  # the fresh kernel gets the notebook's parameters (map_path...) again
            if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
                run_sync(self.async_wait_for_reply)(self.kc.execute(cell.source, silent=True), cell)


class ScoreGradedCells(NbGraderPreprocessor):
    """Give every graded code cell the verdict of its criterion on the snapshot, as its only output."""

    def preprocess(self, nb, resources):
        exercise = for_notebook(_notebook_name(resources))
        if exercise is None:
            return nb, resources
        snapshot = resources.get(SNAPSHOT) or {}
        folder = Path(tempfile.mkdtemp(prefix="cjm-grade-"))
        try:
            for name in exercise.files:
                content = snapshot.get(name)
                if content is not None:
                    (folder / name).write_bytes(content)
            for cell in nb.cells:
                grading = cell.metadata.get("nbgrader", {})
                if cell.cell_type == "code" and grading.get("grade"):
                    cell.outputs = [_verdict_output(grading.get("grade_id", ""), exercise, folder)]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return nb, resources


def _verdict_output(grade_id: str, exercise, folder: Path) -> NotebookNode:
    from .verdict import criterion_line, judge_criterion

    try:
        owner, item = criterion(grade_id)
    except KeyError:
        return _error("UnknownCriterion", f"{grade_id!r} is not a marking criterion of this course")
    if owner is not exercise:
        return _error("UnknownCriterion", f"{grade_id!r} belongs to {owner.notebook}, not {exercise.notebook}")
    current = folder / exercise.current_file if exercise.current_file else None
    outcome = judge_criterion(item, exercise, folder / exercise.map_file, current)
    line = criterion_line(item, outcome).replace(f"{folder}{os.sep}", "")  # the learner's file names
    if outcome.passed:
        return NotebookNode(output_type="stream", name="stdout", text=line + "\n")
    return _error("AssertionError", line)


def _error(name: str, value: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=name, evalue=value, traceback=[f"{name}: {value}"])


def autograde_chain(default: list | None = None) -> list:
    """nbgrader's autograde preprocessors with Execute replaced, the snapshot first and the scoring after it."""
    if default is None:
        from nbgrader.converters import Autograde

        default = list(Autograde.class_traits()["autograde_preprocessors"].default())
    chain = [ResilientExecute if pp is Execute else pp for pp in default]
    at = chain.index(ResilientExecute)
    return [SnapshotMapFiles, *chain[:at + 1], ScoreGradedCells, *chain[at + 1:]]
