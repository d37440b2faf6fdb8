"""The CPD log file: one JSON line per completed activity.

Appends happen under an exclusive lock (fcntl.flock) and are flushed to disk
(fsync) before the lock is released, so two notebooks recording at the same
moment lose nothing and never interleave lines. Whether an activity is already
recorded is decided inside the same lock, so its points never count twice.
A damaged line is reported with the file and line number; the others are kept.

The log is bounded (cjm_helpers.limits.CPD_LIMITS): a log larger than the limit, or
not a regular file, is refused before it is read, read-only: nothing is appended to
it and nothing in it is changed, so what is already recorded is never lost. A line
longer than a record can be is skipped unparsed; damaged lines beyond the first few
are counted in one problem, not listed one by one.
"""

from __future__ import annotations

import fcntl
import json
import os
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import CJMError

LOG_ENV = "CJM_CPD_LOG"
DEFAULT_FOLDER = Path("~/.cjm-workbook")
LOG_NAME = "cpd-log.jsonl"
FORMAT = "cjm-cpd/1"
RECORDED_KINDS = ("lesson", "exercise")
SHOW_PROBLEMS = 5      # damaged lines listed one by one; the rest are counted in one problem


class CPDError(CJMError):
    """An activity that cannot be recorded, or a log that cannot be read or written."""


class CPDLogWarning(UserWarning):
    """A line of the CPD log that is not a valid record (it is skipped, the rest kept)."""


@dataclass(frozen=True)
class ActivityRecord:
    """One completed activity, as written to the log."""

    activity: str
    title: str
    kind: str
    completed: str  # ISO 8601 local date-time with UTC offset
    minutes: int
    points: float
    evidence: Any = None

    @property
    def completed_at(self) -> datetime:
        return datetime.fromisoformat(self.completed)

    @property
    def evidence_text(self) -> str:
        """The evidence in a few plain words (a check summary, or key: value pairs)."""
        ev = self.evidence
        if ev is None:
            return ""
        if isinstance(ev, dict):
            if "summary" in ev:
                return str(ev["summary"])
            return "; ".join(f"{k}: {v}" for k, v in ev.items())
        if isinstance(ev, list):
            return "; ".join(str(v) for v in ev)
        return str(ev)

    def to_json(self) -> str:
        return json.dumps(
            {"format": FORMAT, "activity": self.activity, "title": self.title, "kind": self.kind,
             "completed": self.completed, "minutes": self.minutes, "points": self.points,
             "evidence": self.evidence},
            ensure_ascii=False, default=str,
        )


@dataclass(frozen=True)
class LogProblem:
    """A line of the log that could not be read."""

    path: str
    line: int
    message: str
    more: int = 0       # for the last problem shown: how many further damaged lines it stands for

    def __str__(self) -> str:
        if self.more:
            return (f"{self.path}: {self.more:,} more lines from line {self.line:,} on are not records "
                    f"({self.message}); they are skipped, the other records are kept")
        return f"{self.path}, line {self.line}: {self.message}; this line is skipped, the other records are kept"


@dataclass
class LogContents:
    """What a log file holds: the valid records (first of each activity) and the damaged lines."""

    path: Path
    records: list[ActivityRecord] = field(default_factory=list)
    problems: list[LogProblem] = field(default_factory=list)


def log_path() -> Path:
    """The CPD log: $CJM_CPD_LOG if set, else ~/.cjm-workbook/cpd-log.jsonl."""
    env = os.environ.get(LOG_ENV)
    return Path(env).expanduser() if env else (DEFAULT_FOLDER / LOG_NAME).expanduser()


_FIELDS = {"activity": str, "title": str, "kind": str, "completed": str,
           "minutes": (int, float), "points": (int, float)}


