"""Every notebook in the repository runs top to bottom without an exception.

Exercises run untouched (their checks say "not attempted"); solutions run with
their worked answers. Each runs in a temporary copy of its folder.
"""

from __future__ import annotations

import pytest

from notebook_runner import ROOT, run_notebook

NOTEBOOK_DIRS = ("lessons", "exercises", "solutions", "trainer", "workshop")


def all_notebooks() -> list[str]:
    found = []
    for folder in NOTEBOOK_DIRS:
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                found.append(str(path.relative_to(ROOT)))
    return found


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", all_notebooks())
def test_notebook_runs(notebook, tmp_path):
    nb = run_notebook(notebook, tmp_path)
    errors = [
        out for cell in nb.cells for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, f"{notebook}: error output {errors[0].get('ename')}: {errors[0].get('evalue')}"
