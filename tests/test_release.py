"""exercises/ is what `make release` makes from solutions/ today."""

from __future__ import annotations

import nbformat
import pytest

from cjm_helpers import release
from notebook_runner import ROOT


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh release of every assignment, without touching the gradebook."""
    into = tmp_path_factory.mktemp("release")
    release.generate(release.assignments_in(ROOT), into=into, root=ROOT, db=False)
    return into


def files(folder):
    return {p.relative_to(folder) for p in folder.rglob("*")
            if p.is_file() and not release._is_learner_file(p, folder)}


@pytest.mark.parametrize("assignment", release.assignments_in(ROOT))
def test_committed_exercise_matches_a_fresh_release(fresh, assignment):
    committed, generated = ROOT / "exercises" / assignment, fresh / assignment
    assert files(committed) == files(generated), (
        f"exercises/{assignment} has other files than a fresh release: run `make release`")
    for rel in sorted(files(generated)):
        if rel.suffix == ".ipynb":
            ours = nbformat.read(committed / rel, as_version=4)
            new = nbformat.read(generated / rel, as_version=4)
            for n, (a, b) in enumerate(zip(release.learner_view(ours), release.learner_view(new))):
                assert a == b, f"exercises/{assignment}/{rel} cell {n} differs from a fresh release: run `make release`"
            assert len(ours.cells) == len(new.cells), f"exercises/{assignment}/{rel}: cells added or removed"
        else:
            assert (committed / rel).read_bytes() == (generated / rel).read_bytes(), (
                f"exercises/{assignment}/{rel} differs from solutions/: run `make release`")


def test_release_is_stored_normalised(fresh):
    """Committed notebooks are byte-for-byte what the release writes, so diffs stay small."""
    for path in sorted((ROOT / "exercises").glob("*/*.ipynb")):
        rel = path.relative_to(ROOT / "exercises")
        if (fresh / rel).exists():
            assert path.read_text("utf-8") == (fresh / rel).read_text("utf-8"), f"exercises/{rel} is not as released"


def test_every_exercise_in_the_manifest_has_its_source(course):
    for activity in course.of_kind("exercise"):
        if (ROOT / activity.path).exists() or (ROOT / activity.source_path).exists():
            assert (ROOT / activity.source_path).exists(), f"{activity.id}: {activity.source_path} is missing"
            assert (ROOT / activity.path).exists(), f"{activity.id}: {activity.path} is missing: run `make release`"


def test_learner_view_notices_a_changed_check():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("require(map_path, 'current_state', stages=3)")]
    before = release.learner_view(nb)
    nb.cells[0].source = nb.cells[0].source.replace("3", "4")
    assert release.learner_view(nb) != before
