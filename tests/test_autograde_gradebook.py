"""The parallel autograde checks the trainer's gradebook before nbgrader writes to it.

A gradebook that is not SQLite, or whose pages are torn, is refused by name with
exit 2 and no traceback, and left byte for byte as it was (nbgrader would
otherwise write to it, or fail half way).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _cohort import ASSIGNMENT, make_course, parallel_autograde  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("released") / "course", students=1)


@pytest.mark.parametrize("damage", ["not_sqlite", "torn"])
def test_a_damaged_gradebook_is_refused_and_never_written(course, tmp_path, damage):
    import shutil

    course = shutil.copytree(course, tmp_path / "course")
    db = course / "build" / "nbgrader" / "gradebook.db"
    raw = db.read_bytes()
    if damage == "not_sqlite":
        db.write_text("a spreadsheet saved over the gradebook", "utf-8")
    else:       # the SQLite header kept, the pages after it overwritten (a copy cut off mid-write)
        db.write_bytes(raw[:100] + b"\xff" * (len(raw) - 100))
    before = db.read_bytes()
    done = parallel_autograde(course, ASSIGNMENT, 2)
    expected = {"not_sqlite": "is not an SQLite database", "torn": "is damaged"}[damage]
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{db}: {expected}" in done.stderr and "it was not changed" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert db.read_bytes() == before, "the damaged gradebook is left exactly as it was"
