"""The course manifest (course.toml) and what is generated from it.

Navigation links, the start page's contents and every "CPD points" paragraph
are Markdown cells tagged `cjm-nav`, `cjm-contents` or `cjm-cpd`;
`python -m cjm_helpers.course sync` (`make nav`) rewrites them from the
manifest, and a test fails when they are out of date.

The CPD scheme is written once, in the manifest's [course] table: what a point
stands for (`cpd_scheme`, `minutes_per_point`), and every activity's points
follow from its minutes (`points_for`); a test holds them to it.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

MANIFEST_NAME = "course.toml"
NAV_TAG = "cjm-nav"
CONTENTS_TAG = "cjm-contents"
CPD_TAG = "cjm-cpd"
KINDS = ("lesson", "exercise", "page")
KIND_LABELS = {"lesson": "Lesson", "exercise": "Exercise", "page": "Page"}


@dataclass(frozen=True)
class Activity:
    """One lesson, exercise or page of the course."""

    id: str
    kind: str
    title: str
    path: str
    minutes: int
    points: float
    core: bool = False   # one of the seed course's two CPD exercises (current- and future-state map)

    @property
    def number(self) -> int | None:
        """The number learners see: E02 (folder 02_current_state) is Exercise 2."""
        digits = self.id[1:]
        return int(digits) if digits.isdigit() else None

    @property
    def label(self) -> str:
        """'Lesson 1', 'Exercise 2' (one numbering everywhere: folders, titles, nav, progress, records)."""
        word = KIND_LABELS.get(self.kind, self.kind.title())
        return word if self.kind == "page" or self.number is None else f"{word} {self.number}"

    @property
    def heading(self) -> str:
        """'Exercise 2: A current-state map': how links and records name the activity."""
        if self.kind == "page" or (self.kind == "lesson" and self.number == 0):
            return self.title
        return f"{self.label}: {self.title}"

    @property
    def source_path(self) -> str:
        """Where the notebook is edited: solutions/ for exercises, else the path itself."""
        if self.kind == "exercise":
            return "solutions/" + self.path.removeprefix("exercises/")
        return self.path

    @property
    def assignment(self) -> str | None:
        """The nbgrader assignment name of an exercise."""
        return PurePosixPath(self.path).parts[1] if self.kind == "exercise" else None


@dataclass(frozen=True)
class Course:
    """The course: its title and its activities in order."""

    root: Path
    title: str
    short_title: str
    provider: str
    activities: tuple[Activity, ...]
    cpd_scheme: str = ""
    minutes_per_point: int = 30

    def points_for(self, minutes: int) -> int:
        """The scheme: minutes / minutes_per_point, rounded to the nearest whole point (halves up)."""
        return math.floor(minutes / self.minutes_per_point + 0.5)

    def get(self, activity_id: str) -> Activity:
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        raise KeyError(f"{MANIFEST_NAME}: no activity with id {activity_id!r}")

    def by_path(self, path: str) -> Activity | None:
        path = str(PurePosixPath(path))
        return next(
            (a for a in self.activities if path in (a.path, a.source_path)), None
        )

    @property
    def total_points(self) -> float:
        return sum(a.points for a in self.activities)

    @property
    def total_minutes(self) -> int:
        return sum(a.minutes for a in self.activities)

    def of_kind(self, kind: str) -> list[Activity]:
        return [a for a in self.activities if a.kind == kind]


def find_root(start: str | Path | None = None) -> Path:
    """The course root: CJM_COURSE_ROOT, else the nearest folder upwards holding course.toml."""
    env = os.environ.get("CJM_COURSE_ROOT")
    if env and (Path(env) / MANIFEST_NAME).exists():
        return Path(env).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST_NAME).exists():
            return folder
    package_root = Path(__file__).resolve().parent.parent
    if (package_root / MANIFEST_NAME).exists():
        return package_root
    raise FileNotFoundError(f"no {MANIFEST_NAME} found in {here} or the folders above it")


@lru_cache(maxsize=8)
def _load(root: Path) -> Course:
    """The course at root, from its manifest read by course_file (bounded; every problem at once)."""
    from .course_file import read_manifest

    manifest = read_manifest(root / MANIFEST_NAME)
    head = manifest.course
    activities = tuple(Activity(id=a.id, kind=a.kind, title=a.title, path=a.path, minutes=a.minutes,
                                points=a.points, core=a.core) for a in manifest.activity)
    return Course(
        root=root,
        title=head.title,
        short_title=head.short_title or head.title,
        provider=head.provider,
        activities=activities,
        cpd_scheme=head.cpd_scheme,
        minutes_per_point=head.minutes_per_point,
    )


def load_course(root: str | Path | None = None) -> Course:
    """Read the manifest of the course at root (found upwards from the cwd by default)."""
    return _load(find_root(root))


# --- generated Markdown -------------------------------------------------------

def _link(from_path: str, to_path: str) -> str:
    return os.path.relpath(to_path, start=PurePosixPath(from_path).parent).replace(os.sep, "/")



def navigation_markdown(course: Course, activity: Activity) -> str:
    """'previous | contents | next' links for one notebook."""
    order = [a for a in course.activities if a.kind in ("lesson", "exercise")]
    start = order[0]
    parts = []
    if activity in order:
        i = order.index(activity)
        if i > 0:
            prev = order[i - 1]
            parts.append(f"[← {prev.heading}]({_link(activity.path, prev.path)})")
    if activity is not start:
        parts.append(f"[Contents]({_link(activity.path, start.path)}#Contents)")
    if activity in order:
        i = order.index(activity)
        if i + 1 < len(order):
            nxt = order[i + 1]
            parts.append(f"[{nxt.heading} →]({_link(activity.path, nxt.path)})")
    return " | ".join(parts)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".removesuffix(".0")


def _pts(points: float) -> str:
    return f"{points:g} CPD point{'' if points == 1 else 's'}"


def contents_markdown(course: Course, from_path: str) -> str:
    """The course contents as a Markdown table, with links relative to from_path."""
    rows = [
        "## Contents",
        "",
        "| | Activity | Minutes | CPD points |",
        "|---|---|---:|---:|",
    ]
    for a in course.activities:
        if a.path == from_path:
            continue
        rows.append(f"| {a.label} | [{a.title}]({_link(from_path, a.path)}) | {a.minutes} | {a.points:g} |")
    rows += [
        "",
        f"**In all:** about {_hours(course.total_minutes)} hours of study, "
        f"{course.total_points:g} CPD points.",
    ]
    return "\n".join(rows)


def _each(activities: list[Activity]) -> str:
    points = {a.points for a in activities}
    if len(points) == 1:
        return f"{points.pop():g} points each"
    return " and ".join(f"{a.points:g}" for a in activities) + " points"


def scheme_markdown(course: Course) -> str:
    """The start page's CPD paragraph: what a point stands for, and how the seed's scheme maps onto this course."""
    lessons = [a for a in course.of_kind("lesson") if a.points]
    core = [a for a in course.of_kind("exercise") if a.core]
    others = [a for a in course.of_kind("exercise") if not a.core]
    lesson_points = sum(a.points for a in lessons)
    lesson_minutes = sum(a.minutes for a in lessons)
    core_names = " and ".join(f"**{a.label}** ({a.title.lower()})" for a in core)
    return "\n".join([
        "## CPD points",
        "",
        course.cpd_scheme,
        "",
        f"**How this maps onto the seed course.** The one-lesson course this workbook grew from gave 3 points for "
        f"its lesson and 9 with its two exercises, a current-state map and a future-state map. Here its lesson is "
        f"spread over {len(lessons)} lessons, about {_hours(lesson_minutes)} hours together, so they earn "
        f"{_pts(lesson_points)}; its two exercises are {core_names}, "
        f"{_each(core)} as in the seed. The lessons and those two exercises "
        f"give {_pts(lesson_points + sum(a.points for a in core))}; "
        f"{', '.join(a.label for a in others[:-1])} and {others[-1].label} add "
        f"{sum(a.points for a in others):g} for further practice, {_pts(course.total_points)} in all "
        f"for about {_hours(course.total_minutes)} hours.",
        "",
        "**When points are recorded.** A lesson's points are recorded when you pass its knowledge check (the record "
        "keeps your first attempt's score too); an exercise's as soon as your map passes its checks, from the "
        "builder's **Check** button or the check cell. The line under the check says what was recorded. An activity "
        "counts once however often you repeat it. Open the progress page at any time to see what you have done "
        "and to export a record you can hand to your manager or professional body.",
    ])


def exercise_cpd_markdown(course: Course, activity: Activity) -> str:
    """An exercise's 'Your CPD points' paragraph."""
    seed = (" With the lessons and the other core exercise, it is the CPD set of the seed course (see the "
            f"[start page]({_link(activity.path, course.activities[0].path)}#CPD-points))." if activity.core else "")
    return "\n".join([
        "## Your CPD points",
        "",
        f"{activity.label} is worth **{_pts(activity.points)}** (about {activity.minutes} minutes of learning; "
        f"one point per half hour).{seed} They are recorded in "
        "your CPD record as soon as your map passes its checks, from the builder's **Check** button or the check "
        "cell, and count once. See them in "
        f"[your progress and CPD record]({_link(activity.path, next((a.path for a in course.of_kind('page')), 'lessons/progress.ipynb'))}).",
    ])


