"""Knowledge-check attempts, kept beside the CPD log so the first attempt's score survives a restart.

    note_attempt("L01", 2, 4)   # -> {"first": {"score": 2, "total": 4}, "attempts": 1}

The file (quiz-attempts.json beside the CPD log) maps each lesson to its
first score and the number of checks so far. A file that is damaged, over its
size limit (cjm_helpers.limits.MAX_SMALL_FILE_BYTES) or not a regular file is
left as it is and a CPDError raised: the quiz then counts in memory, and the
first scores already kept are never overwritten.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from .. import limits
from .log import CPDError, log_path

ATTEMPTS_NAME = "quiz-attempts.json"


def attempts_path() -> Path:
    return log_path().parent / ATTEMPTS_NAME


def note_attempt(activity_id: str, score: int, total: int) -> dict:
    """Count one check of a lesson's quiz; returns its first score and the number of checks so far."""
    path = attempts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o644)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            try:
                limits.check_file_size(limits.regular_file_size(fd), limits.MAX_SMALL_FILE_BYTES,
                                       "the quiz attempts")
                data = json.loads(handle.read(limits.MAX_SMALL_FILE_BYTES + 1) or "{}")
            except limits.LimitError as exc:
                raise CPDError(f"{path}: refused: {exc}; the file is left as it is") from None
            except (ValueError, RecursionError) as exc:
                raise CPDError(f"{path}: not valid JSON ({exc}); the file is left as it is: fix or delete it") from None
            if not isinstance(data, dict):
                raise CPDError(f"{path}: not a JSON object; the file is left as it is: fix or delete it")
            entry = data.get(activity_id)
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
