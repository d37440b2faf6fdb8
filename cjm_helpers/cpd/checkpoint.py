"""The builder's Check records CPD through the same path as `task.check()`.

A map file in an exercise's folder (``02_current_state/my_current_state.json``,
in the course or in a folder fetched from a trainer) belongs to that exercise.
When the builder's Check is pressed, the exercise's own Task judges the saved
file; if it passes, `Task.check` records the exercise through
`cpd.record_quietly` (once, never while nbgrader grades), exactly as running
the notebook's check cell does. The builder shows the line it returns.
"""

from __future__ import annotations

from pathlib import Path

from ..course import Activity, Course, load_course


def exercise_for_map(path: str | Path, course: Course | None = None) -> Activity | None:
    """The exercise whose assignment folder holds this map file, or None."""
    course = course or load_course()
    folder = Path(path).resolve().parent.name
    return next((a for a in course.of_kind("exercise") if a.assignment == folder), None)


def builder_check_note(path: str | Path, current: str | Path | None = None) -> str:
    """Judge the saved map as its exercise's task does; the CPD line to show ("" when not an exercise's map)."""
    from ..exercise_tasks import TASKS, exercise_task

    try:
        activity = exercise_for_map(path)
        if activity is None or activity.id not in TASKS or not Path(path).is_file():
            return ""
        overrides = {"current": str(current)} if current is not None else {}
        result = exercise_task(activity.id, **overrides).check(str(path))
    except Exception as exc:  # noqa: BLE001 - the CPD line must never break the builder's Check
        return f"Your CPD record was not updated: {exc}"
    if result.correct:
        return result.cpd_note
    return (f"Not recorded in your CPD record yet: {activity.label} records its points when the map passes "
            f"its checks ({result.headline()}).")
