"""A trainer's overview of a cohort: every submitted map, its checks, scores and common pain points.

    overview = cohort_overview("build/nbgrader/submitted")
    overview.scores()        # one row per learner and map file
    overview.pain_points()   # the most common pain points
    overview.failed_rules()  # the rules most learners' maps break
    overview.figure()        # both as a picture

Reads submitted/<student>/<assignment>/*.json (what `nbgrader collect`
gathers), adds nbgrader's scores when a gradebook is given. A file that is not
a valid map is listed with its problem, never skipped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NO_SUBMISSIONS = "No submissions yet"


@dataclass
class SubmittedMap:
    """One map file a learner handed in, with its checks (or why it cannot be read)."""

    student: str
    assignment: str
    path: Path
    journey_map: Any = None
    problem: str = ""
    findings: list = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.journey_map is not None


def _is_map_file(path: Path) -> bool:
    return path.suffix == ".json" and not path.name.startswith(("solution_", "."))


def _check(item: SubmittedMap) -> None:
    from .checks import check_map
    from .errors import MapFileError
    from .storage import load_map

    try:
        item.journey_map = load_map(item.path)
    except MapFileError as exc:
        item.problem = exc.problem
        return
    current = None
    if item.journey_map.based_on:
        try:
            current = load_map(item.path.parent / item.journey_map.based_on)
        except MapFileError:
            current = None
    item.findings = list(check_map(item.journey_map, current=current).findings)


def read_submissions(folder: str | Path) -> list[SubmittedMap]:
    """Every map file under folder/<student>/<assignment>/, checked."""
    folder = Path(folder)
    found = []
    if not folder.is_dir():
        return found
    for student in sorted(p for p in folder.iterdir() if p.is_dir()):
        for assignment in sorted(p for p in student.iterdir() if p.is_dir()):
            for path in sorted(p for p in assignment.iterdir() if p.is_file() and _is_map_file(p)):
                item = SubmittedMap(student.name, assignment.name, path)
                _check(item)
                found.append(item)
    return found


def gradebook_scores(db_url: str, course_id: str) -> dict[tuple[str, str], tuple[float, float]]:
    """(student, assignment) -> (score, max_score) from an nbgrader gradebook."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(db_url, course_id) as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                scores[(submission.student.id, assignment.name)] = (submission.score, submission.max_score)
    return scores


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()


