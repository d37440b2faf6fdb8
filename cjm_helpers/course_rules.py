"""The course manifest's rules as pydantic models: they judge a course.toml that is not as written
(course_file's fast path declined it) and word every problem, with the file's key for each."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import limits
from .course_file import ActivityEntry, CourseHead, Manifest
from .errors import Problem, problems_from


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CourseRules(_Part):
    """The [course] table."""

    title: str = Field(min_length=1, max_length=limits.MAX_TEXT)
    short_title: str | None = Field(default=None, min_length=1, max_length=limits.MAX_TEXT)
    provider: str = Field(default="", max_length=limits.MAX_TEXT)
    minutes_per_point: int = Field(default=30, ge=1, le=24 * 60)
    cpd_scheme: str = Field(default="", max_length=limits.MAX_TEXT)


class ActivityRules(_Part):
    """One [[activity]] entry."""

    id: str = Field(min_length=1, max_length=limits.MAX_COURSE_ID)
    kind: Literal["lesson", "exercise", "page"]
    title: str = Field(min_length=1, max_length=limits.MAX_TEXT)
    path: str = Field(min_length=1, max_length=limits.MAX_COURSE_PATH)
    minutes: int = Field(ge=0, le=100_000)
    points: int | float = Field(ge=0, le=10_000)
    core: bool = False


class ManifestRules(_Part):
    """The whole of course.toml."""

    course: CourseRules
    activity: list[ActivityRules] = Field(min_length=1, max_length=limits.MAX_ACTIVITIES)


def _problems(exc: ValidationError) -> list[Problem]:
    """Problems in the words of the map errors, with 'key' for TOML's keys."""
    found = []
    for problem, error in zip(problems_from(exc), exc.errors(include_url=False)):
        message = problem.message
        if error["type"] == "extra_forbidden":
            import difflib

            part = {(): ManifestRules, ("course",): CourseRules}.get(tuple(error["loc"][:-1]), ActivityRules)
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


def validated(data: dict) -> tuple[Manifest | None, list[Problem]]:
    """The manifest pydantic makes of data (values coerced and stripped), or None and every problem."""
    try:
        found = ManifestRules.model_validate(data)
    except ValidationError as exc:
        return None, _problems(exc)
    return Manifest(CourseHead(**found.course.model_dump()),
                    [ActivityEntry(**a.model_dump()) for a in found.activity]), []