# --- keeping notebooks in step with the manifest ----------------------------

def _generated_cells(course: Course, activity: Activity) -> dict[str, str]:
    cells = {
        NAV_TAG: navigation_markdown(course, activity),
        CONTENTS_TAG: contents_markdown(course, activity.path),
    }
    if activity.kind == "exercise":
        cells[CPD_TAG] = exercise_cpd_markdown(course, activity)
    elif activity is course.activities[0]:
        cells[CPD_TAG] = scheme_markdown(course)
    return cells


def stale_cells(course: Course) -> list[tuple[str, str]]:
    """(notebook path, tag) for every generated cell that differs from the manifest."""
    return _sync(course, write=False)


def sync(course: Course) -> list[tuple[str, str]]:
    """Rewrite every generated cell; returns what changed."""
    return _sync(course, write=True)


def notebook_paths(activity: Activity) -> list[str]:
    """The stored notebooks of an activity (an exercise has its solution twin)."""
    paths = [activity.path]
    if activity.source_path != activity.path:
        paths.append(activity.source_path)
    return paths


def _sync(course: Course, write: bool) -> list[tuple[str, str]]:
    import nbformat

    changed = []
    for activity in course.activities:
        wanted = _generated_cells(course, activity)
        for rel in notebook_paths(activity):
            path = course.root / rel
            if not path.exists():
                continue
            nb = nbformat.read(path, as_version=4)
            dirty = False
            for cell in nb.cells:
                for tag in cell.get("metadata", {}).get("tags", []):
                    if tag in wanted and cell.source != wanted[tag]:
                        changed.append((rel, tag))
                        cell.source = wanted[tag]
                        dirty = True
            if dirty and write:
                from .atomic import atomic_write_text

                atomic_write_text(path, nbformat.writes(nb) + "\n")
    return changed


def main(argv: list[str] | None = None) -> int:
    """`sync` or `check` the generated cells (`make nav`); exit 2 when course.toml cannot be used."""
    from .course_file import CourseFileError
    from .errors import refused

    argv = sys.argv[1:] if argv is None else argv
    try:
        course = load_course()
    except (CourseFileError, FileNotFoundError) as exc:
        return refused(exc)
    if argv[:1] == ["sync"]:
        for rel, tag in sync(course):
            print(f"updated {tag} in {rel}")
        return 0
    if argv[:1] == ["check"]:
        stale = stale_cells(course)
        for rel, tag in stale:
            print(f"{rel}: the {tag} cell is out of date; run `make nav`")
        return 1 if stale else 0
    from . import limits

    print("usage: python -m cjm_helpers.course sync|check\n\nLimits of course.toml (exit 2 beyond them):\n"
          + "\n".join(f"  {what}: at most {value}" for what, value in limits.COURSE_LIMITS.items()))
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
