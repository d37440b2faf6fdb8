"""The nbgrader gradebook at the door: a huge, foreign, damaged, locked or wrong-schema gradebook.db gets
one line naming the file and the problem, exit 2, in bounded time and memory, and is never changed.
Every hostile gradebook is generated here (never committed)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading

import pytest

from cjm_helpers import limits
from cjm_helpers import gradebook_file
from cjm_helpers.gradebook_file import GradebookError, check_gradebook, copy_checked
from test_limits import MEGABYTES, SECONDS, run_cli


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A real nbgrader gradebook with one learner and one assignment (made once: nbgrader takes seconds)."""
    from nbgrader.api import Gradebook

    mp = pytest.MonkeyPatch()
    mp.setenv("PATH", f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}")
    db = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    try:
        with Gradebook(f"sqlite:///{db}") as gb:
            gb.add_student("ada", first_name="Ada", last_name="Lovelace")
            gb.add_assignment("02_current_state")
            gb.add_notebook("02_current_state", "02_current_state")
            gb.add_grade_cell("auto", "02_current_state", "02_current_state", max_score=6, cell_type="code")
            gb.db.commit()
    finally:
        mp.undo()
    return db.read_bytes()


@pytest.fixture
def good(tmp_path, made):
    db = tmp_path / "good" / "gradebook.db"
    db.parent.mkdir()
    db.write_bytes(made)
    return db


def hostile(tmp_path, good, name: str):
    """(path, words the refusal must contain) for one kind of hostile gradebook."""
    path = tmp_path / f"{name}.db"
    if name == "huge":
        with path.open("wb") as handle:     # 200 MB by its size, sparse on disk: refused unread
            handle.truncate(200 * 1024 * 1024)
        return path, f"refused: the file is 209,715,200 bytes; the limit is {limits.MAX_GRADEBOOK_BYTES:,} bytes"
    if name == "not_sqlite":
        path.write_text("student,score\nada,6\n")
        return path, "is not an SQLite database, so not an nbgrader gradebook"
    if name == "damaged":
        raw = bytearray(good.read_bytes())
        page = 4096 if len(raw) > 8192 else 1024
        raw[page + 8: len(raw)] = os.urandom(len(raw) - page - 8)    # every page after the first scrambled
        path.write_bytes(bytes(raw))
        return path, "is damaged"
    if name == "wrong_schema":
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE student (id TEXT, name TEXT)")
        return path, "is not an nbgrader gradebook of this version: it lacks table course"
    if name == "pipe":
        os.mkfifo(path)
        return path, "not a regular file"
    raise KeyError(name)


KINDS = ["huge", "not_sqlite", "damaged", "wrong_schema", "pipe"]


