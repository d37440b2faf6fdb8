"""Knowledge-check attempts, kept beside the CPD log so the first attempt's score survives a restart.

    note_attempt("L01", 2, 4)   # -> {"first": {"score": 2, "total": 4}, "attempts": 1}

The file (quiz-attempts.json beside the CPD log) maps each lesson to its
first score and the number of checks so far. A damaged file is started
afresh rather than breaking the quiz.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from .log import log_path

ATTEMPTS_NAME = "quiz-attempts.json"


def attempts_path() -> Path:
    return log_path().parent / ATTEMPTS_NAME


def note_attempt(activity_id: str, score: int, total: int) -> dict:
    """Count one check of a lesson's quiz; returns its first score and the number of checks so far."""
    path = attempts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            try:
                data = json.loads(handle.read() or "{}")
            except ValueError:
                data = {}
            entry = data.get(activity_id) if isinstance(data, dict) else None
            if not isinstance(data, dict):
                data = {}
            if not isinstance(entry, dict) or not isinstance(entry.get("first"), dict):
                entry = {"first": {"score": score, "total": total}, "attempts": 0}
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            data[activity_id] = entry
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(data, indent=1) + "\n")
            handle.flush()
            os.fsync(fd)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    return entry