def _parse_line(text: str) -> ActivityRecord:
    size = len(text.encode("utf-8", "replace"))
    if size > limits.MAX_CPD_LINE:
        raise ValueError(f"refused: the line is {size:,} bytes; the limit is {limits.MAX_CPD_LINE:,} bytes "
                         "for one CPD record")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise ValueError("not a record (nested too deep)") from None
    if not isinstance(data, dict):
        raise ValueError("not a record (expected a JSON object)")
    for name, kind in _FIELDS.items():
        if name not in data:
            raise ValueError(f"the record lacks the field {name!r}")
        if not isinstance(data[name], kind) or isinstance(data[name], bool):
            raise ValueError(f"the field {name!r} has the wrong type ({type(data[name]).__name__})")
    try:
        datetime.fromisoformat(data["completed"])
    except ValueError:
        raise ValueError(f"the field 'completed' is not a date and time: {data['completed']!r}") from None
    return ActivityRecord(
        activity=data["activity"], title=data["title"], kind=data["kind"],
        completed=data["completed"], minutes=data["minutes"], points=data["points"],
        evidence=data.get("evidence"),
    )


def _read(text: str, path: Path) -> LogContents:
    contents = LogContents(path=path)
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = _parse_line(line)
        except ValueError as exc:
            if len(contents.problems) < SHOW_PROBLEMS:
                contents.problems.append(LogProblem(str(path), number, str(exc)))
            elif contents.problems[-1].more:
                last = contents.problems[-1]
                contents.problems[-1] = LogProblem(last.path, last.line, last.message, last.more + 1)
            else:
                contents.problems.append(LogProblem(str(path), number, f"the first: {exc}", 1))
            continue
        if record.activity not in seen:  # an activity counts once: its first record
            seen.add(record.activity)
            contents.records.append(record)
    return contents


def read_log(path: str | Path | None = None) -> LogContents:
    """Read the log (a missing file is an empty log); damaged lines become problems."""
    path = Path(path) if path is not None else log_path()
    try:
        fd = limits.open_regular(path, limits.MAX_CPD_LOG_BYTES, "the CPD log")
        with os.fdopen(fd, "rb") as handle:
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                raw = handle.read(limits.MAX_CPD_LOG_BYTES + 1)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        limits.check_file_size(len(raw), limits.MAX_CPD_LOG_BYTES, "the CPD log")
    except FileNotFoundError:
        return LogContents(path=path)
    except limits.LimitError as exc:
        raise refused(path, exc) from None
    except OSError as exc:
        raise CPDError(f"{path}: cannot read the CPD log: {exc.strerror or exc}") from None
    return _read(raw.decode("utf-8", errors="replace"), path)


def refused(path: Path, exc: limits.LimitError) -> CPDError:
    """The refusal of a log beyond its limits: read-only, and what the learner can do."""
    return CPDError(f"{path}: refused: {exc}. The log is left as it is (nothing recorded is lost, nothing is "
                    "added): move it aside and keep it (new records then start a new log), or read a copy "
                    "with `python -m cjm_helpers cpd --log FILE`")


def load_records(path: str | Path | None = None) -> list[ActivityRecord]:
    """Every recorded activity (once each, oldest first). Damaged lines are warned about and skipped."""
    contents = read_log(path)
    for problem in contents.problems:
        warnings.warn(str(problem), CPDLogWarning, stacklevel=2)
    return contents.records


def _json_safe(evidence: Any) -> Any:
    if evidence is None or isinstance(evidence, (str, int, float, bool)):
        return evidence
    try:
        return json.loads(json.dumps(evidence, default=str))
    except (TypeError, ValueError):
        return str(evidence)


