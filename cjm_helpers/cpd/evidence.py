"""What proves an exercise: the map's title and a summary of it, the date it passed, the reflection answers.

When an exercise passes, `snapshot(evidence)` (called by `record_activity`)
keeps the map file's absolute path and a short summary of the map in the log,
so the record still says what was handed in if the file changes later. The
printed record reads the reflection answers from the exercise notebook beside
the map (the learner's own copy), or the course's copy when there is none.
Everything here is learner text: it is data, escaped wherever it becomes HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

ANSWER_STUB = "YOUR ANSWER HERE"


def map_summary(path: str | Path) -> dict[str, Any] | None:
    """A few facts about a saved map (title, persona, counts, average feeling); None when it cannot be read."""
    from ..storage import load_map

    try:
        journey = load_map(path)
    except Exception:  # noqa: BLE001 - a summary is a bonus; the record never fails for it
        return None
    tps = [tp for _, tp in journey.touchpoints()]
    feelings = [tp.feeling for tp in tps if tp.feeling is not None]
    pains = journey.pain_points()
    summary = {
        "title": journey.title or "Untitled map",
        "map_type": journey.map_type.value,
        "persona": journey.persona.name,
        "stages": len(journey.stages),
        "touchpoints": len(tps),
        "pain_points": len(pains),
        "critical_pain_points": sum(1 for *_, pp in pains if pp.severity == 3),
        "average_feeling": round(sum(feelings) / len(feelings), 1) if feelings else None,
    }
    if journey.map_type.value == "future_state":
        summary["improvements"] = len(journey.improvements)
        summary["deferred"] = len(journey.deferred)
    return summary


def snapshot(evidence: Any) -> Any:
    """Evidence with the map's absolute path and a summary of the map (when it names a readable map file)."""
    if not isinstance(evidence, dict) or not isinstance(evidence.get("map"), str):
        return evidence
    path = Path(evidence["map"]).expanduser()
    if not path.is_file():
        return evidence
    summary = map_summary(path)
    out = dict(evidence, map=str(path.resolve()))
    if summary is not None:
        out["map_summary"] = summary
    return out


def summary_text(summary: dict[str, Any]) -> str:
    """The summary in one plain sentence."""
    parts = [f"{summary.get('stages', 0)} stages", f"{summary.get('touchpoints', 0)} touchpoints",
             f"{summary.get('pain_points', 0)} pain points ({summary.get('critical_pain_points', 0)} critical)"]
    if summary.get("average_feeling") is not None:
        parts.append(f"average feeling {summary['average_feeling']:+.1f}")
    if "improvements" in summary:
        parts.append(f"{summary['improvements']} improvements, {summary.get('deferred', 0)} deferred")
    persona = f"Persona {summary['persona']}; " if summary.get("persona") else ""
    return persona + ", ".join(parts) + "."


def _notebook_cells(notebook: str | Path) -> list[dict]:
    """The cells of a notebook file as plain dicts (source as one string); [] when unreadable.

    Read as JSON: importing nbformat (jsonschema and its grammars) costs seconds,
    and only the cells' text and metadata are needed here."""
    import json

    try:
        data = json.loads(Path(notebook).read_text(encoding="utf-8"))
        cells = data["cells"] if data.get("nbformat") == 4 else None
    except Exception:  # noqa: BLE001 - a missing or damaged notebook leaves the answers out, not the record
        return []
    if not isinstance(cells, list):
        return []
    out = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        meta = cell.get("metadata")
        out.append({"cell_type": cell.get("cell_type"), "source": source if isinstance(source, str) else "",
                    "metadata": meta if isinstance(meta, dict) else {}})
    return out


def reflections(notebook: str | Path) -> list[tuple[str, str]]:
    """(question, answer) for each reflection answer cell of an exercise notebook; [] when unreadable."""
    cells = _notebook_cells(notebook)
    found = []
    for index, cell in enumerate(cells):
        meta = cell["metadata"].get("nbgrader")
        meta = meta if isinstance(meta, dict) else {}
        if cell["cell_type"] != "markdown" or not meta.get("solution") or "reflection" not in str(meta.get("grade_id", "")):
            continue
        question = cells[index - 1]["source"] if index else ""
        answer = cell["source"].replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", "").strip()
        if not answer or answer == ANSWER_STUB:
            answer = "(not answered yet)"
        found.append((" ".join(question.replace("*", "").split()), answer))
    return found


@dataclass
class ExerciseEvidence:
    """The proof of one passed exercise, as the printed record shows it."""

    heading: str
    passed: str                 # the date it passed, e.g. "1 Dec 2026"
    map_title: str
    summary: str
    map_path: Path | None
    reflections: list[tuple[str, str]] = field(default_factory=list)


def exercise_evidence(record) -> list[ExerciseEvidence]:
    """One ExerciseEvidence per passed exercise of a CPDRecord, in the order they passed."""
    from .record import heading, short_date

    out = []
    for r in record.records:
        if r.kind != "exercise":
            continue
        ev = r.evidence if isinstance(r.evidence, dict) else {}
        path = Path(ev["map"]) if isinstance(ev.get("map"), str) else None
        if path is not None and not path.is_absolute():
            path = None  # recorded before paths were kept: unknown folder
        summary = ev.get("map_summary") if isinstance(ev.get("map_summary"), dict) else None
        if summary is None and path is not None and path.is_file():
            summary = map_summary(path)
        try:
            activity = record.course.get(r.activity)
        except KeyError:
            activity = None
        notebook = None
        if activity is not None:
            name = PurePosixPath(activity.path).name
            beside = path.parent / name if path is not None else None
            notebook = beside if beside is not None and beside.is_file() else record.course.root / activity.path
        out.append(ExerciseEvidence(
            heading=heading(r, record.course), passed=short_date(r),
            map_title=(summary or {}).get("title", "(map not found)"),
            summary=summary_text(summary) if summary else "No summary: the map file was not found when printing.",
            map_path=path if path is not None and path.is_file() else None,
            reflections=reflections(notebook) if notebook is not None else [],
        ))
    return out


def thumbnail_png(path: Path, dpi: int = 60) -> bytes | None:
    """A small picture of the map (the drawing for its type); None when it cannot be drawn."""
    import io

    try:
        from ..draw import draw_for

        fig = draw_for(str(path))
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi)
        import matplotlib.pyplot as plt

        plt.close(getattr(fig, "figure", fig))   # a map Drawing: its matplotlib Figure
        return out.getvalue()
    except Exception:  # noqa: BLE001 - no picture is better than no record
        return None
