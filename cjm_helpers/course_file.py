"""Reading course.toml: bounded, and every problem in it reported at once with the file and the key.

The one reader of the course manifest (cjm_helpers.course builds the Course from what it returns). The
file is refused unread beyond limits.MAX_COURSE_BYTES or when it is not a regular file; a TOML error names
its line and column; then every missing, unknown or wrong key is listed together, e.g.
`course.toml: 2 problems: activity[3].minuts: unknown key, did you mean minutes?; activity[5].title: is
required but missing`. Commands that read the manifest exit 2 on a CourseFileError.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import limits
from .errors import CJMError, Problem, problems_from, problems_in_a_line


class CourseFileError(CJMError, ValueError):
    """course.toml cannot be read, or breaks the manifest's rules: the file and every problem."""

    what = "not a valid course manifest"

    def __init__(self, path: str | Path, problem: str, problems: list[Problem] | None = None):
        self.path, self.problem, self.problems = str(path), problem, list(problems or [])
        super().__init__(f"{self.path}: {problem}")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CourseHead(_Part):
    """The [course] table."""

    title: str = Field(min_length=1, max_length=limits.MAX_TEXT)
    short_title: str | None = Field(default=None, min_length=1, max_length=limits.MAX_TEXT)
    provider: str = Field(default="", max_length=limits.MAX_TEXT)
    minutes_per_point: int = Field(default=30, ge=1, le=24 * 60)
    cpd_scheme: str = Field(default="", max_length=limits.MAX_TEXT)


class ActivityEntry(_Part):
    """One [[activity]] entry."""

    id: str = Field(min_length=1, max_length=limits.MAX_COURSE_ID)
    kind: Literal["lesson", "exercise", "page"]
    title: str = Field(min_length=1, max_length=limits.MAX_TEXT)
    path: str = Field(min_length=1, max_length=limits.MAX_COURSE_PATH)
    minutes: int = Field(ge=0, le=100_000)
    points: int | float = Field(ge=0, le=10_000)
    core: bool = False


class Manifest(_Part):
    """The whole of course.toml."""

    course: CourseHead
    activity: list[ActivityEntry] = Field(min_length=1, max_length=limits.MAX_ACTIVITIES)


def _problems(exc: ValidationError) -> list[Problem]:
    """Problems in the words of the map errors, with 'key' for TOML's keys."""
    found = []
    for problem, error in zip(problems_from(exc), exc.errors(include_url=False)):
        message = problem.message
        if error["type"] == "extra_forbidden":
            import difflib

            part = {(): Manifest, ("course",): CourseHead}.get(tuple(error["loc"][:-1]), ActivityEntry)
            known = sorted(part.model_fields)
            close = difflib.get_close_matches(str(error["loc"][-1]), known, n=1, cutoff=0.6)
            message = (f"unknown key, did you mean {close[0]}?" if close else
                       f"unknown key (known keys: {', '.join(known)}): remove it or rename it")
        elif error["type"] == "literal_error":
            message = f"must be one of {error['ctx']['expected']}, got {error['input']!r}"[:300]
        elif error["type"] == "too_long" and error["loc"] == ("activity",):
            message = (f"has {error['ctx']['actual_length']:,} entries; the limit is {limits.MAX_ACTIVITIES:,}: "
                       "split the course")
        found.append(Problem(problem.path, message))
    return found


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
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc) + problems
    if problems:
        raise CourseFileError(path, f"{CourseFileError.what}: {problems_in_a_line(problems)}", problems)
    return manifest
