"""Execute a notebook with papermill in a temporary copy of its folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent


class NotebookFailed(AssertionError):
    """A notebook raised: names the notebook and the failing cell."""


def run_notebook(
    notebook: str | Path,
    workdir: Path,
    parameters: dict[str, Any] | None = None,
    timeout: int = 180,
    env_root: Path = ROOT,
) -> nbformat.NotebookNode:
    """Copy the notebook's folder into workdir, execute it there, return the executed notebook.

    Nothing in the repository is written: the map files, CPD log and figures a
    notebook makes land in the copy.
    """
    import os

    import papermill

    notebook = (env_root / notebook) if not Path(notebook).is_absolute() else Path(notebook)
    copy = workdir / notebook.parent.name
    shutil.copytree(notebook.parent, copy, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.bak", "my_*.json"))
    src = copy / notebook.name
    out = copy / f"{notebook.stem}.executed.ipynb"
    os.environ.setdefault("CJM_COURSE_ROOT", str(env_root))
    os.environ.setdefault("MPLBACKEND", "agg")
    try:
        for attempt in (1, 2, 3):
            try:
                # request_save_on_cell_execute=False: papermill writes (and validates) the whole
                # notebook before and after every cell otherwise, 2 x cells writes that grow with the
                # outputs (about a second per lesson); the executed notebook is still written once.
                papermill.execute_notebook(
                    str(src), str(out), parameters=parameters or {}, kernel_name="python3",
                    cwd=str(copy), progress_bar=False, execution_timeout=timeout,
                    shutdown_kernel="immediate", request_save_on_cell_execute=False,
                )
                break
            except RuntimeError as exc:
                # jupyter_client picks the kernel's ports before the kernel binds them; with many
                # kernels starting at once another process can take one first ("Address already in
                # use"), and the kernel dies before any cell ran. Only that start-up failure is retried.
                if "Kernel died before replying to kernel_info" not in str(exc) or attempt == 3:
                    raise
    except papermill.PapermillExecutionError as exc:
        raise NotebookFailed(
            f"{notebook.relative_to(env_root) if notebook.is_relative_to(env_root) else notebook}: "
            f"cell {exc.exec_count} raised {exc.ename}: {exc.evalue}\n{''.join(exc.traceback[-3:])}"
        ) from None
    return nbformat.read(out, as_version=4)


def outputs_text(nb: nbformat.NotebookNode) -> str:
    """Everything a learner would read in the outputs: streams, text and HTML."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output.get("text", ""))
            data = output.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in data:
                    parts.append(data[mime] if isinstance(data[mime], str) else "".join(data[mime]))
    return "\n".join(parts)