def digest(path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("name", KINDS)
def test_grades_refuses_a_hostile_gradebook_in_one_line_and_changes_nothing(tmp_path, good, name):
    path, words = hostile(tmp_path, good, name)
    before = digest(path)
    result, seconds, peak_mb = run_cli("grades", "--gradebook", str(path))
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ") and words in lines[0], lines
    assert seconds < SECONDS and peak_mb < MEGABYTES, (seconds, peak_mb)
    assert digest(path) == before and not (tmp_path / f"{name}.db-journal").exists()


def test_a_locked_gradebook_is_reported_after_a_bounded_wait(tmp_path, good):
    before = digest(good)
    writer = sqlite3.connect(good, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")       # as a running autograde holding its write
    try:
        result, seconds, _ = run_cli("grades", "--gradebook", str(good))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 2 and f"error: {good}: is locked by another program" in result.stderr, result.stderr
    assert limits.GRADEBOOK_WAIT_SECONDS <= seconds < SECONDS
    assert digest(good) == before


def test_a_good_gradebook_is_read_without_writing_it(tmp_path, good):
    os.chmod(good, 0o444)                   # read-only: any write would fail
    before = digest(good)
    assert check_gradebook(f"sqlite:///{good}") == good and digest(good) == before
    result, _, _ = run_cli("grades", "--gradebook", str(good))
    assert result.returncode == 0, result.stderr
    assert "Lovelace" in result.stdout and digest(good) == before


def test_a_copy_reads_the_gradebook_and_leaves_its_file_as_it_was(tmp_path, good):
    old = 1_600_000_000
    os.utime(good, (old, old))
    before, listing = good.read_bytes(), sorted(p.name for p in good.parent.iterdir())
    copy = tmp_path / "copy.db"
    assert copy_checked(good, copy) == good
    assert good.read_bytes() == before and good.stat().st_mtime == old
    assert sorted(p.name for p in good.parent.iterdir()) == listing     # no journal, no -wal, no -shm left
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT last_name FROM student").fetchall() == [("Lovelace",)]


@pytest.mark.parametrize("name", ["damaged", "not_sqlite"])
def test_copying_a_damaged_gradebook_gives_the_clear_error(tmp_path, good, name):
    path, words = hostile(tmp_path, good, name)
    before = digest(path)
    with pytest.raises(GradebookError, match=f"^{path}: {words}"):
        copy_checked(path, tmp_path / "copy.db")
    assert digest(path) == before


@pytest.mark.parametrize("checked", [True, False], ids=["locked before", "locked after the check"])
def test_copying_a_locked_gradebook_waits_a_bounded_time(tmp_path, good, monkeypatch, checked):
    if not checked:     # a writer that takes the file between the check and the copy
        monkeypatch.setattr(gradebook_file, "check_gradebook", lambda db: gradebook_file.gradebook_file(db))
    before = digest(good)
    writer = sqlite3.connect(good, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    result: list = []
    copier = threading.Thread(target=lambda: result.append(_error_of(copy_checked, good, tmp_path / "copy.db")),
                              daemon=True)
    try:
        copier.start()
        copier.join(limits.GRADEBOOK_WAIT_SECONDS + 20)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert not copier.is_alive(), "the copy waited for ever on a locked gradebook"
    assert result and f"{good}: is locked by another program" in result[0], result
    assert digest(good) == before


def _error_of(function, *args) -> str:
    try:
        function(*args)
    except GradebookError as exc:
        return str(exc)
    return "no error"


def test_too_many_students_are_refused(tmp_path, good, monkeypatch):
    with sqlite3.connect(good) as connection:
        connection.executemany("INSERT INTO student (id) VALUES (?)", [(f"s{i}",) for i in range(20)])
    monkeypatch.setattr(limits, "MAX_GRADEBOOK_STUDENTS", 10)
    with pytest.raises(GradebookError, match=r"refused: it has 21 students; the limit is 10"):
        check_gradebook(good)
    monkeypatch.setattr(limits, "MAX_GRADEBOOK_STUDENTS", 100)
    with sqlite3.connect(good) as connection:
        (assignment,) = connection.execute("SELECT id FROM assignment").fetchone()
        connection.executemany("INSERT INTO submitted_assignment (id, assignment_id, student_id) VALUES (?, ?, ?)",
                               [(f"x{i}", assignment, f"s{i}") for i in range(20)])
    monkeypatch.setattr(limits, "MAX_GRADEBOOK_SUBMISSIONS", 19)
    with pytest.raises(GradebookError, match=r"refused: it has 20 submissions; the limit is 19"):
        check_gradebook(good)


def test_the_cohort_overview_names_a_damaged_gradebook(tmp_path, good):
    from cjm_helpers.cohort import cohort_overview

    path, _ = hostile(tmp_path, good, "not_sqlite")
    with pytest.raises(GradebookError, match=f"^{path}: is not an SQLite database"):
        cohort_overview(tmp_path, db_url=f"sqlite:///{path}")


def test_the_schema_checked_is_nbgrader_s_own():
    from nbgrader.api import Base

    from cjm_helpers.gradebook_file import SCHEMA

    assert SCHEMA == {t.name: tuple(c.name for c in t.columns) for t in Base.metadata.sorted_tables}


def test_the_limits_are_in_the_help_and_the_readme():
    from test_limits import ROOT

    result, _, _ = run_cli("grades", "--help")
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Limits of the gradebook"):]
    help_text = " ".join(result.stdout.split())
    for what, value in limits.GRADEBOOK_LIMITS.items():
        assert f"{what}: at most {value}" in help_text, what
        assert f"| {what} | {value} |" in section, what


def test_release_never_writes_into_a_damaged_gradebook(tmp_path, good):
    from course_copy import copy_course

    from cjm_helpers.release import ReleaseError, generate

    course = copy_course(tmp_path / "course", "02_current_state")
    db = course / "build" / "nbgrader" / "gradebook.db"
    db.parent.mkdir(parents=True)
    path, _ = hostile(tmp_path, good, "damaged")
    db.write_bytes(path.read_bytes())
    before = digest(db)
    with pytest.raises(ReleaseError, match=f"^{db}: is damaged .*nothing was generated"):
        generate(["02_current_state"], into=tmp_path / "out", root=course)
    assert digest(db) == before and not (tmp_path / "out" / "02_current_state").exists()
