"""Generate the learners' exercises/ from the trainers' solutions/ (`make release`).

    python -m cjm_helpers.release 01_persona 02_current_state ...
    python -m cjm_helpers.release --all [--no-db] [--into FOLDER]

Each assignment goes through `nbgrader generate_assignment --force` with the
repository's nbgrader_config.py, into a temporary folder; the result is then
normalised (no outputs, no execution counts, only the metadata that matters,
nbformat's sorted-key JSON) and copied into exercises/<assignment>/. Learners'
own files there (my_*.json and backups) are left alone. Regenerating twice
gives identical files, so `git diff exercises/` shows only real changes, and
tests/test_release.py fails when the committed exercises/ is out of date.

Conventions for an exercise notebook (solutions/NN_name/NN_name.ipynb)
=====================================================================
Follow these when adding an assignment; the tests check most of them.

Folder and manifest
    One folder per assignment, the notebook named after the folder. Add an
    [[activity]] to course.toml with path exercises/NN_name/NN_name.ipynb,
    minutes and points; run `make nav`, then `make release`, and commit both
    solutions/NN_name and exercises/NN_name.

Cells, top to bottom
    1. Markdown tagged `cjm-nav` (empty: `make nav` fills it).
    2. Markdown: title, the brief, what the learner hands in, the CPD points.
    3. A small worked example drawn with cjm_helpers (an example map).
    4. Code tagged `parameters`: `map_path = "my_<topic>.json"` (and other
       input paths). Learners' files are always named my_*.json: the release
       and the test runner skip them. Papermill and the tests inject values
       here.
    5. The builder: `MapBuilder(map_path, map_type=...)`; it saves as the
       learner works, so everything graded is in the saved FILE (autograding
       re-executes in a fresh kernel; widget state is lost).
    6. The worked solution: a code cell with nbgrader metadata
       {solution: true, grade: false} holding ### BEGIN SOLUTION / ### END
       SOLUTION. In solutions/ it writes a complete map to map_path, usually
       `write_solution_map("solution_<topic>.json", map_path)` from a
       solution_*.json file beside the notebook (solution_*.json files are
       never released). In exercises/ the region becomes the comment
       "# your code here" (the Markdown above it says whether code is optional), so an
       untouched exercise runs without an exception.
    7. The self-check: `task = Task(...)`; `task.check(map_path)`, with
       `task.hint()` and `task.solution()` offered in a comment.
    8. Autograded test cells: nbgrader metadata {grade: true, solution:
       false, locked: true, points: N, grade_id: "<assignment-id>_<what>"},
       each one line `show_criterion("<grade_id>", map_path)` from
       cjm_helpers.grading. The criterion (points, requirement in plain
       words, how it is judged) is written once in cjm_helpers/assess/
       criteria.py, with the same points as the cell's metadata (a test
       checks it). No hidden checks: every marked condition is stated.
    9. Reflection (where the brief has one): Markdown cells with nbgrader
       metadata {grade: true, solution: true, points: N} for trainers to mark
       by hand ("YOUR ANSWER HERE" in the release), followed by a
       self-assessment rubric for self-paced learners.
   10. Markdown tagged `cjm-nav` at the bottom.

Grading versus running (why an untouched exercise never raises)
    A learner running the notebook, and papermill in the tests, see a
    friendly outcome: show_criterion() prints "passed", "not yet: ..." or
    "not attempted" and never raises outside nbgrader. The marks nbgrader
    records come from the course's autograde preprocessors
    (cjm_helpers/assess/autograde.py, configured in nbgrader_config.py),
    which judge the submitted map files in the grader's own process and
    replace every graded cell's output; nothing the kernel prints counts.
"""

from __future__ import annotations

import argparse
import filecmp
import fnmatch
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable

import nbformat

NOTEBOOK_METADATA_KEPT = ("kernelspec", "language_info")
CELL_METADATA_KEPT = ("nbgrader", "tags", "deletable", "editable")
LANGUAGE_INFO_KEPT = ("name",)
LEARNER_FILES = ("my_*.json", "my_*.json.bak", "*.bak", "*.corrupt", ".ipynb_checkpoints")


class ReleaseError(Exception):
    """An assignment that cannot be generated (named, with nbgrader's reason)."""


def course_root() -> Path:
    from .course import find_root

    return find_root()


def assignments_in(root: Path) -> list[str]:
    """Every assignment folder under solutions/."""
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def nbgrader_config(root: Path, **overrides: Any):
    """The repository's nbgrader_config.py, with CourseDirectory overrides."""
    from traitlets.config import Config, PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    extra = Config()
    for key, value in overrides.items():
        section, name = key.split(".")
        extra[section][name] = value
    config.merge(extra)
    return config


def normalise_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """No outputs, no execution counts, only metadata a learner or nbgrader needs."""
    nb.metadata = nbformat.NotebookNode(
        {k: nb.metadata[k] for k in NOTEBOOK_METADATA_KEPT if k in nb.metadata}
    )
    if "language_info" in nb.metadata:
        info = nb.metadata["language_info"]
        nb.metadata["language_info"] = {k: info[k] for k in LANGUAGE_INFO_KEPT if k in info}
    for cell in nb.cells:
        cell.metadata = nbformat.NotebookNode(
            {k: cell.metadata[k] for k in CELL_METADATA_KEPT if k in cell.metadata}
        )
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        if "attachments" in cell and not cell.attachments:
            del cell["attachments"]
    return nb