class CohortOverview:
    """What a cohort handed in, summarised for a trainer."""

    def __init__(self, submissions: list[SubmittedMap], folder: Path,
                 scores: dict[tuple[str, str], tuple[float, float]] | None = None):
        self.submissions = submissions
        self.folder = folder
        self.grades = scores or {}

    @property
    def empty(self) -> bool:
        return not self.submissions

    @property
    def students(self) -> list[str]:
        return sorted({s.student for s in self.submissions})

    def message(self) -> str:
        if self.empty:
            return (f"{NO_SUBMISSIONS} in {self.folder}. Collect them with "
                    "`nbgrader collect ASSIGNMENT`, or look at the sample in trainer/sample_submissions.")
        return (f"{len(self.submissions)} map files from {len(self.students)} learners "
                f"in {self.folder}.")

    def scores(self):
        """One row per learner and map file: what the checks found, and nbgrader's score if known."""
        import pandas as pd

        rows = []
        for s in self.submissions:
            errors = sum(f.severity == "error" for f in s.findings)
            row = {
                "learner": s.student, "assignment": s.assignment, "file": s.path.name,
                "map type": s.journey_map.map_type.value if s.readable else "",
                "stages": len(s.journey_map.stages) if s.readable else 0,
                "touchpoints": len(s.journey_map.touchpoints()) if s.readable else 0,
                "pain points": len(s.journey_map.pain_points()) if s.readable else 0,
                "errors": errors,
                "warnings": sum(f.severity == "warning" for f in s.findings),
                "checks": "pass" if s.readable and not errors else ("unreadable" if not s.readable else "fail"),
                "problem": s.problem,
            }
            if self.grades:
                score = self.grades.get((s.student, s.assignment))
                row["score"] = f"{score[0]:g} of {score[1]:g}" if score else ""
            rows.append(row)
        return pd.DataFrame(rows)

    def pain_points(self, top: int = 10):
        """The most common pain points across the cohort (same words, any case or punctuation)."""
        import pandas as pd

        counts: Counter[str] = Counter()
        wording: dict[str, str] = {}
        learners: dict[str, set[str]] = {}
        severity: dict[str, list[int]] = {}
        for s in self.submissions:
            if not s.readable:
                continue
            for stage, _tp, pain in s.journey_map.pain_points():
                key = _normalise(pain.text)
                counts[key] += 1
                wording.setdefault(key, pain.text)
                learners.setdefault(key, set()).add(s.student)
                severity.setdefault(key, []).append(pain.severity)
        rows = [
            {"pain point": wording[key], "times": n, "learners": len(learners[key]),
             "mean severity": round(sum(severity[key]) / len(severity[key]), 1)}
            for key, n in counts.most_common(top)
        ]
        return pd.DataFrame(rows, columns=["pain point", "times", "learners", "mean severity"])

    def failed_rules(self, severities: tuple[str, ...] = ("error", "warning")):
        """Rules by how many learners' maps break them (an unreadable file counts as 'file')."""
        import pandas as pd

        learners: dict[str, set[str]] = {}
        example: dict[str, str] = {}
        for s in self.submissions:
            if not s.readable:
                learners.setdefault("file", set()).add(s.student)
                example.setdefault("file", s.problem)
            for f in s.findings:
                if f.severity in severities:
                    learners.setdefault(f.rule, set()).add(s.student)
                    example.setdefault(f.rule, f.message)
        rows = sorted(
            ({"rule": rule, "learners": len(who), "example message": example[rule]}
             for rule, who in learners.items()),
            key=lambda row: (-row["learners"], row["rule"]),
        )
        return pd.DataFrame(rows, columns=["rule", "learners", "example message"])

    def figure(self):
        """Two bar charts: rules most often broken, and the most common pain points."""
        import textwrap

        from .draw.figure import new_figure
        from .palette import BLUE, VERMILLION

        rules, pains = self.failed_rules(), self.pain_points(top=8)
        fig = new_figure(12, 4.5)
        fig.set_layout_engine("constrained")
        left, right = fig.subplots(1, 2)
        for ax, table, label, colour, title in (
            (left, rules, "rule", VERMILLION, "Rules broken (learners)"),
            (right, pains, "pain point", BLUE, "Most common pain points (times)"),
        ):
            ax.set_title(title)
            if table.empty:
                ax.text(0.5, 0.5, "none", ha="center", va="center", transform=ax.transAxes)
                ax.set_axis_off()
                continue
            values = table["learners"] if label == "rule" else table["times"]
            names = ["\n".join(textwrap.wrap(str(n), 28)) for n in table[label]]
            ax.barh(range(len(names)), values, color=colour)
            ax.set_yticks(range(len(names)), names, fontsize=8)
            ax.invert_yaxis()
            ax.xaxis.get_major_locator().set_params(integer=True)
        fig.suptitle(f"Cohort: {len(self.students)} learners, {len(self.submissions)} map files")
        return fig

    def _repr_html_(self) -> str:
        import html

        return f"<p><strong>{html.escape(self.message())}</strong></p>"

    def __repr__(self) -> str:
        return self.message()


def cohort_overview(folder: str | Path, db_url: str | None = None, course_id: str | None = None) -> CohortOverview:
    """Read and check every submitted map under folder (and scores from a gradebook, if given)."""
    import os

    folder = Path(folder)
    course_id = course_id or os.environ.get("CJM_COURSE_ID", "cjm-workbook")
    scores = None
    if db_url:
        db_file = db_url.removeprefix("sqlite:///")
        if not db_url.startswith("sqlite:///") or Path(db_file).exists():
            scores = gradebook_scores(db_url, course_id)
    return CohortOverview(read_submissions(folder), folder, scores)
