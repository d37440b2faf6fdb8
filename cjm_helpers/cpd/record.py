"""The learner's CPD record and progress page: what is done, when, and the points so far.

The learner's name on the printable record comes from, in this order: the
`name` argument (`--name` on the command line), the environment variable
CJM_LEARNER_NAME, or the settings file `learner.json` beside the CPD log
(written by `set_learner_name()` or `python -m cjm_helpers cpd --set-name`).
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from .. import limits
from ..course import Course, load_course
from ..atomic import atomic_write_bytes
from .log import RECORDED_KINDS, ActivityRecord, CPDError, LogProblem, log_path, read_log

NAME_ENV = "CJM_LEARNER_NAME"
SETTINGS_NAME = "learner.json"
KIND_LABELS = {"lesson": "Lesson", "exercise": "Exercise", "page": "Page"}


def settings_path() -> Path:
    """The learner's settings file: beside the CPD log."""
    return log_path().parent / SETTINGS_NAME


def learner_name(name: str | None = None) -> str | None:
    """The name to print: the argument, else $CJM_LEARNER_NAME, else the settings file."""
    for candidate in (name, os.environ.get(NAME_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    path = settings_path()
    try:
        raw = limits.read_bounded(path, limits.MAX_SMALL_FILE_BYTES, "the learner settings")
        stored = json.loads(raw.decode("utf-8")).get("name")
    except FileNotFoundError:
        return None
    except limits.LimitError as exc:
        raise CPDError(f"{path}: refused: {exc}; fix or delete the file, or pass --name") from None
    except (OSError, ValueError, AttributeError, RecursionError) as exc:
        raise CPDError(f"{path}: cannot read the learner settings ({exc}); fix or delete the file") from None
    return stored.strip() if isinstance(stored, str) and stored.strip() else None


def set_learner_name(name: str) -> Path:
    """Remember the learner's name for printed records; returns the settings file."""
    if not name or not name.strip():
        raise CPDError("the learner's name is empty")
    path = settings_path()
    write_file(path, (json.dumps({"name": name.strip()}, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def write_file(path: str | Path, data: bytes) -> None:
    """atomic.atomic_write_bytes, with a failure to write as a CPDError naming the file."""
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise CPDError(f"{path}: cannot write the file: {exc.strerror or exc}") from None


def short_date(record: ActivityRecord) -> str:
    return record.completed_at.strftime("%d %b %Y").lstrip("0")


def date_time(record: ActivityRecord) -> str:
    return record.completed_at.strftime("%Y-%m-%d %H:%M")


def activity_label(activity_id: str, kind: str) -> str:
    """'Exercise 2' for E02: the one numbering of the course (folder 02_current_state is Exercise 2)."""
    number = activity_id[1:] if activity_id[:1].isalpha() else activity_id
    word = KIND_LABELS.get(kind, kind.title())
    return f"{word} {int(number)}" if number.isdigit() else word


def heading(record: ActivityRecord, course: Course | None = None) -> str:
    """How the record names an activity: the manifest's 'Exercise 2: A current-state map' when it knows it."""
    if course is not None:
        try:
            return course.get(record.activity).heading
        except KeyError:
            pass
    return f"{activity_label(record.activity, record.kind)}: {record.title}"


def _fmt(points: float) -> str:
    return f"{points:g}"


@dataclass
class CPDRecord:
    """The learner's CPD record: completed activities with dates, minutes and points."""

    course: Course
    records: list[ActivityRecord]
    learner: str | None = None
    problems: list[LogProblem] = field(default_factory=list)
    produced: datetime = field(default_factory=lambda: datetime.now().astimezone())
    log: Path | None = None

    @property
    def points(self) -> float:
        return sum(r.points for r in self.records)

    @property
    def minutes(self) -> int:
        return sum(r.minutes for r in self.records)

    @property
    def total_points(self) -> float:
        """The points the whole course offers (from the manifest)."""
        return sum(a.points for a in self.course.activities if a.kind in RECORDED_KINDS)

    @property
    def summary(self) -> str:
        n = len(self.records)
        return (f"{n} {'activity' if n == 1 else 'activities'}, {self.minutes} minutes "
                f"({self.minutes / 60:.1f} hours), {_fmt(self.points)} of {_fmt(self.total_points)} CPD points")

    def export(self, path: str | Path) -> Path:
        """Write the record as .csv, .html or .pdf (chosen by the file's suffix)."""
        from .printable import export

        return export(self, path)

    def save_button(self, path: str | Path = "my_cpd_record.pdf"):
        """A button that writes this record to path when clicked (see save_button.py)."""
        from .save_button import save_button

        return save_button(self, path)

    def __str__(self) -> str:
        head = [f"CPD record: {self.course.title}",
                f"Learner: {self.learner or '(name not set)'}", ""]
        if not self.records:
            body = ["No activities recorded yet. Pass a lesson's knowledge check or an exercise's checks to earn points."]
        else:
            rows = [("Date", "Activity", "Minutes", "Points")] + [
                (date_time(r), heading(r, self.course), str(r.minutes), _fmt(r.points)) for r in self.records
            ]
            widths = [max(len(row[i]) for row in rows) for i in range(4)]
            body = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
                    for row in rows]
            body.insert(1, "  ".join("-" * w for w in widths))
        tail = ["", f"Total: {self.summary}", self.course.cpd_scheme]
        tail += [f"warning: {p}" for p in self.problems]
        return "\n".join(head + body + tail)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        e = html.escape
        learner = e(self.learner) if self.learner else "<em>name not set</em>"
        rows = "".join(
            f"<tr><td>{e(date_time(r))}</td><td>{e(r.activity)}</td><td style='text-align:left'>{e(heading(r, self.course))}</td>"
            f"<td>{e(KIND_LABELS.get(r.kind, r.kind))}</td><td>{r.minutes}</td><td>{e(_fmt(r.points))}</td>"
            f"<td style='text-align:left'>{e(r.evidence_text)}</td></tr>"
            for r in self.records
        ) or "<tr><td colspan='7' style='text-align:left'>No activities recorded yet.</td></tr>"
        problems = "".join(f"<p style='color:#b35806'>&#9888; {e(str(p))}</p>" for p in self.problems)
        return (
            f"<div class='cjm-cpd-record'><h3>CPD record: {e(self.course.title)}</h3>"
            f"<p>Learner: {learner}</p>"
            "<table><thead><tr><th>Date</th><th>Id</th><th>Activity</th><th>Kind</th>"
            "<th>Minutes</th><th>CPD points</th><th>Evidence</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p><strong>Total:</strong> {e(self.summary)}</p>"
            f"<p style='color:#555'>{e(self.course.cpd_scheme)}</p>{problems}</div>"
        )


def cpd_record(name: str | None = None, log: str | Path | None = None) -> CPDRecord:
    """The learner's CPD record; in a notebook it shows as a table."""
    contents = read_log(log)
    return CPDRecord(course=load_course(), records=contents.records, learner=learner_name(name),
                     problems=contents.problems, log=contents.path)


# --- progress page -------------------------------------------------------------

@dataclass(frozen=True)
class ProgressRow:
    id: str
    kind: str
    title: str
    link: str
    minutes: int
    points: float
    done: ActivityRecord | None
    is_next: bool


@dataclass
class Progress:
    """What is done, what is next and the points so far, with links to each notebook."""

    rows: list[ProgressRow]
    record: CPDRecord

    @property
    def next(self) -> ProgressRow | None:
        return next((r for r in self.rows if r.is_next), None)

    @property
    def done(self) -> list[ProgressRow]:
        return [r for r in self.rows if r.done]

    def headline(self) -> str:
        rec = self.record
        return (f"{len(self.done)} of {len(self.rows)} activities done; "
                f"{_fmt(rec.points)} of {_fmt(rec.total_points)} CPD points so far "
                f"(one point per {rec.course.minutes_per_point} minutes of learning).")

    def __str__(self) -> str:
        lines = [self.headline()]
        lines.append(f"Next: {self.next.title} ({self.next.link})" if self.next else
                     "Every activity is done: export your CPD record.")
        for r in self.rows:
            state = (f"done {short_date(r.done)}" if r.done else "next" if r.is_next
                     else "to do" if r.points else "-")
            lines.append(f"  [{state:>16}] {activity_label(r.id, r.kind)}: {r.title} "
                         f"({r.minutes} min, {_fmt(r.points)} pt)")
        lines += [f"warning: {p}" for p in self.record.problems]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        e = html.escape
        nxt = self.next
        if nxt:
            lead = f"<p><strong>Next:</strong> <a href='{e(nxt.link)}'>{e(nxt.title)}</a></p>"
        else:
            lead = "<p><strong>Every activity is done.</strong> Export your CPD record below.</p>"
        body = []
        for r in self.rows:
            if r.done:
                state = f"&#10003; done {e(short_date(r.done))}"
            elif r.is_next:
                state = "<strong>&#9654; next</strong>"
            else:
                state = "to do" if r.points else "&#8212;"
            earned = _fmt(r.points) if r.done else "0"
            body.append(
                f"<tr><td style='text-align:left'>{state}</td><td>{e(activity_label(r.id, r.kind))}</td>"
                f"<td style='text-align:left'><a href='{e(r.link)}'>{e(r.title)}</a></td>"
                f"<td>{r.minutes}</td><td>{e(earned)} of {e(_fmt(r.points))}</td></tr>"
            )
        problems = "".join(f"<p style='color:#b35806'>&#9888; {e(str(p))}</p>" for p in self.record.problems)
        return (
            f"<div class='cjm-progress'><p>{e(self.headline())}</p>{lead}"
            "<table><thead><tr><th>Status</th><th></th><th>Activity</th><th>Minutes</th>"
            f"<th>CPD points</th></tr></thead><tbody>{''.join(body)}</tbody></table>{problems}</div>"
        )


def _relative(from_folder: str, to_path: str) -> str:
    return os.path.relpath(to_path, start=from_folder).replace(os.sep, "/")


def progress(page: str | None = None, log: str | Path | None = None) -> Progress:
    """The progress table; links are relative to the folder of `page` (the progress notebook)."""
    record = cpd_record(log=log)
    course = record.course
    if page is None:
        page = next((a.path for a in course.activities if a.kind == "page"), "lessons/progress.ipynb")
    folder = str(PurePosixPath(page).parent)
    done = {r.activity: r for r in record.records}
    rows, next_found = [], False
    for a in course.activities:
        if a.kind not in RECORDED_KINDS:
            continue
        is_next = not next_found and a.id not in done and a.points > 0
        next_found = next_found or is_next
        rows.append(ProgressRow(a.id, a.kind, a.title, _relative(folder, a.path), a.minutes, a.points,
                                done.get(a.id), is_next))
    return Progress(rows=rows, record=record)
