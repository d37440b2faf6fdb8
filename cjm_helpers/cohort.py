"""A trainer's overview of a cohort: every learner, their marks, their maps' checks and common pain points.

    overview = cohort_overview("build/nbgrader/submitted", db_url=...)
    overview.verdicts()      # one row per learner and exercise: status, nbgrader score, the course's verdict
    overview.no_map()        # who handed in no map, in plain words
    overview.scores()        # one row per learner and map file: what the checks found
    overview.pain_points()   # the most common pain points (each learner's counted once)
    overview.failed_rules()  # the rules most learners' maps break
    overview.figure()        # both as a picture

Reads submitted/<student>/<assignment>/*.json (what `nbgrader collect`
gathers) and, when a gradebook is given, every student and score nbgrader
knows: a learner with no folder is listed as missing, never left out. The
course's verdict and points come from assess.verdict.judge, the same as the
self-check and the autograde. A file that is not a valid map is listed with
its problem. Learner text on the HTML pages goes through escape_text.
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
    return read_gradebook(db_url, course_id)[0]


def read_gradebook(db_url: str, course_id: str) -> tuple[dict[tuple[str, str], tuple[float, float]], list[str], list[str]]:
    """Scores by (student, assignment), every student id and every assignment name nbgrader knows.

    The gradebook passes gradebook_file's checks (a GradebookError names the file and the problem) and is
    then read read-only with the standard library (assess.gradebook_scores: importing nbgrader costs ~3 s)."""
    from .assess.gradebook_scores import read_scores
    from .gradebook_file import check_gradebook

    return read_scores(check_gradebook(db_url))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()


class CohortOverview:
    """What a cohort handed in, summarised for a trainer."""

    def __init__(self, submissions: list[SubmittedMap], folder: Path,
                 scores: dict[tuple[str, str], tuple[float, float]] | None = None,
                 known_students: list[str] = (), known_assignments: list[str] = ()):
        self.submissions = submissions
        self.folder = folder
        self.grades = scores or {}
        self.known_students = list(known_students)
        self.known_assignments = list(known_assignments)
        self._judged: dict[tuple[str, Path], Any] = {}   # the course's verdict of each map, judged once

    def _judge(self, activity_id: str, path: Path):
        """The course's verdict on one handed-in map (assess.verdict.judge), computed once per overview:
        the table of verdicts and the table of scores show the same verdict without judging twice."""
        from .assess.verdict import judge

        key = (activity_id, path)
        if key not in self._judged:
            self._judged[key] = judge(activity_id, path)
        return self._judged[key]

    def _file_verdict(self, item: SubmittedMap) -> str:
        """The course's verdict when the file is the map an exercise marks ("" for other files)."""
        from .assess.criteria import for_notebook

        exercise = for_notebook(item.assignment)
        if exercise is None or item.path.name != exercise.map_file:
            return ""
        verdict = self._judge(exercise.activity_id, item.path)
        return f"{'passed' if verdict.passed else 'not yet'}: {verdict.points} of {verdict.possible}"

    @property
    def empty(self) -> bool:
        return not self.submissions and not self.learners

    @property
    def students(self) -> list[str]:
        return sorted({s.student for s in self.submissions})

    @property
    def learners(self) -> list[str]:
        """Every learner nbgrader knows: gradebook students and submission folders."""
        folders = [p.name for p in self.folder.iterdir() if p.is_dir()] if self.folder.is_dir() else []
        return sorted({*self.known_students, *folders, *(k[0] for k in self.grades)})

    @property
    def assignments(self) -> list[str]:
        """Every exercise handed in or known to the gradebook, in course order."""
        found = {*self.known_assignments, *(k[1] for k in self.grades)}
        if self.folder.is_dir():
            found |= {a.name for p in self.folder.iterdir() if p.is_dir() for a in p.iterdir() if a.is_dir()}
        return sorted(found)

    def verdicts(self):
        """One row per learner and exercise: submitted, graded or missing; nbgrader's score; the course's verdict."""
        import pandas as pd

        from .assess.criteria import for_notebook

        rows = []
        for learner in self.learners:
            for assignment in self.assignments:
                folder = self.folder / learner / assignment
                score = self.grades.get((learner, assignment))
                status = "graded" if score else ("submitted" if folder.is_dir() else "missing")
                row = {"learner": learner, "assignment": assignment, "status": status,
                       "nbgrader score": f"{score[0]:g} of {score[1]:g}" if score else "",
                       "course points": 0, "of": 0, "passed": False, "verdict": ""}
                exercise = for_notebook(assignment)
                if exercise is None:
                    row["verdict"] = "no course criteria for this assignment"
                elif not (folder / exercise.map_file).is_file():
                    row.update({"of": exercise.points, "verdict": f"no map: {exercise.map_file} was not handed in"})
                else:
                    verdict = self._judge(exercise.activity_id, folder / exercise.map_file)
                    row.update({"course points": verdict.points, "of": verdict.possible, "passed": verdict.passed,
                                "verdict": "passed" if verdict.passed else
                                ("not attempted" if not verdict.attempted else
                                 "not yet: " + "; ".join(verdict.problems())[:300])})
                rows.append(row)
        return pd.DataFrame(rows, columns=["learner", "assignment", "status", "nbgrader score", "course points",
                                           "of", "passed", "verdict"])

    def no_map(self, table=None) -> str:
        """Who has no map, in plain words (one line per learner); `table`: verdicts() already computed."""
        table = self.verdicts() if table is None else table
        if table.empty:
            return "No learners yet."
        missing = table[table["verdict"].str.startswith("no map")]
        if missing.empty:
            return "Every learner handed in a map for every exercise."
        lines = [f"{who} has no map for {', '.join(group['assignment'])}"
                 f" ({', '.join(sorted(set(group['status'])))})" for who, group in missing.groupby("learner")]
        return "\n".join(lines)

    def verdicts_html(self) -> str:
        """The verdicts as an HTML table; every learner's text escaped."""
        from .assess.sanitise import escape_text

        table = self.verdicts()
        head = "".join(f"<th>{escape_text(c)}</th>" for c in table.columns)
        body = "".join("<tr>" + "".join(f"<td>{escape_text(v)}</td>" for v in row) + "</tr>"
                       for row in table.itertuples(index=False))
        missing = "".join(f"<li>{escape_text(line)}</li>" for line in self.no_map(table).splitlines())
        return (f'<table class="cjm-cohort"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
                f"<p><strong>No map:</strong></p><ul>{missing}</ul>")

    def message(self) -> str:
        if not self.submissions:
            known = f" ({len(self.learners)} learners known, none handed in a map)" if self.learners else ""
            return (f"{NO_SUBMISSIONS}{known} in {self.folder}. Collect them with "
                    "`nbgrader collect ASSIGNMENT`, or look at the sample in trainer/sample_submissions.")
        return (f"{len(self.submissions)} map files from {len(self.students)} learners "
                f"in {self.folder}; {len(self.learners)} learners in all.")

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
                "course verdict": self._file_verdict(s),
            }
            if row["course verdict"].startswith("not yet") and row["checks"] == "pass":
                row["checks"] = "fail"  # never "pass" beside a mark that is not full
            if self.grades:
                score = self.grades.get((s.student, s.assignment))
                row["score"] = f"{score[0]:g} of {score[1]:g}" if score else ""
            rows.append(row)
        return pd.DataFrame(rows)

    def pain_points(self, top: int = 10):
        """The most common pain points across the cohort: each learner's counted once, in any wording case."""
        import pandas as pd

        wording: dict[str, str] = {}
        learners: dict[str, set[str]] = {}
        severity: dict[str, dict[str, int]] = {}
        for s in self.submissions:
            if not s.readable:
                continue
            for stage, _tp, pain in s.journey_map.pain_points():
                key = _normalise(pain.text)
                wording.setdefault(key, pain.text)
                learners.setdefault(key, set()).add(s.student)
                mine = severity.setdefault(key, {})
                mine[s.student] = max(mine.get(s.student, 0), pain.severity)
        ranked = sorted(learners, key=lambda key: (-len(learners[key]), wording[key]))[:top]
        rows = [
            {"pain point": wording[key], "learners": len(learners[key]),
             "mean severity": round(sum(severity[key].values()) / len(severity[key]), 1)}
            for key in ranked
        ]
        return pd.DataFrame(rows, columns=["pain point", "learners", "mean severity"])

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
        """Two bar charts, rules most often broken and the most common pain points: a Drawing,
        shown as SVG with its text as text (no matplotlib; savefig makes a PNG or PDF)."""
        from .draw.bars import Row, bar_chart
        from .draw.drawing import Drawing
        from .draw.scene import Scene
        from .palette import BLUE, INK, VERMILLION

        scene = Scene(12, 4.5)
        heading = f"Cohort: {len(self.students)} learners, {len(self.submissions)} map files"
        scene.text(6, 0.12, heading, fontsize=12, color=INK, ha="center", va="top", gid="heading")
        described = [heading]
        for k, (table, label, colour, title) in enumerate((
            (self.failed_rules(), "rule", VERMILLION, "Rules broken (learners)"),
            (self.pain_points(top=8), "pain point", BLUE, "Most common pain points (learners)"),
        )):
            pairs = list(zip(table[label], table["learners"])) if not table.empty else []
            rows = [Row(str(name), float(count), colour, note=f"{count:,}") for name, count in pairs]
            bar_chart(scene, (6 * k, 0.35, 6, 4.15), rows, title=title, integer=True, label_size=8,
                      note_size=8, title_size=11, title_align="center", label_chars=28)
            described.append(f"{title}: " + ("; ".join(f"{name} {count}" for name, count in pairs) or "none"))
        return Drawing(scene, description=". ".join(described))

    def _repr_html_(self) -> str:
        from .assess.sanitise import escape_text

        return f"<p><strong>{escape_text(self.message())}</strong></p>"

    def __repr__(self) -> str:
        return self.message()


def cohort_overview(folder: str | Path, db_url: str | None = None, course_id: str | None = None) -> CohortOverview:
    """Read and check every submitted map under folder (and scores from a gradebook, if given)."""
    import os

    folder = Path(folder)
    course_id = course_id or os.environ.get("CJM_COURSE_ID", "cjm-workbook")
    scores, students, assignments = None, [], []
    if db_url:
        db_file = db_url.removeprefix("sqlite:///")
        if not db_url.startswith("sqlite:///") or Path(db_file).exists():
            scores, students, assignments = read_gradebook(db_url, course_id)
    return CohortOverview(read_submissions(folder), folder, scores, students, assignments)
