"""The whole course executed, against N times the bare-notebook floor of the same run.

Every notebook the tests execute (lessons, exercises, solutions, trainer,
workshop) is run once with papermill, as tests/notebook_runner.py does, in a
temporary copy of its folder and with a private, empty CPD log (as each test
has: the learner's real log is never read or written). The floor is the median
of executing a bare notebook (one cell: `import cjm_helpers`) the same way, once
before each course notebook so that it sees the same load;
target (issue 14): the course within 1.5 x N x floor. A second floor imports
the libraries a drawing lesson cannot do without (matplotlib, pydantic,
ipywidgets), to show how much of the ratio is theirs. Each notebook's line
gives its ratio to the floor, the time its cells took (papermill records each
cell's duration) and its slowest cells, so a regression points at a cell;
the whole course's line splits its seconds into those spent in cells and
those outside them (kernel start, papermill), which no notebook's code can cut.

The package's bytecode is compiled before timing, as installing it does (pip
writes the .pyc files): with PYTHONDONTWRITEBYTECODE set no kernel writes them,
and every kernel would compile each of our modules it imports from source again
(about 0.1-0.5 s a notebook, not once per install as a learner pays it).
`--source` measures that case: no bytecode, every module compiled in every kernel.

    .venv/bin/python benchmarks/bench_course.py [--source]
"""

from __future__ import annotations

import os
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

TOP_CELLS = 3
# What a lesson that draws a map and shows a widget imports before any of our code runs.
LIBRARIES = "import cjm_helpers, matplotlib.figure, pydantic, ipywidgets"


def slowest_cells(nb, count: int = TOP_CELLS) -> tuple[float, list[dict]]:
    """Seconds spent in code cells, and the `count` slowest cells (index, seconds, last line)."""
    cells = []
    for index, cell in enumerate(nb.cells):
        seconds = (cell.get("metadata", {}).get("papermill", {}) or {}).get("duration")
        if cell.cell_type == "code" and seconds is not None:
            last = cell.source.strip().splitlines()[-1] if cell.source.strip() else ""
            cells.append({"cell": index, "seconds": round(seconds, 3), "code": last[:70]})
    total = sum(c["seconds"] for c in cells)
    return total, sorted(cells, key=lambda c: -c["seconds"])[:count]


def bare_notebook(path: Path, code: str) -> Path:
    """A one-cell notebook running `code`."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def timed_run(notebook, workdir: Path):
    """Execute a notebook with its own empty CPD log; (seconds, executed notebook)."""
    from notebook_runner import run_notebook

    workdir.mkdir(parents=True)
    os.environ["CJM_CPD_LOG"] = str(workdir / "cpd-log.jsonl")
    start = time.perf_counter()
    nb = run_notebook(notebook, workdir)
    return time.perf_counter() - start, nb


def prepare_bytecode(source: bool) -> str:
    """Compile the package's .pyc files as an install does (or, `source`, delete them); what was done."""
    import compileall
    import shutil

    package = ROOT / "cjm_helpers"
    if source:
        for cache in package.rglob("__pycache__"):
            shutil.rmtree(cache)
        return "none: every kernel compiles the modules it imports"
    compileall.compile_dir(str(package), quiet=1)
    return "compiled before timing, as an install does"


def main() -> None:
    from test_notebooks import all_notebooks

    bytecode = prepare_bytecode("--source" in sys.argv[1:])
    notebooks = all_notebooks()
    saved_log = os.environ.get("CJM_CPD_LOG")
    try:
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            bare_dir = folder / "bare" / "bare"
            bare_dir.mkdir(parents=True)
            bare = bare_notebook(bare_dir / "bare.ipynb", "import cjm_helpers")
            libraries = bare_notebook(bare_dir / "libraries.ipynb", LIBRARIES)
            floors, library_floors, runs = [], [], []
            for k in range(3):
                floors.append(timed_run(bare, folder / f"floor-start{k}")[0])
                library_floors.append(timed_run(libraries, folder / f"libraries{k}")[0])
            # A bare notebook before each course notebook (and the libraries' one before every other):
            # the floors are sampled under the same load as the course (the machine is shared).
            for k, notebook in enumerate(notebooks):
                floors.append(timed_run(bare, folder / f"floor{k}")[0])
                if k % 2 == 0:
                    library_floors.append(timed_run(libraries, folder / f"libraries-between{k}")[0])
                runs.append((notebook, *timed_run(notebook, folder / f"run{k}")))
            floor, library_floor = statistics.median(floors), statistics.median(library_floors)
            total = all_cells = 0.0
            for notebook, seconds, nb in runs:
                total += seconds
                in_cells, top = slowest_cells(nb)
                all_cells += in_cells
                emit(f"execute {notebook}", seconds, "s", floor, "reported (the floor: a bare notebook)", True,
                     cells_seconds=round(in_cells, 3), slowest_cells=top)
            emit(f"execute the whole course ({len(notebooks)} notebooks)", total, "s", len(notebooks) * floor,
                 f"< 1.5 x {len(notebooks)} x bare-notebook floor", total < 1.5 * len(notebooks) * floor,
                 floor_seconds=round(floor, 3), floor_samples=len(floors), bytecode=bytecode,
                 cells_seconds=round(all_cells, 3), outside_cells_seconds=round(total - all_cells, 3))
            emit(f"execute the whole course against a floor that imports what a drawing lesson needs "
                 f"({LIBRARIES})", total, "s", len(notebooks) * library_floor,
                 "reported (the libraries' own import cost taken out of the ratio)", True,
                 floor_seconds=round(library_floor, 3), floor_samples=len(library_floors))
    finally:
        if saved_log is None:
            os.environ.pop("CJM_CPD_LOG", None)
        else:
            os.environ["CJM_CPD_LOG"] = saved_log


if __name__ == "__main__":
    main()