def record_activity(activity_id: str, evidence: Any = None, *, course=None) -> bool:
    """Record that an activity of the course was completed.

    Returns True when it is newly recorded, False when it was recorded before
    (its points never count twice). `evidence` is anything JSON can hold, for
    example {"summary": "checks passed: 3 of 3 marks"}.
    """
    from ..course import load_course
    from .evidence import snapshot

    course = course or load_course()
    try:
        activity = course.get(activity_id)
    except KeyError:
        raise CPDError(f"no activity {activity_id!r} in the course manifest (course.toml)") from None
    if activity.kind not in RECORDED_KINDS:
        raise CPDError(f"{activity_id} is a {activity.kind}, not a lesson or exercise: it earns no CPD record")
    record = ActivityRecord(
        activity=activity.id, title=activity.title, kind=activity.kind,
        completed=datetime.now().astimezone().isoformat(timespec="seconds"),
        minutes=activity.minutes, points=activity.points, evidence=_json_safe(snapshot(evidence)),
    )
    return _append_once(log_path(), record)


def record_quietly(activity_id: str, evidence: Any = None, *, already: str = "") -> str:
    """Record a passed lesson or exercise from a check, without ever breaking the check.

    This is the one path every "Passed" takes (the quiz, the builder's Check,
    ``task.check()``). Returns the line to show the learner: what was recorded
    ("Recorded in your CPD record: E02 <title>, 3 CPD points (60 minutes)."),
    `already` (or a sentence saying so) when it was recorded before, "Your CPD record
    was not updated: <why>" when recording failed, and "" while nbgrader grades the
    notebook (nothing is recorded then). Never raises.
    """
    from ..course import load_course
    from ..grading import grading

    if grading():
        return ""
    try:
        course = load_course()
        new = record_activity(activity_id, evidence, course=course)
    except Exception as exc:  # noqa: BLE001 - the record must never break a passing check
        return f"Your CPD record was not updated: {exc}"
    if not new:
        return already or f"{activity_id} is already in your CPD record (it counts once)."
    return recorded_line(course.get(activity_id))


def recorded_line(activity) -> str:
    """What a check shows when it has just recorded an activity."""
    points = f"{activity.points:g} CPD point{'' if activity.points == 1 else 's'}"
    return f"Recorded in your CPD record: {activity.heading}, {points} ({activity.minutes} minutes)."


def _already_recorded(raw: bytes, activity_id: str, path: Path) -> bool:
    needle = json.dumps(activity_id, ensure_ascii=False).encode("utf-8")
    lines = [line for line in raw.split(b"\n") if needle in line]  # parse only candidate lines
    text = "\n".join(line.decode("utf-8", "replace") for line in lines)
    return any(r.activity == activity_id for r in _read(text, path).records)


def _append_once(path: Path, record: ActivityRecord) -> bool:
    line = record.to_json().encode("utf-8") + b"\n"
    if len(line) > limits.MAX_CPD_LINE:
        raise CPDError(f"{path}: the record of {record.activity} would be {len(line):,} bytes; the limit is "
                       f"{limits.MAX_CPD_LINE:,} bytes for one CPD record (its evidence is too long)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        raise CPDError(f"{path}: cannot open the CPD log: {exc.strerror or exc}") from None
    with os.fdopen(fd, "r+b", buffering=0) as handle:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            try:    # checked under the lock, before reading: a log beyond its limit is left untouched
                size = limits.regular_file_size(fd)
                limits.check_file_size(size, limits.MAX_CPD_LOG_BYTES, "the CPD log")
                if size + len(line) + 1 > limits.MAX_CPD_LOG_BYTES:
                    raise limits.LimitError(f"{limits.MAX_CPD_LOG_BYTES:,} bytes for the CPD log",
                                            f"the log would be {size + len(line):,} bytes with this record")
            except limits.LimitError as exc:
                raise refused(path, exc) from None
            raw = handle.read(size + 1)  # opened at offset 0; O_APPEND moves only writes
            if _already_recorded(raw, record.activity, path):
                return False
            if raw and not raw.endswith(b"\n"):
                line = b"\n" + line  # never glue a record onto a torn last line
            view = memoryview(line)
            while view:
                view = view[handle.write(view):]
            os.fsync(fd)
            return True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
