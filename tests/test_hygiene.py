"""Stored notebooks are clean, valid and on the python3 kernel."""

from __future__ import annotations

import nbformat
import pytest

from test_notebooks import all_notebooks
from notebook_runner import ROOT


@pytest.mark.parametrize("notebook", all_notebooks())
def test_notebook_is_stored_clean(notebook):
    nb = nbformat.read(ROOT / notebook, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{notebook}: kernelspec must be python3"
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"{notebook}: cell {n} is stored with outputs"
            assert cell.execution_count is None, f"{notebook}: cell {n} is stored with an execution count"


def test_there_are_notebooks():
    assert any(p.startswith("lessons/") for p in all_notebooks())
