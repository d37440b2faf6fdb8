"""Shared fixtures: the repository root, the course manifest, a private CPD log, a browser."""

from __future__ import annotations

import os
import shutil
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
