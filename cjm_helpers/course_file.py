"""Reading course.toml: bounded, and every problem in it reported at once with the file and the key.

The one reader of the course manifest (cjm_helpers.course builds the Course from what it returns). The
file is refused unread beyond limits.MAX_COURSE_BYTES or when it is not a regular file; a TOML error names
its line and column; then every missing, unknown or wrong key is listed together, e.g.
`course.toml: 2 problems: activity[3].minuts: unknown key, did you mean minutes?; activity[5].title: is
required but missing`. Commands that read the manifest exit 2 on a CourseFileError.

A manifest whose every key is known and every value already of its type and within its bounds (the course
as shipped) is read here without pydantic (about 0.1 s a notebook); any other is judged and its problems
worded by the pydantic models of course_rules.py, which this fast path must agree with (tests check).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import limits
from .errors import CJMError, Problem, problems_in_a_line


class CourseFileError(CJMError, ValueError):
    """course.toml cannot be read, or breaks the manifest's rules: the file and every problem."""

    what = "not a valid course manifest"

    def __init__(self, path: str | Path, problem: str, problems: list[Problem] | None = None):
        self.path, self.problem, self.problems = str(path), problem, list(problems or [])
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class CourseHead:
    """The [course] table."""

    title: str
    short_title: str | None = None
    provider: str = ""
    minutes_per_point: int = 30
    cpd_scheme: str = ""


@dataclass(frozen=True)
class ActivityEntry:
    """One [[activity]] entry."""

    id: str
    kind: str           # lesson, exercise or page
    title: str
    path: str
    minutes: int
    points: int | float
    core: bool = False


@dataclass(frozen=True)
class Manifest:
    """The whole of course.toml."""

    course: CourseHead
    activity: list[ActivityEntry]


KINDS = ("lesson", "exercise", "page")
HEAD_KEYS = {"title", "short_title", "provider", "minutes_per_point", "cpd_scheme"}
ENTRY_KEYS = {"id", "kind", "title", "path", "minutes", "points"}      # and core, optional


def _text(value: Any, low: int, high: int) -> bool:
    """Already a str of low..high characters with nothing to strip (else pydantic judges it)."""
    return type(value) is str and value == value.strip() and low <= len(value) <= high


def _number(value: Any, low: float, high: float, kinds: tuple = (int,)) -> bool:
    return type(value) in kinds and math.isfinite(value) and low <= value <= high


def _head_as_written(head: Any) -> bool:
    return (type(head) is dict and set(head) <= HEAD_KEYS and _text(head.get("title"), 1, limits.MAX_TEXT)
            and ("short_title" not in head or _text(head["short_title"], 1, limits.MAX_TEXT))
            and _text(head.get("provider", ""), 0, limits.MAX_TEXT)
            and _number(head.get("minutes_per_point", 30), 1, 24 * 60)
            and _text(head.get("cpd_scheme", ""), 0, limits.MAX_TEXT))


def _entry_as_written(e: Any) -> bool:
    return (type(e) is dict and ENTRY_KEYS <= set(e) <= ENTRY_KEYS | {"core"}
            and _text(e["id"], 1, limits.MAX_COURSE_ID) and type(e["kind"]) is str and e["kind"] in KINDS
            and _text(e["title"], 1, limits.MAX_TEXT) and _text(e["path"], 1, limits.MAX_COURSE_PATH)
            and _number(e["minutes"], 0, 100_000) and _number(e["points"], 0, 10_000, (int, float))
            and type(e.get("core", False)) is bool)


def _as_written(data: dict) -> Manifest | None:
    """The manifest when it needs no coercion and breaks no rule (see the module's note); None otherwise."""
    head, entries = data.get("course"), data.get("activity")
    if set(data) != {"course", "activity"} or not _head_as_written(head) or type(entries) is not list:
        return None
    if not 1 <= len(entries) <= limits.MAX_ACTIVITIES or not all(_entry_as_written(e) for e in entries):
        return None
    return Manifest(CourseHead(**head), [ActivityEntry(**e) for e in entries])


def _duplicates(entries: list[Any]) -> list[Problem]:
    """An activity id used twice: each later use, by its place."""
    seen: set[str] = set()
    dupes = []
    for n, entry in enumerate(entries):
        key = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(key, str):
            if key.strip() in seen:
                dupes.append(Problem(f"activity[{n}].id", f"{key!r} is the id of an earlier activity; "
                                                          "give each activity its own id"))
            seen.add(key.strip())
    return dupes


def read_manifest(path: str | Path) -> Manifest:
    """The validated manifest at path. Raises CourseFileError naming the file and every problem."""
    path = Path(path)
    try:
        raw = limits.read_bounded(path, limits.MAX_COURSE_BYTES, "course.toml")
    except limits.LimitError as exc:
        raise CourseFileError(path, f"refused: {exc}") from None
    except FileNotFoundError:
        raise CourseFileError(path, "no such file") from None
    except OSError as exc:
        raise CourseFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CourseFileError(path, f"is not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:     # its message ends "(at line L, column C)"
        raise CourseFileError(path, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise CourseFileError(path, "not valid TOML: arrays or tables nested too deep") from None
    except ValueError as exc:                  # e.g. an integer of more than 4,300 digits
        raise CourseFileError(path, f"not valid TOML: {exc}"[:300]) from None
    problems: list[Problem] = []
    entries = data.get("activity")
    if isinstance(entries, list):
        problems += _duplicates(entries)
    manifest = None if problems else _as_written(data)
    if manifest is None:
        from .course_rules import validated

        manifest, found = validated(data)
        problems = found + problems
    if problems:
        raise CourseFileError(path, f"{CourseFileError.what}: {problems_in_a_line(problems)}", problems)
    return manifest
