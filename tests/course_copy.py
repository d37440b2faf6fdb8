"""A small copy of the course for trainer-side tests: the nbgrader config, the manifest and one assignment's source."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_course(folder: Path, assignment: str) -> Path:
    """Copy nbgrader_config.py, course.toml and solutions/<assignment> (no learner maps) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("nbgrader_config.py", "course.toml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "solutions" / assignment, folder / "solutions" / assignment,
                    ignore=shutil.ignore_patterns("my_*", "*.bak", ".ipynb_checkpoints"))
    return folder
