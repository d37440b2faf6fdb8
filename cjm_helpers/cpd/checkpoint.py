"""The builder's Check records CPD through the same path as `task.check()`.

A map file in an exercise's folder (``02_current_state/my_current_state.json``,
in the course or in a folder fetched from a trainer) belongs to that exercise.
When the builder's Check is pressed, the exercise's own Task judges the saved
file (builder/app.py); if it passes, `Task.check` records the exercise through
`cpd.record_quietly` (once, never while nbgrader grades), exactly as running
the notebook's check cell does, and the builder shows the line it returns.
"""

from __future__ import annotations

from pathlib import Path

from ..course import Activity, Course, load_course


def exercise_for_map(path: str | Path, course: Course | None = None) -> Activity | None:
    """The exercise whose assignment folder holds this map file, or None."""
    course = course or load_course()
    folder = Path(path).resolve().parent.name
    return next((a for a in course.of_kind("exercise") if a.assignment == folder), None)


def not_recorded_line(activity_id: str, course: Course | None = None) -> str:
    """The line a failed Check shows under the verdict: what records the points ("" while nbgrader grades)."""
    from ..assess.grading import grading

    if grading():
        return ""
    course = course or load_course()
    activity = course.get(activity_id)
    return (f"Not recorded in your CPD record yet: {activity.label} records its points when the map passes "
            f"its checks.")
