"""Shared fixtures: the repository root, the course manifest, a private CPD log, a browser, nbgrader asked its schema once."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CJM_CHROMIUM", "/usr/bin/chromium")

# Tests never touch the learner's real CPD log or pick up a stray course root.
os.environ.setdefault("MPLBACKEND", "agg")
os.environ["CJM_COURSE_ROOT"] = str(ROOT)


@pytest.fixture(autouse=True)
def _private_cpd_log(tmp_path, monkeypatch):
    monkeypatch.setenv("CJM_CPD_LOG", str(tmp_path / "cpd-log.jsonl"))


@pytest.fixture(autouse=True)
def _alembic_head_asked_once():
    """nbgrader runs the `alembic heads` command (about 3 s) for each gradebook it creates in this process;
    the answer is the installed nbgrader's, the same all run long, so once nbgrader is imported it is asked once."""
    api = sys.modules.get("nbgrader.api")
    if api is not None and not hasattr(api.get_alembic_version, "cache_info"):
        api.get_alembic_version = functools.cache(api.get_alembic_version)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def course():
    from cjm_helpers.course import load_course

    return load_course(ROOT)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium: required in CI, skipped elsewhere when missing."""
    found = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if found:
        return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests are mandatory in CI but {CHROMIUM} is missing; .ci/run installs it")
    pytest.skip(
        "browser test skipped: Chromium not found. Enable it with "
        "`sudo apt-get install chromium` (or set CJM_CHROMIUM to a Chromium binary)"
    )


def pytest_collection_modifyitems(items):
    """Files with a slow end-to-end test run first. `make test` hands whole files to its workers in this order
    (`--dist loadfile --no-loadscope-reorder`: a file's module fixtures, nbgrader courses among them, are built
    once), so the longest files start first and end with the rest instead of after them."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)
