"""The whole course executed, against N times the bare-notebook floor of the same run.

Every notebook the tests execute (lessons, exercises, solutions, trainer,
workshop) is run once with papermill, as tests/notebook_runner.py does, in a
temporary copy of its folder. The floor is the median of executing a bare
notebook (one cell: `import cjm_helpers`) the same way; target (issue 14): the
course within 1.5 x N x floor. Each lesson's own time is printed too.

    .venv/bin/python benchmarks/bench_course.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from _bench import emit  # noqa: E402


def main() -> None:
    import nbformat

    from notebook_runner import run_notebook
    from test_notebooks import all_notebooks

    notebooks = all_notebooks()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bare_dir = folder / "bare" / "bare"
        bare_dir.mkdir(parents=True)
        bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import cjm_helpers")])
        bare.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(bare, bare_dir / "bare.ipynb")
        floors = []
        for k in range(3):
            start = time.perf_counter()
            run_notebook(bare_dir / "bare.ipynb", folder / f"floor{k}")
            floors.append(time.perf_counter() - start)
        floor = statistics.median(floors)
        total = 0.0
        for k, notebook in enumerate(notebooks):
            start = time.perf_counter()
            run_notebook(notebook, folder / f"run{k}")
            seconds = time.perf_counter() - start
            total += seconds
            emit(f"execute {notebook}", seconds, "s", floor, "reported (the floor: a bare notebook)", True)
        emit(f"execute the whole course ({len(notebooks)} notebooks)", total, "s", len(notebooks) * floor,
             f"< 1.5 x {len(notebooks)} x bare-notebook floor", total < 1.5 * len(notebooks) * floor)


if __name__ == "__main__":
    main()
