"""The course manifest (course.toml) and what is generated from it.

Navigation links and the start page's contents are Markdown cells tagged
`cjm-nav` or `cjm-contents`; `python -m cjm_helpers.course sync` (`make nav`)
rewrites them from the manifest, and a test fails when they are out of date.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

MANIFEST_NAME = "course.toml"
NAV_TAG = "cjm-nav"
CONTENTS_TAG = "cjm-contents"
KINDS = ("lesson", "exercise", "page")


@dataclass(frozen=True)
class Activity:
    """One lesson, exercise or page of the course."""

    id: str
    kind: str
    title: str
    path: str
    minutes: int
    points: float

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
    path = root / MANIFEST_NAME
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    head = data.get("course", {})
    activities = []
    for n, raw in enumerate(data.get("activity", [])):
        missing = {"id", "kind", "title", "path", "minutes", "points"} - set(raw)
        if missing:
            raise ValueError(f"{path}: activity[{n}] lacks {', '.join(sorted(missing))}")
        if raw["kind"] not in KINDS:
            raise ValueError(f"{path}: activity[{n}].kind must be one of {KINDS}, got {raw['kind']!r}")
        activities.append(Activity(**{k: raw[k] for k in ("id", "kind", "title", "path", "minutes", "points")}))
    ids = [a.id for a in activities]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{path}: duplicate activity ids {dupes}")
    return Course(
        root=root,
        title=head.get("title", "Course"),
        short_title=head.get("short_title", head.get("title", "Course")),
        provider=head.get("provider", ""),
        activities=tuple(activities),
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
            parts.append(f"[← {prev.title}]({_link(activity.path, prev.path)})")
    if activity is not start:
        parts.append(f"[Contents]({_link(activity.path, start.path)}#Contents)")
    if activity in order:
        i = order.index(activity)
        if i + 1 < len(order):
            nxt = order[i + 1]
            parts.append(f"[{nxt.title} →]({_link(activity.path, nxt.path)})")
    return " | ".join(parts)


def contents_markdown(course: Course, from_path: str) -> str:
    """The course contents as a Markdown table, with links relative to from_path."""
    rows = [
        "## Contents",
        "",
        "| | Activity | Minutes | CPD points |",
        "|---|---|---:|---:|",
    ]
    labels = {"lesson": "Lesson", "exercise": "Exercise", "page": "Page"}
    for a in course.activities:
        if a.path == from_path:
            continue
        rows.append(
            f"| {labels[a.kind]} {a.id[1:]} | [{a.title}]({_link(from_path, a.path)}) "
            f"| {a.minutes} | {a.points:g} |"
        )
    rows += [
        "",
        f"**In all:** about {course.total_minutes / 60:.1f} hours of study, "
        f"{course.total_points:g} CPD points.",
    ]
    return "\n".join(rows)


# --- keeping notebooks in step with the manifest ----------------------------

def _generated_cells(course: Course, activity: Activity) -> dict[str, str]:
    return {
        NAV_TAG: navigation_markdown(course, activity),
        CONTENTS_TAG: contents_markdown(course, activity.path),
    }


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
                from .storage import atomic_write_text

                atomic_write_text(path, nbformat.writes(nb) + "\n")
    return changed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    course = load_course()
    if argv[:1] == ["sync"]:
        for rel, tag in sync(course):
            print(f"updated {tag} in {rel}")
        return 0
    if argv[:1] == ["check"]:
        stale = stale_cells(course)
        for rel, tag in stale:
            print(f"{rel}: the {tag} cell is out of date; run `make nav`")
        return 1 if stale else 0
    print("usage: python -m cjm_helpers.course sync|check")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