def notebook_text(nb: nbformat.NotebookNode) -> str:
    """The stored form of a notebook: nbformat's sorted-key JSON, newline at the end."""
    return nbformat.writes(nb) + "\n"


def learner_view(nb: nbformat.NotebookNode) -> list[tuple]:
    """What a learner sees or nbgrader relies on, cell by cell (for comparing releases)."""
    view = []
    for cell in nb.cells:
        grading = dict(cell.metadata.get("nbgrader", {}))
        view.append((
            cell.cell_type,
            cell.source,
            tuple(cell.metadata.get("tags", [])),
            tuple(sorted((k, str(v)) for k, v in grading.items())),
        ))
    return view


def _is_learner_file(path: Path, base: Path) -> bool:
    rel = path.relative_to(base)
    return any(fnmatch.fnmatch(part, pattern) for part in rel.parts for pattern in LEARNER_FILES)


def _generate_one(root: Path, assignment: str, into: Path, db: bool) -> None:
    from nbgrader.converters import GenerateAssignment, NbGraderException
    from nbgrader.coursedir import CourseDirectory

    (root / "build" / "nbgrader").mkdir(parents=True, exist_ok=True)
    config = nbgrader_config(root, **{
        "CourseDirectory.root": str(root),
        "CourseDirectory.release_directory": str(into),
        "GenerateAssignment.no_database": not db,
        "SaveCells.enabled": db,          # as nbgrader's own --no-db flag: no gradebook needed at all
        "GenerateAssignment.create_assignment": True,
    })
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    if db:
        _check_existing_gradebook(coursedir.db_url)
    converter = GenerateAssignment(coursedir=coursedir, config=config)
    converter.force = True
    try:
        converter.start()
    except NbGraderException as exc:
        raise ReleaseError(f"solutions/{assignment}: nbgrader could not generate it: {exc}") from None


def _check_existing_gradebook(db_url: str) -> None:
    """A gradebook already there is checked before nbgrader writes to it: a damaged one is never written."""
    from .gradebook_file import GradebookError, check_gradebook, gradebook_file

    try:
        if not db_url.startswith("sqlite:///") or not gradebook_file(db_url).exists():
            return                          # nbgrader makes a new one (or it is another kind of database)
        check_gradebook(db_url)
    except GradebookError as exc:
        raise ReleaseError(f"{exc}; nothing was generated (use --no-db to generate without the gradebook)") \
            from None


def _sync_folder(generated: Path, dest: Path) -> list[str]:
    """Make dest hold exactly the generated files (learners' own files untouched); what changed."""
    changed = []
    dest.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(generated) for p in generated.rglob("*") if p.is_file()}
    for rel in sorted(wanted):
        src, out = generated / rel, dest / rel
        if out.exists() and filecmp.cmp(src, out, shallow=False):
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out)
        changed.append(str(rel))
    for path in sorted(dest.rglob("*"), reverse=True):
        if _is_learner_file(path, dest):
            continue
        rel = path.relative_to(dest)
        if path.is_file() and rel not in wanted:
            path.unlink()
            changed.append(f"{rel} (removed)")
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def generate(
    assignments: Iterable[str],
    into: str | Path | None = None,
    root: str | Path | None = None,
    db: bool = True,
) -> dict[str, list[str]]:
    """Generate and normalise each assignment into `into` (default exercises/); what changed per assignment."""
    root = Path(root).resolve() if root else course_root()
    into = Path(into).resolve() if into else root / "exercises"
    report = {}
    for assignment in assignments:
        if not (root / "solutions" / assignment).is_dir():
            raise ReleaseError(f"solutions/{assignment}: no such assignment folder")
        with tempfile.TemporaryDirectory(prefix="cjm-release-") as tmp:
            _generate_one(root, assignment, Path(tmp), db)
            generated = Path(tmp) / assignment
            for path in sorted(generated.rglob("*"), reverse=True):
                if path.is_file() and _is_learner_file(path, generated):
                    path.unlink()  # a trainer's own try-out map in solutions/
            for path in generated.rglob("*.ipynb"):
                nb = normalise_notebook(nbformat.read(path, as_version=4))
                path.write_text(notebook_text(nb), encoding="utf-8")
            report[assignment] = _sync_folder(generated, into / assignment)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cjm_helpers.release",
        description="Regenerate exercises/ from solutions/ with nbgrader.",
    )
    parser.add_argument("assignments", nargs="*", help="assignment folders under solutions/")
    parser.add_argument("--all", action="store_true", help="every assignment under solutions/")
    parser.add_argument("--into", help="write here instead of exercises/")
    parser.add_argument("--no-db", action="store_true", help="do not record the assignments in the gradebook")
    args = parser.parse_args(argv)
    root = course_root()
    names = assignments_in(root) if args.all or not args.assignments else args.assignments
    try:
        report = generate(names, into=args.into, root=root, db=not args.no_db)
    except ReleaseError as exc:
        from .errors import refused

        return refused(exc)
    for assignment, changed in report.items():
        print(f"{assignment}: " + (", ".join(changed) if changed else "up to date"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
